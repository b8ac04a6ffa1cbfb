// OpenMetadata's upstream material (its JSON Schemas and sample data, verbatim), which lives beside
// the repository in ../shared/openmetadata, not in it. Tests only: the product never reads ../shared.
// A stranger's clone has no ../shared, so every test that reads it takes `{ skip: UPSTREAM_MISSING }`
// and is skipped with a one-line reason; everything else must pass without it.
// MLMODEL_UPSTREAM_DIR points it elsewhere (.ci/run points it at a missing folder to prove that).
// The schemas are compiled with ajv the way shared/openmetadata/tools/validate-schemas.cjs shows.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { repoRoot } from '../bench/paths';

export const UPSTREAM_DIR = resolve(process.env.MLMODEL_UPSTREAM_DIR || join(repoRoot, '..', 'shared', 'openmetadata'));
export const UPSTREAM_SCHEMAS = join(UPSTREAM_DIR, 'schema', 'json', 'schema');
export const UPSTREAM_SAMPLES = join(UPSTREAM_DIR, 'sample_data');

/** For `test(name, { skip: UPSTREAM_MISSING }, …)`: false when the upstream material is here, else why the test is skipped. */
export const UPSTREAM_MISSING: false | string =
  existsSync(UPSTREAM_SCHEMAS) && existsSync(UPSTREAM_SAMPLES) ? false : `needs OpenMetadata's upstream schemas and sample data in ${UPSTREAM_DIR} (../shared), absent here`;

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
