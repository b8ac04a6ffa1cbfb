// Reading an MLflow `MLmodel` file: the YAML MLflow's `Model.to_yaml` writes (mlflow/models/model.py),
// whose signature holds its inputs and outputs as JSON text (`Schema.to_json`, mlflow/types/schema.py).
// Only what the import uses is read; everything else in the file is ignored.

import { isScalar, parseDocument, type Document } from 'yaml';

/** A type in a signature, as MLflow writes it. */
export type MlflowType =
  | { kind: 'column'; type: string } // boolean integer long float double string binary datetime (or a newer one)
  | { kind: 'array'; items: MlflowType }
  | { kind: 'object'; properties: string[] }
  | { kind: 'map'; values: MlflowType }
  | { kind: 'tensor'; dtype: string; shape: Array<number | null> }
  | { kind: 'any' }
  | { kind: 'sparkml_vector' };

/** One input or output of the signature (a `ColSpec` or a `TensorSpec`). */
export interface MlflowSpec {
  name?: string;
  type: MlflowType;
}

export interface MlflowModelFile {
  /** Flavor name → its configuration, in the file's order (MLflow writes them sorted). */
  flavors: Array<{ name: string; config: Record<string, unknown> }>;
  /** Absent when the model was saved without a signature. */
  signature?: { inputs: MlflowSpec[]; outputs?: MlflowSpec[] };
  artifactPath?: string;
  runId?: string;
  /** MLflow 3: the logged model's id (`m-…`). */
  modelId?: string;
  mlflowVersion?: string;
  utcTimeCreated?: string;
  /** User-defined metadata (`log_model(metadata=…)`). */
  metadata?: Record<string, unknown>;
}

/** The file is not an MLmodel file the import can read: `message` says what is wrong. */
export class MlmodelFileError extends Error {}

export function readMlmodelFile(text: string): MlflowModelFile {
  const document = parseDocument(text);
  // The first line of the parser's message names the problem and its line and column.
  const yamlError = document.errors[0];
  if (yamlError) throw new MlmodelFileError(`not valid YAML: ${yamlError.message.split('\n')[0].replace(/:$/, '')}`);
  const root: unknown = document.toJS({ maxAliasCount: 100 });
  if (!isRecord(root)) throw new MlmodelFileError('not an MLmodel file: expected a YAML mapping with `flavors`');
  const flavors = root.flavors;
  if (flavors === undefined || flavors === null) throw new MlmodelFileError('no `flavors`: an MLmodel file lists the flavors its model can be loaded as (e.g. `sklearn`, `python_function`)');
  if (!isRecord(flavors) || !Object.keys(flavors).length) throw new MlmodelFileError('`flavors` must be a mapping of flavor names to their configuration, with at least one flavor');

  return {
    flavors: Object.entries(flavors).map(([name, config]) => ({ name, config: isRecord(config) ? config : {} })),
    signature: readSignature(root.signature),
    artifactPath: stringField(document, 'artifact_path'),
    runId: stringField(document, 'run_id'),
    modelId: stringField(document, 'model_id'),
    mlflowVersion: stringField(document, 'mlflow_version'),
    utcTimeCreated: stringField(document, 'utc_time_created'),
    metadata: isRecord(root.metadata) ? root.metadata : undefined,
  };
}

function readSignature(signature: unknown): MlflowModelFile['signature'] {
  if (signature === undefined || signature === null) return undefined;
  if (!isRecord(signature)) throw new MlmodelFileError('`signature` must be a mapping with `inputs` and `outputs`');
  // A signature without inputs (possible for some GenAI flavors) describes no features.
  const inputs = readSchema(signature.inputs, 'signature.inputs') ?? [];
  return { inputs, outputs: readSchema(signature.outputs, 'signature.outputs') };
}

/**
 * A schema as MLflow stores it: JSON text in a YAML string. A list written as YAML (by hand) is
 * accepted too, since it means the same thing.
 */
function readSchema(value: unknown, field: string): MlflowSpec[] | undefined {
  if (value === undefined || value === null) return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (e) {
      throw new MlmodelFileError(`\`${field}\` is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!Array.isArray(parsed)) throw new MlmodelFileError(`\`${field}\` must be a JSON list of columns or tensors`);
  return parsed.map((entry, i) => readSpec(entry, `${field}[${i}]`));
}

function readSpec(entry: unknown, where: string): MlflowSpec {
  if (!isRecord(entry)) throw new MlmodelFileError(`\`${where}\` must be an object with a \`type\``);
  const name = entry.name;
  if (name !== undefined && name !== null && typeof name !== 'string' && typeof name !== 'number') throw new MlmodelFileError(`\`${where}.name\` must be a string`);
  return { name: name === undefined || name === null ? undefined : String(name), type: readType(entry, where) };
}

function readType(entry: unknown, where: string): MlflowType {
  if (!isRecord(entry) || typeof entry.type !== 'string') throw new MlmodelFileError(`\`${where}\` has no \`type\``);
  switch (entry.type) {
    case 'tensor': {
      const spec = entry['tensor-spec'];
      if (!isRecord(spec) || typeof spec.dtype !== 'string' || !Array.isArray(spec.shape)) throw new MlmodelFileError(`\`${where}\` is a tensor without a \`tensor-spec\` giving its \`dtype\` and \`shape\``);
      return { kind: 'tensor', dtype: spec.dtype, shape: spec.shape.map((d) => (typeof d === 'number' ? d : null)) };
    }
    case 'array':
      return { kind: 'array', items: readType(entry.items, `${where}.items`) };
    case 'map':
      return { kind: 'map', values: readType(entry.values, `${where}.values`) };
    case 'object':
      if (!isRecord(entry.properties)) throw new MlmodelFileError(`\`${where}\` is an object without \`properties\``);
      return { kind: 'object', properties: Object.keys(entry.properties) };
    case 'any':
      return { kind: 'any' };
    case 'sparkml_vector':
      return { kind: 'sparkml_vector' };
    default:
      return { kind: 'column', type: entry.type };
  }
}

/**
 * A top-level string, as written. PyYAML writes a run id such as `1234e567` unquoted (to YAML 1.1 a
 * float needs a dot) and this parser would read it as a number: the source text is the id.
 */
function stringField(document: Document, key: string): string | undefined {
  const node = document.get(key, true);
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value || undefined;
  return node.type === 'PLAIN' && typeof node.value === 'number' && node.source ? node.source : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
