// The authoring schema (schemas/mlmodel.schema.json): compiled validators and a navigator that
// finds the sub-schema for a path, for completion and hover.
//
// Validation is split so an edit revalidates only what changed: `validateFeature` checks one
// `mlFeatures` item (its result is cached per item node), `validateModel` the rest of the model
// with `mlFeatures` items left out.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schemaJson from '../../../schemas/mlmodel.schema.json';

export type JsonSchema = {
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  pattern?: string;
  patternMessage?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  definitions?: Record<string, JsonSchema>;
};

export const MODEL_SCHEMA = schemaJson as JsonSchema;
const SCHEMA_ID = 'mlmodel';

/** The model schema without `mlFeatures` items, which are validated one by one. */
function withoutFeatureItems(schema: JsonSchema & { $id?: string }): JsonSchema {
  const { $id: _id, ...rest } = schema;
  const { items: _items, ...features } = rest.properties!.mlFeatures;
  return { ...rest, properties: { ...rest.properties, mlFeatures: features } };
}

export interface SchemaValidators {
  validateModel: ValidateFunction;
  validateFeature: ValidateFunction;
  /** A validator for an arbitrary pointer into the schema (anyOf branches), compiled on first use. */
  validatorAt(pointer: string): ValidateFunction;
  /** JSON pointer of a schema object inside the model schema, for errors carrying `parentSchema`. */
  pointerOf(schema: object): string | undefined;
}

let validators: SchemaValidators | undefined;

export function schemaValidators(): SchemaValidators {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['uri', 'url', 'uuid']);
  // A human explanation of a pattern, used in messages instead of the regular expression.
  ajv.addKeyword({ keyword: 'patternMessage', schemaType: 'string' });
  ajv.addSchema(MODEL_SCHEMA, SCHEMA_ID);
  const shallow = withoutFeatureItems(MODEL_SCHEMA);
  const pointers = new WeakMap<object, string>();
  indexPointers(MODEL_SCHEMA, '', pointers);
  // The shallow copy shares every sub-schema object with the full one but these two.
  pointers.set(shallow, '');
  pointers.set(shallow.properties!.mlFeatures, '/properties/mlFeatures');
  const cache = new Map<string, ValidateFunction>();
  validators = {
    validateModel: ajv.compile(shallow),
    validateFeature: ajv.getSchema(`${SCHEMA_ID}#/definitions/mlFeature`)!,
    validatorAt(pointer: string): ValidateFunction {
      let v = cache.get(pointer);
      if (!v) {
        v = ajv.getSchema(`${SCHEMA_ID}#${pointer}`)!;
        cache.set(pointer, v);
      }
      return v;
    },
    pointerOf: (schema) => pointers.get(schema),
  };
  return validators;
}

function indexPointers(schema: unknown, pointer: string, out: WeakMap<object, string>): void {
  if (!schema || typeof schema !== 'object') return;
  out.set(schema, pointer);
  for (const [k, v] of Object.entries(schema)) {
    if (v && typeof v === 'object') indexPointers(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
}

export type { ErrorObject };

// ---------------------------------------------------------------- navigation

/** Follow `$ref`s to the schema that has the content. */
export function resolveRef(schema: JsonSchema | undefined): JsonSchema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) {
    const target = s.$ref.replace(/^#\/definitions\//, '');
    const resolved: JsonSchema | undefined = MODEL_SCHEMA.definitions?.[target];
    // Keep the referring schema's own description: it is specific to the field.
    s = resolved && s.description ? { ...resolved, description: s.description } : resolved;
  }
  return s;
}

/** The alternatives a value may take: a schema's anyOf branches, or the schema itself. */
export function alternatives(schema: JsonSchema | undefined): JsonSchema[] {
  const s = resolveRef(schema);
  if (!s) return [];
  if (s.anyOf) return s.anyOf.flatMap((b) => alternatives(b));
  return [s];
}

/** The raw `{id, type}` reference form: accepted for round-tripping, but not offered in completion. */
export function isRawReference(schema: JsonSchema): boolean {
  return schema === MODEL_SCHEMA.definitions?.entityReference;
}

/** The schema of the value at `path` (keys and indexes), or undefined when the schema has none. */
export function schemaAtPath(path: readonly (string | number)[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = MODEL_SCHEMA;
  for (const seg of path) {
    const options = alternatives(schema);
    schema = undefined;
    for (const option of options) {
      const next = typeof seg === 'number' ? option.items : option.properties?.[seg];
      if (next) {
        schema = next;
        break;
      }
    }
    if (!schema) return undefined;
  }
  return schema;
}

export function typeList(schema: JsonSchema): string[] {
  const s = resolveRef(schema);
  if (!s?.type) return [];
  return Array.isArray(s.type) ? s.type : [s.type];
}
