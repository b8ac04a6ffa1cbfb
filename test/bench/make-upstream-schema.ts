// Build-time: writes test/bench/upstream-schema/ (committed) from the verbatim upstream schemas in
// ../shared/openmetadata. The bench reads only the committed copy.
// Run: node test/bench/run.mjs make-upstream-schema [path/to/openmetadata/schema/json/schema]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { convertSchemaClosure } from './upstream-schema';
import { upstreamSchemaDir } from './paths';
import { UPSTREAM_SCHEMAS } from '../helpers/upstream';

const ROOT_SCHEMA = 'api/data/createMlModel.json';
const source = resolve(process.argv[2] ?? UPSTREAM_SCHEMAS);

const schemas = convertSchemaClosure(source, ROOT_SCHEMA);
rmSync(upstreamSchemaDir, { recursive: true, force: true });
for (const [rel, schema] of [...schemas].sort(([a], [b]) => a.localeCompare(b))) {
  const target = join(upstreamSchemaDir, rel);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(schema, null, 2) + '\n');
}
console.log(`wrote ${schemas.size} schemas reachable from ${ROOT_SCHEMA} to ${upstreamSchemaDir}`);
