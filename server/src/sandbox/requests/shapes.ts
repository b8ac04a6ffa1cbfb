// Request bodies checked the way the server's Jackson + bean validation do, in that order:
// 1. mapping (Jackson): unknown property, wrong JSON type, bad enum value, malformed uuid/uri →
//    400 "Invalid request format"; scalars are coerced to strings, as Jackson does;
// 2. constraints (bean validation): required, pattern, size → 400 "[name must not be null, …]".
// Defaults of the generated Java classes (a tag label's `labelType: Manual`…) are filled in.
import { constraintViolations, invalidRequestFormat } from '../http/apiError';

export type Spec =
  | {
      kind: 'string';
      required?: boolean;
      /** JavaScript regex source (Unicode mode); `patternText` is how the message shows it. */
      pattern?: string;
      patternText?: string;
      minLength?: number;
      maxLength?: number;
      format?: 'uuid' | 'uri';
    }
  | { kind: 'integer'; required?: boolean }
  | { kind: 'number'; required?: boolean }
  | { kind: 'boolean'; required?: boolean }
  | { kind: 'enum'; values: readonly string[]; required?: boolean; default?: string }
  /** `open`: the schema allows other properties (no `additionalProperties: false`). */
  | { kind: 'object'; fields: Readonly<Record<string, Spec>>; required?: boolean; open?: boolean }
  | { kind: 'array'; items: Spec; required?: boolean }
  | { kind: 'any'; required?: boolean };

class MappingError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What java.net.URI refuses: whitespace and a few delimiters that must be escaped. */
const NOT_URI = /[\s<>"{}|\\^`]/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Jackson's lenient scalar handling: the value as it lands in the Java field. */
function mapScalar(spec: Spec, value: unknown): unknown {
  switch (spec.kind) {
    case 'string':
      if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
      if (typeof value !== 'string') throw new MappingError();
      if (spec.format === 'uuid' && !UUID.test(value)) throw new MappingError();
      if (spec.format === 'uri' && NOT_URI.test(value)) throw new MappingError();
      return value;
    case 'integer': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw new MappingError();
      return n;
    }
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new MappingError();
      return n;
    }
    case 'boolean':
      if (value === 'true' || value === 'false') return value === 'true';
      if (typeof value !== 'boolean') throw new MappingError();
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) throw new MappingError();
      return value;
    default:
      return value;
  }
}

function map(spec: Spec, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (spec.kind === 'object') {
    if (!isObject(value)) throw new MappingError();
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const field = spec.fields[key];
      if (!field && !spec.open) throw new MappingError();
      out[key] = field ? map(field, v) : v;
    }
    for (const [key, field] of Object.entries(spec.fields)) {
      if (field.kind === 'enum' && field.default !== undefined && out[key] === undefined) out[key] = field.default;
    }
    return out;
  }
  if (spec.kind === 'array') {
    if (!Array.isArray(value)) throw new MappingError();
    return value.map((item) => map(spec.items, item));
  }
  if (spec.kind === 'any') return value;
  return mapScalar(spec, value);
}

/** Bean-validation violations, each "<property> <constraint message>" (last path node only). */
function violations(spec: Spec, value: unknown, name: string, out: string[]): void {
  if (value === null || value === undefined) {
    if (spec.required) out.push(`${name} must not be null`);
    return;
  }
  if (spec.kind === 'object') {
    const obj = value as Record<string, unknown>;
    for (const [key, field] of Object.entries(spec.fields)) violations(field, obj[key], key, out);
  } else if (spec.kind === 'array') {
    for (const item of value as unknown[]) violations(spec.items, item, name, out);
  } else if (spec.kind === 'string') {
    const s = value as string;
    if (spec.minLength !== undefined || spec.maxLength !== undefined) {
      const length = [...s].length;
      const min = spec.minLength ?? 0;
      const max = spec.maxLength ?? 2147483647;
      if (length < min || length > max) out.push(`${name} size must be between ${min} and ${max}`);
    }
    if (spec.pattern !== undefined && !new RegExp(spec.pattern, 'u').test(s)) {
      out.push(`${name} must match "${spec.patternText ?? spec.pattern}"`);
    }
  }
}

/** The body as the server's Java object would hold it, or the 400 the server answers. */
export function checkBody<T>(spec: Spec, body: unknown): T {
  let mapped: unknown;
  try {
    mapped = map(spec, body);
  } catch (error) {
    if (error instanceof MappingError) throw invalidRequestFormat();
    throw error;
  }
  if (mapped === null || mapped === undefined) throw invalidRequestFormat();
  const found: string[] = [];
  violations(spec, mapped, '', found);
  if (found.length) throw constraintViolations(found);
  return mapped as T;
}
