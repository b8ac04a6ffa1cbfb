// The upstream OpenMetadata schemas (../shared/openmetadata/schema), compiled with ajv the way
// shared/openmetadata/tools/validate-schemas.cjs shows. Tests only: the product never reads ../shared.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const UPSTREAM_SCHEMAS = join(__dirname, '..', '..', '..', '..', 'shared', 'openmetadata', 'schema', 'json', 'schema');

let ajv: Ajv | undefined;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function upstreamAjv(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({
    strict: false,
    validateSchema: false,
    allErrors: true,
    // Versions like 0.3 are multiples of 0.1, but not in floating point without a tolerance.
    multipleOfPrecision: 10,
    code: {
      // Java's (?U) inline flag has no JavaScript spelling: the `u` flag is the same intent.
      regExp: ((pattern: string, flags: string) => new RegExp(pattern.replace('(?U)', ''), flags.includes('u') ? flags : flags + 'u')) as never,
    },
  });
  addFormats(ajv);
  for (const format of ['utc-millisec', 'timezone', 'queryBuilder']) ajv.addFormat(format, true);
  for (const file of walk(UPSTREAM_SCHEMAS)) {
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    delete schema.$id;
    ajv.addSchema(schema, 'om:/' + relative(UPSTREAM_SCHEMAS, file).split('\\').join('/'));
  }
  return ajv;
}

/** A validator for an upstream schema, by its path under schema/json/schema (e.g. `api/data/createMlModel.json`). */
export function upstreamValidator(path: string): ValidateFunction {
  const v = upstreamAjv().getSchema('om:/' + path);
  if (!v) throw new Error(`no upstream schema ${path}`);
  return v;
}
