// An MLflow `MLmodel` file → the text of a `*.mlmodel.yaml` file, with a comment on each value saying
// where it came from, and warnings for what the user still has to decide. Pure: the caller reads
// and writes files.

import { basename, dirname } from 'node:path';
import type { MlflowImportResult } from '../shared/mlflow';
import { readMlmodelFile, MlmodelFileError, type MlflowModelFile, type MlflowSpec, type MlflowType } from './mlmodelFile';

export interface MlflowSource {
  /** The MLmodel file as the user named it, for the header comment. */
  file: string;
  /** The absolute path of the folder holding it: its name is the fallback model name, and the
   *  folder is the model's storage when the file names no run and no artifact URI. */
  folder: string;
}

export function importMlflow(text: string, source: MlflowSource): MlflowImportResult {
  let file: MlflowModelFile;
  try {
    file = readMlmodelFile(text);
  } catch (e) {
    if (e instanceof MlmodelFileError) return { ok: false, message: e.message };
    throw e;
  }
  const converted = convert(file, source);
  return { ok: true, ...converted, fileName: `${fileNameFor(converted.name)}.mlmodel.yaml` };
}

/** A model name as a file name: path separators and characters shells trip on become `_`. */
function fileNameFor(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'model';
}

/** Metadata keys that may carry the model's registered name (`log_model(metadata=…)`). */
const NAME_METADATA_KEYS = ['registered_model_name', 'name'];

function convert(file: MlflowModelFile, source: MlflowSource): { name: string; text: string; warnings: string[] } {
  const warnings: string[] = [];
  const out = new Writer();

  out.comment(`Imported from the MLflow model ${oneLine(source.file)} by \`mlmodel import-mlflow\`.`);
  const about = [file.mlflowVersion && `MLflow ${file.mlflowVersion}`, file.runId && `run ${file.runId}`, file.modelId && `model ${file.modelId}`, file.utcTimeCreated && `created ${file.utcTimeCreated} UTC`].filter(Boolean);
  if (about.length) out.comment(`${about.join(', ')}.`);
  if (file.signature?.inputs.length) {
    out.comment('Complete each feature\'s sources from the catalog: uncomment its `featureSources`, then');
    out.comment('complete `dataSource` (a table) and `name` (its column): completion lists both.');
  }
  out.blank();

  const name = modelName(file, source);
  if (name.from === 'folder') warnings.push(`The name \`${name.value}\` is the folder's; rename the model as it should be known in OpenMetadata.`);
  if (name.from === 'model_id') warnings.push(`The name \`${name.value}\` is the logged model's id; rename the model as it should be known in OpenMetadata.`);
  out.comment(
    name.from === 'folder'
      ? `name: the MLmodel folder's name (the file names no model); rename it if needed`
      : name.from === 'model_id'
        ? `name: the logged model's id (an MLflow 3 MLmodel file does not carry the name it was logged under); rename it`
        : `name: from \`metadata.${name.from}\``,
  );
  out.field(0, 'name', name.value);

  const algorithm = algorithmOf(file);
  out.comment(`algorithm: ${algorithm.note}`);
  out.field(0, 'algorithm', algorithm.value);

  // Publishing needs a service, and the MLmodel file cannot say which one the catalog knows it by.
  out.comment('service: the ML model service to publish to (needed to publish; completion lists them), e.g.');
  out.comment('service: mlflow_svc');

  const target = targetOf(file, warnings);
  if (target.value !== undefined) out.comment(`target: ${target.note}`).field(0, 'target', target.value);
  else if (target.note) out.comment(`target: ${target.note}`);

  const storage = storageOf(file, source);
  out.line(0, 'mlStore:');
  out.comment(`storage: ${storage.note}`, 1);
  out.field(1, 'storage', storage.value);

  writeFeatures(out, file, warnings);
  return { name: name.value, text: out.text(), warnings };
}

// ---------------------------------------------------------------- name

