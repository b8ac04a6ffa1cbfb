// The precompiled validators are generated from the schema: the committed file must match it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..', '..');

test('server/src/service/generated/validators.ts is up to date with schemas/mlmodel.schema.json', async () => {
  const { generate, OUTPUT } = (await import(join(repo, 'server', 'scripts', 'generate-validators.mjs'))) as { generate(): string; OUTPUT: string };
  assert.equal(readFileSync(OUTPUT, 'utf8'), generate(), 'run `npm run generate:validators` and commit the result');
});
