// The committed seed is exactly what the generator makes from the upstream sample data (in ../shared,
// so skipped where that is absent; it can be regenerated without a diff), in the 2025 entity shape, with the product's governance fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { loadSeed } from '../../server/src/sandbox/seed';
import { UPSTREAM_MISSING, UPSTREAM_SAMPLES } from '../helpers/upstream';

const repo = join(__dirname, '..', '..', '..');
const committed = join(repo, 'server', 'src', 'sandbox', 'seed');

test('regenerating the seed from the sample data reproduces the committed files byte for byte', { skip: UPSTREAM_MISSING }, () => {
  const script = join(repo, 'out', 'scripts', 'generate-seed.js');
  buildSync({ entryPoints: [join(repo, 'server', 'scripts', 'generate-seed.ts')], bundle: true, platform: 'node', outfile: script, logLevel: 'warning' });
  const outDir = mkdtempSync(join(tmpdir(), 'seed-'));
  try {
    execFileSync(process.execPath, [script, outDir, UPSTREAM_SAMPLES], { stdio: 'pipe' });
    const files = readdirSync(committed).sort();
    assert.deepEqual(readdirSync(outDir).sort(), files);
    for (const file of files) {
      assert.equal(readFileSync(join(outDir, file), 'utf8'), readFileSync(join(committed, file), 'utf8'), file);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

test('the seed is in the 2025 shape: ids, FQNs, service, serviceType, no profiles or sample rows', () => {
  const seed = loadSeed('sample');
  assert.equal(seed.database.tables.length, 18);
  for (const table of seed.database.tables) {
    assert.match(table.id, /^[0-9a-f-]{36}$/);
    assert.equal(table.fullyQualifiedName?.startsWith('sample_data.ecommerce_db.shopify.'), true);
    assert.equal(table.service?.type, 'databaseService');
    assert.equal(table.serviceType, 'BigQuery');
    for (const gone of ['tableProfile', 'sampleData', 'joins', 'usageSummary']) assert.ok(!(gone in table), `${table.name} has no ${gone}`);
    for (const column of table.columns) assert.equal(column.fullyQualifiedName, `${table.fullyQualifiedName}.${column.name.includes('.') ? `"${column.name}"` : column.name}`);
  }
  const ids = [...seed.database.tables, ...seed.dashboards, ...seed.users, ...seed.teams, ...seed.tags, ...seed.classifications, ...seed.mlmodelServices].map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  assert.deepEqual(seed.mlmodelServices.map((s) => s.name), ['mlflow_svc']);
  assert.equal(seed.dashboards.filter((d) => d.service.name === 'sample_superset').length, 12);
  assert.deepEqual(seed.classifications.map((c) => [c.name, c.mutuallyExclusive]), [['PII', true], ['PersonalData', true], ['Tier', true]]);
  assert.ok(seed.lineage.length > 0 && seed.lineage.every((e) => e.fromEntity.type === 'table' && e.toEntity.type === 'table'));
});