function modelName(file: MlflowModelFile, source: MlflowSource): { value: string; from: string } {
  for (const key of NAME_METADATA_KEYS) {
    const value = file.metadata?.[key];
    if (typeof value === 'string' && validName(value)) return { value: value.trim(), from: key };
  }
  // MLflow 3 logs every model into `<model id>/artifacts/`: that folder's name says nothing.
  if (file.modelId && validName(file.modelId) && basename(source.folder) === 'artifacts' && basename(dirname(source.folder)) === file.modelId) {
    return { value: file.modelId, from: 'model_id' };
  }
  const folder = basename(source.folder);
  return { value: validName(folder) ? folder : 'mlflow_model', from: 'folder' };
}

/** An OpenMetadata entity name: 1 to 256 characters, without `::` or a line break (its pattern's `.` matches none). */
function validName(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= 256 && !trimmed.includes('::') && !LINE_BREAKS.test(trimmed);
}

const LINE_BREAKS = /[\n\r\u2028\u2029]/;

// ---------------------------------------------------------------- algorithm

/** Readable names of MLflow's built-in flavors, for flavors whose configuration names no class. */
const FLAVOR_NAMES: Record<string, string> = {
  sklearn: 'scikit-learn',
  pytorch: 'PyTorch',
  tensorflow: 'TensorFlow',
  keras: 'Keras',
  xgboost: 'XGBoost',
  lightgbm: 'LightGBM',
  catboost: 'CatBoost',
  spark: 'Spark ML',
  statsmodels: 'statsmodels',
  prophet: 'Prophet',
  pmdarima: 'pmdarima ARIMA',
  onnx: 'ONNX',
  h2o: 'H2O',
  paddle: 'PaddlePaddle',
  spacy: 'spaCy',
  fastai: 'fastai',
  transformers: 'Transformers',
  sentence_transformers: 'Sentence Transformers',
  langchain: 'LangChain',
  openai: 'OpenAI',
  mleap: 'MLeap',
};

/** Configuration keys in which flavors name the trained class (xgboost and lightgbm `model_class`,
 *  catboost `model_type`, transformers `pipeline_model_type`). */
const CLASS_KEYS = ['model_class', 'model_type', 'pipeline_model_type'];

const PYFUNC = 'python_function';

/**
 * The most specific flavor's algorithm: the class it names, else the flavor's readable name. Of
 * several flavors besides `python_function`, one naming a class wins, then the one
 * `python_function` loads with (`loader_module: mlflow.<flavor>`), then the first.
 */
function algorithmOf(file: MlflowModelFile): { value: string; note: string } {
  const flavors = file.flavors.filter((f) => f.name !== PYFUNC);
  const loader = file.flavors.find((f) => f.name === PYFUNC)?.config.loader_module;
  const loaderFlavor = typeof loader === 'string' && loader.startsWith('mlflow.') ? loader.slice('mlflow.'.length) : undefined;
  const chosen = flavors.find((f) => classOf(f.config)) ?? flavors.find((f) => f.name === loaderFlavor) ?? flavors[0];
  if (!chosen) {
    // Only python_function: a custom Python model (`mlflow.pyfunc.log_model(python_model=…)`).
    const custom = loaderFlavor === undefined || loaderFlavor.startsWith('pyfunc');
    return custom
      ? { value: 'Custom Python model', note: `the only flavor is python_function${loader ? ` (loader ${oneLine(String(loader))})` : ''}: name the algorithm it implements` }
      : { value: readableFlavor(loaderFlavor), note: `the python_function flavor's loader, ${oneLine(String(loader))}` };
  }
  const readable = readableFlavor(chosen.name);
  const version = chosen.config[`${chosen.name}_version`] ?? chosen.config[`${shortFlavor(chosen.name)}_version`];
  const versionNote = typeof version === 'string' || typeof version === 'number' ? ` ${version}` : '';
  const named = classOf(chosen.config);
  if (named) {
    const className = named.value.split('.').pop()!;
    // A bare `Booster` says less than the library it comes from.
    const value = className === 'Booster' ? `${readable} Booster` : className;
    return { value, note: `the ${chosen.name} flavor's ${named.key}, ${oneLine(named.value)}` };
  }
  return { value: readable, note: `the ${chosen.name} flavor${versionNote}; the MLmodel file does not name the model's class (e.g. RandomForestClassifier): write it here if you know it` };
}

