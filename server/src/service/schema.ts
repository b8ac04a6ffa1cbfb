// The authoring schema (schemas/mlmodel.schema.json): its validators, precompiled at build time
// (./generated/validators.ts), and a navigator that finds the sub-schema for a path, for messages,
// completion and hover.
//
// Validation is split so an edit revalidates only what changed: `validateFeature` checks one
// `mlFeatures` item (its result is cached per item node), `validateModelFields` the rest of the model
// with `mlFeatures` items left out.

import type { ErrorObject, ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/mlmodel.schema.json';
import { anyOfAlternatives, feature, model } from './generated/validators';

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

export const validateModelFields = model as unknown as ValidateFunction;
export const validateFeature = feature as unknown as ValidateFunction;

/**
 * The alternatives of the anyOf that the value at `path` must match (a reference, an owner, a
 * tag), each with the validator that checks a value against it alone.
 */
export function anyOfAt(path: readonly (string | number)[]): Array<{ schema: JsonSchema; validate: ValidateFunction }> | undefined {
  let schema = schemaAtPath(path);
  let pointer = '';
  for (let i = 0; schema?.$ref && i < 10; i++) {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    pointer = `/definitions/${name}`;
    schema = MODEL_SCHEMA.definitions?.[name];
  }
  if (!schema?.anyOf || !pointer) return undefined;
  return schema.anyOf.map((branch, i) => ({ schema: branch, validate: (anyOfAlternatives as unknown as Record<string, ValidateFunction>)[`${pointer}/anyOf/${i}`] }));
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
