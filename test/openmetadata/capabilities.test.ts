// The capability table: which row a server's version follows, what each row changes, and that the
// client reads the version once per connection and says once when a version is outside the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesFor, KNOWN_ROWS } from '../../server/src/openmetadata/capabilities';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';

test('each version follows the row at or before it; the rows change what upstream changed', () => {
  const rows = (v: string) => {
    const c = capabilitiesFor(v);
    return [c.row, c.domainField, c.sourceHashBumpsVersion, c.featureSourceTagsDefault, c.featureRulesOnPut, c.notice];
  };
  assert.deepEqual(KNOWN_ROWS, ['1.5', '1.6', '1.9', '1.12', '2.0']);
  assert.deepEqual(rows('1.5.15'), ['1.5', 'domain', true, false, false, undefined]);
  assert.deepEqual(rows('1.6.0'), ['1.6', 'domain', true, true, false, undefined]);
  assert.deepEqual(rows('1.8.12'), ['1.6', 'domain', true, true, false, undefined]);
  assert.deepEqual(rows('1.9.0'), ['1.9', 'domains', true, true, false, undefined]);
  assert.deepEqual(rows('1.11.14'), ['1.9', 'domains', true, true, false, undefined]);
  assert.deepEqual(rows('1.12.0'), ['1.12', 'domains', false, true, false, undefined]);
  assert.deepEqual(rows('1.13.6-SNAPSHOT'), ['1.12', 'domains', false, true, false, undefined]);
  assert.deepEqual(rows('2.0.7'), ['2.0', 'domains', false, true, true, undefined]);
  assert.equal(capabilitiesFor('1.8.12').mlModelFields, 'owners,dashboard,followers,tags,extension,domain,dataProducts');
  assert.equal(capabilitiesFor('1.9.0').mlModelFields, 'owners,dashboard,followers,tags,extension,domains,dataProducts');
});

test('a version outside the table follows the nearest row and says so', () => {
  const newer = capabilitiesFor('2.3.1');
  assert.deepEqual([newer.row, newer.featureRulesOnPut], ['2.0', true]);
  assert.equal(newer.notice, 'OpenMetadata 2.3.1 is newer than the versions this mlmodel knows (1.5 … 2.0); requests and version predictions follow 2.0.');
  const older = capabilitiesFor('1.4.2');
  assert.deepEqual([older.row, older.domainField], ['1.5', 'domain']);
  assert.match(older.notice!, /^OpenMetadata 1\.4\.2 is older than 1\.5, the oldest this mlmodel supports/);
  for (const unreadable of [undefined, '', 'unknown', 'dev']) {
    const c = capabilitiesFor(unreadable);
    assert.equal(c.row, '2.0');
    assert.match(c.notice!, /did not say which version it is/);
  }
});

/** A server answering `version` for /system/version and a model for any model read, counting requests. */
function fakeServer(version: string) {
  const paths: string[] = [];
  const fetch = (async (input: string | URL) => {
    const url = new URL(String(input));
    paths.push(url.pathname + url.search);
    const body = url.pathname.endsWith('/system/version') ? { version } : { id: 'm', name: 'm', algorithm: 'a', service: { id: 's', type: 'mlmodelService' } };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { paths, fetch };
}

test('the client reads the version once per connection and asks for the fields that version has', async () => {
  const server = fakeServer('1.8.3');
  const warnings: string[] = [];
  const client = new OpenMetadataClient({ baseUrl: 'http://om.example', fetch: server.fetch, warn: (line) => warnings.push(line) });
  await Promise.all([client.getMlModelByName('svc.m'), client.serverInfo(), client.capabilities()]);
  await client.getMlModel('m');
  assert.deepEqual(server.paths.filter((p) => p.startsWith('/api/v1/system/version')), ['/api/v1/system/version']);
  assert.ok(server.paths.includes('/api/v1/mlmodels/name/svc.m?fields=owners%2Cdashboard%2Cfollowers%2Ctags%2Cextension%2Cdomain%2CdataProducts'), server.paths.join('\n'));
  assert.deepEqual(warnings, []);
});

test('a server newer than the table is treated as the newest row, said once in the log', async () => {
  const server = fakeServer('3.1.0');
  const warnings: string[] = [];
  const client = new OpenMetadataClient({ baseUrl: 'http://om.example', fetch: server.fetch, warn: (line) => warnings.push(line) });
  await client.getMlModelByName('svc.m');
  await client.getMlModelByName('svc.m');
  assert.equal((await client.capabilities()).row, '2.0');
  assert.deepEqual(warnings, ['OpenMetadata 3.1.0 is newer than the versions this mlmodel knows (1.5 … 2.0); requests and version predictions follow 2.0.']);
});