function classOf(config: Record<string, unknown>): { key: string; value: string } | undefined {
  for (const key of CLASS_KEYS) {
    const value = config[key];
    if (typeof value === 'string' && value.trim()) return { key, value: value.trim() };
  }
  return undefined;
}

function readableFlavor(flavor: string): string {
  return FLAVOR_NAMES[flavor] ?? flavor;
}

/** Flavors whose version key is abbreviated: xgboost writes `xgb_version`, lightgbm `lgb_version`. */
function shortFlavor(flavor: string): string {
  return flavor === 'xgboost' ? 'xgb' : flavor === 'lightgbm' ? 'lgb' : flavor;
}

// ---------------------------------------------------------------- target and storage

function targetOf(file: MlflowModelFile, warnings: string[]): { value?: string; note?: string } {
  const outputs = file.signature?.outputs;
  if (!file.signature) return { note: 'the MLmodel file has no signature; write the value the model estimates, if it has one' };
  if (!outputs?.length) return { note: 'the signature has no outputs; write the value the model estimates, if it has one' };
  if (outputs.length > 1) {
    warnings.push(`The signature has ${outputs.length} outputs; no target was set.`);
    return { note: `the signature has ${outputs.length} outputs (${outputs.map((o, i) => o.name ?? `#${i}`).join(', ')}); a model has one target: write it here if it has one` };
  }
  const [output] = outputs;
  if (output.name === undefined || !output.name.trim()) {
    warnings.push('The signature\'s only output is unnamed; no target was set.');
    return { note: `the signature's only output is unnamed (${describe(output.type)}); write the name of the value it estimates` };
  }
  if (!validName(output.name)) {
    warnings.push(`The signature's only output, ${oneLine(JSON.stringify(output.name))}, is not a valid OpenMetadata name; no target was set.`);
    return { note: `the signature's only output, ${oneLine(JSON.stringify(output.name))}, is not a valid OpenMetadata name: write the target's name` };
  }
  return { value: output.name, note: `the signature's only output (${describe(output.type)})` };
}

function storageOf(file: MlflowModelFile, source: MlflowSource): { value: string; note: string } {
  const artifact = file.artifactPath;
  // MLflow 3 writes the logged model's artifact location, a URI; MLflow 2 a path within its run.
  if (artifact && /^[a-z][a-z0-9+.-]*:\//i.test(artifact)) return { value: artifact, note: 'the MLmodel file\'s artifact_path, the model\'s artifact location' };
  if (artifact && file.runId) return { value: `runs:/${file.runId}/${artifact}`, note: `run ${file.runId}, artifact path ${oneLine(artifact)}` };
  if (file.modelId) return { value: `models:/${file.modelId}`, note: `the logged model ${file.modelId}` };
  return { value: source.folder, note: 'the folder of the MLmodel file (it names no run and no artifact URI: the model was saved, not logged)' };
}

// ---------------------------------------------------------------- features

const CATEGORICAL = new Set(['string', 'boolean']);
const NUMERICAL = new Set(['integer', 'long', 'float', 'double']);

function writeFeatures(out: Writer, file: MlflowModelFile, warnings: string[]): void {
  const inputs = file.signature?.inputs ?? [];
  if (!inputs.length) {
    warnings.push(file.signature ? 'The signature has no inputs: no features were written.' : 'The MLmodel file has no signature: no features were written; add them by hand.');
    out.comment(`mlFeatures: ${file.signature ? 'the signature has no inputs' : 'the MLmodel file has no signature'}, so the model's inputs are unknown. One per input:`);
    out.comment('mlFeatures:');
    out.comment('  - name: ');
    out.comment('    dataType: numerical');
    return;
  }
  out.comment('mlFeatures: the signature\'s inputs, in order');
  out.line(0, 'mlFeatures:');
  const used = new Set<string>();
  const undecided: string[] = [];
  inputs.forEach((input, i) => {
    const name = featureName(input, i, used);
    out.line(1, `- name: ${scalar(name.value)}${name.note ? `  # ${name.note}` : ''}`);
    const dataType = featureType(input.type);
    if (dataType) out.line(2, `dataType: ${dataType}  # MLflow ${describe(input.type)}`);
    else {
      undecided.push(name.value);
      out.comment(`dataType left out: MLflow ${describe(input.type)} ${whyUndecided(input.type)}`, 2);
    }
    out.comment('featureSources:', 2);
    out.comment(`  - name: ${scalar(name.value)}`, 2);
    out.comment('    dataSource: ', 2);
  });
  if (undecided.length) warnings.push(`No dataType for ${undecided.map((n) => `\`${n}\``).join(', ')}: ${undecided.length === 1 ? 'its MLflow type is' : 'their MLflow types are'} neither numerical nor categorical.`);
}

/** The feature's name: the input's, made unique and valid; an unnamed input takes MLflow's index. */
function featureName(input: MlflowSpec, index: number, used: Set<string>): { value: string; note?: string } {
  let value = input.name?.trim() ?? '';
  let note: string | undefined;
  if (!value) {
    value = `input_${index}`;
    note = `unnamed in the signature (input ${index}); rename it`;
  } else if (!validName(value)) {
    value = value.replaceAll('::', '_').replace(/\s+/g, ' ').slice(0, 256).trim();
    note = `the signature's name ${oneLine(JSON.stringify(input.name))} is not a valid OpenMetadata name`;
  }
  if (used.has(value)) {
    let n = 2;
    while (used.has(`${value}_${n}`)) n++;
    note = `the signature names another input ${oneLine(value)} too`;
    value = `${value}_${n}`;
  }
  used.add(value);
  return { value, note };
}

function featureType(type: MlflowType): 'numerical' | 'categorical' | undefined {
  if (type.kind !== 'column') return undefined;
  if (CATEGORICAL.has(type.type)) return 'categorical';
  if (NUMERICAL.has(type.type)) return 'numerical';
  return undefined;
}

function whyUndecided(type: MlflowType): string {
  switch (type.kind) {
    case 'column':
      if (type.type === 'datetime') return 'is neither numerical nor categorical until it is encoded (e.g. as a day of week): set dataType to match';
      if (type.type === 'binary') return 'is raw bytes, neither numerical nor categorical: set dataType if the model reads them as one';
      return 'is not a type this import knows: set dataType if it is numerical or categorical';
    case 'tensor':
    case 'array':
    case 'sparkml_vector':
      return 'holds many values, not one: set dataType if they are all one kind, or list one feature per value';
    case 'object':
    case 'map':
      return 'holds named values, not one: set dataType if they are all one kind, or list one feature per value';
    case 'any':
      return 'gives no type: set dataType once you know it';
  }
}

/** A type as a person reads it: `double`, `array of string`, `tensor float32 [-1, 28, 28]`. */
function describe(type: MlflowType): string {
  switch (type.kind) {
    case 'column':
      return oneLine(type.type);
    case 'array':
      return `array of ${describe(type.items)}`;
    case 'map':
      return `map of ${describe(type.values)}`;
    case 'object':
      return `object {${oneLine(type.properties.join(', '))}}`;
    case 'tensor':
      return `tensor ${oneLine(type.dtype)} [${type.shape.map((d) => d ?? '?').join(', ')}]`;
    case 'any':
      return 'any';
    case 'sparkml_vector':
      return 'Spark ML vector';
  }
}

// ---------------------------------------------------------------- writing

/** Lines of YAML, two spaces per level, comments on their own lines. */
class Writer {
  private readonly lines: string[] = [];

  line(level: number, text: string): this {
    this.lines.push(`${'  '.repeat(level)}${text}`);
    return this;
  }

  field(level: number, key: string, value: string): this {
    return this.line(level, `${key}: ${scalar(value)}`);
  }

  comment(text: string, level = 0): this {
    return this.line(level, `# ${oneLine(text)}`.trimEnd());
  }

  blank(): this {
    this.lines.push('');
    return this;
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/**
 * A string as a YAML scalar: plain when it reads the same in every YAML version (letters, digits,
 * spaces and a few punctuation marks; a `:` or `#` only where they cannot start a value or a
 * comment), otherwise double-quoted, which JSON's string syntax is a subset of.
 */
function scalar(value: string): string {
  const plain =
    /^[A-Za-z_/][\w .()/:+@-]*$/.test(value) && !/ $/.test(value) && !/:( |$)/.test(value) && !/ #/.test(value) && !RESERVED.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Text fit for a one-line comment. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}
