// Every write-time rejection the sandbox implements, each shown two ways against the sandbox of a
// version: the request a file describes is refused (so the rejection is real), and the editor —
// the language service over the catalog index and the REST client, as `validate --server` runs
// it — flags that file with an error on the line that causes it, before any publish. A file the
// editor finds clean is accepted. The sandbox is the independent implementation: the request sent
// to it is built from the file with references looked up in the sandbox's own store (deleted owners
// and teams of every type included), never through the product's resolution, which refuses some of
// them itself.
import { capabilitiesFor } from '../../server/src/openmetadata/capabilities';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { OpenMetadataError } from '../../server/src/openmetadata/errors';
import type { CreateMlModel, EntityReference } from '../../server/src/openmetadata/types';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import { createLanguageService } from '../../server/src/service/languageService';
import { readModel } from '../../server/src/service/model';
import { resolveSettings } from '../../server/src/shared/settings';
import { compileModel } from '../../server/src/publish/compile';
import { load } from '../helpers/fixtures';
import { SHOPIFY } from '../helpers/models';
import { clientOf } from '../helpers/sandbox';

const VERSIONS = ['1.5', '1.8', '2.0'] as const;
type Version = (typeof VERSIONS)[number];
const sandboxes = new Map<Version, Sandbox>();

before(async () => {
  for (const version of VERSIONS) sandboxes.set(version, await startSandbox({ serverVersion: version }));
});
after(async () => {
  for (const sandbox of sandboxes.values()) await sandbox.close();
});

const BASE = ['name: churn', 'algorithm: XGBoost', 'service: mlflow_svc', 'mlFeatures:', '  - name: spend', '    featureSources:', '      - name: gross_sales', `        dataSource: ${SHOPIFY}.fact_sale`];

/** The base model with lines added (after the feature's sources when `featureLines`). */
function model(extra: string[] = [], featureLines: string[] = [], replace: Record<string, string> = {}): string {
  return [...BASE.map((l) => replace[l] ?? l), ...featureLines.map((l) => `    ${l}`), ...extra, ''].join('\n');
}

interface Case {
  name: string;
  text: string;
  /** Errors the editor must show: the text of the line (trimmed) and the code. */
  errors: Array<[line: string, code: string]>;
  /** What the server answers the request the file describes. */
  status: number;
  message: RegExp;
  /** Only on these versions (the rule is version-specific). */
  versions?: readonly Version[];
  /** Change the sandbox's catalog first (deleted users, disabled tags). */
  mutate?: (sandbox: Sandbox) => void;
  /** What is on the server before (a model a publish merges into). */
  existing?: string;
}

const CASES: Case[] = [
  {
    name: 'an owner team of type Division',
    text: model(['owners:', '  - team: Analytics']),
    errors: [['- team: Analytics', 'invalid-owner']],
    status: 400,
    message: /^Team of type Division can't own entities\. Only Team of type Group can own entities\.$/,
  },
  {
    name: 'an owner team of type Department',
    text: model(['owners:', '  - team: Data Platform']),
    errors: [['- team: Data Platform', 'invalid-owner']],
    status: 400,
    message: /Team of type Department can't own entities/,
  },
  {
    name: 'an owner team of type BusinessUnit',
    text: model(['owners:', '  - team: Engineering']),
    errors: [['- team: Engineering', 'invalid-owner']],
    status: 400,
    message: /Team of type BusinessUnit can't own entities/,
  },
  {
    name: 'a deleted user as owner',
    text: model(['owners:', '  - user: aaron_johnson0']),
    errors: [['- user: aaron_johnson0', 'invalid-owner']],
    mutate: (s) => (s.store.users.byFqn('aaron_johnson0')!.deleted = true),
    status: 404,
    message: /user instance for .* not found/,
  },
  {
    name: 'a deleted team as owner',
    text: model(['owners:', '  - team: Data']),
    errors: [['- team: Data', 'invalid-owner']],
    mutate: (s) => (s.store.teams.byFqn('Data')!.deleted = true),
    status: 404,
    message: /team instance for .* not found/,
  },
  {
    name: 'an owner that does not exist',
    text: model(['owners:', '  - user: nobody_here']),
    errors: [['- user: nobody_here', 'unknown-user']],
    status: 404,
    message: /user instance for .* not found/,
  },
  {
    name: 'a raw owner reference to another kind of entity',
    text: model(['owners:', `  - id: ${randomUUID()}`, '    type: role']),
    errors: [['type: role', 'invalid-owner']],
    status: 400,
    message: /^Entity of type role can't be the owner\. Only Team of type Group or a User can own entities\.$/,
  },
  {
    name: 'two tags of one mutually exclusive classification on the model',
    text: model(['tags:', '  - Tier.Tier1', '  - Tier.Tier2']),
    errors: [['- Tier.Tier2', 'exclusive-tags']],
    status: 400,
    message: /Tag labels Tier\.Tier\d and Tier\.Tier\d are mutually exclusive and can't be assigned together/,
  },
  {
    name: 'two tags of one mutually exclusive classification on a feature',
    text: model([], ['tags:', '  - PII.Sensitive', '  - PII.None']),
    errors: [['- PII.None', 'exclusive-tags']],
    status: 400,
    message: /mutually exclusive/,
  },
  {
    name: 'a disabled tag',
    text: model(['tags:', '  - PersonalData.Personal']),
    errors: [['- PersonalData.Personal', 'disabled-tag']],
    mutate: (s) => (s.store.tags.byFqn('PersonalData.Personal')!.disabled = true),
    status: 400,
    message: /^Tag label PersonalData\.Personal is disabled and can't be assigned to a data asset\.$/,
  },
  {
    name: 'a tag that does not exist',
    text: model(['tags:', '  - Tier.Tier9']),
    errors: [['- Tier.Tier9', 'unknown-tag']],
    status: 404,
    message: /tag instance for Tier\.Tier9 not found/,
  },
  {
    name: 'a glossary term that does not exist',
    text: model(['tags:', '  - Business Glossary.Nothing']),
    errors: [['- Business Glossary.Nothing', 'unknown-tag']],
    status: 404,
    message: /not found/,
  },
  {
    name: 'a tag the server keeps excludes one of the file (a PUT merges tags)',
    existing: model(['tags:', '  - Tier.Tier1']),
    text: model(['tags:', '  - Tier.Tier2']),
    errors: [['- Tier.Tier2', 'exclusive-tags']],
    status: 400,
    message: /mutually exclusive/,
  },
  {
    name: 'a feature tag the server keeps excludes one of the file (the newest line merges feature tags)',
    versions: ['2.0'],
    existing: model([], ['tags:', '  - PII.Sensitive']),
    text: model([], ['tags:', '  - PII.None']),
    errors: [['- PII.None', 'exclusive-tags']],
    status: 400,
    message: /mutually exclusive/,
  },
  {
    name: 'a domain that does not exist',
    text: model(['domain: Nowhere']),
    errors: [['domain: Nowhere', 'unknown-domain']],
    status: 404,
    message: /domain instance for Nowhere not found/,
  },
  {
    name: 'a data product that does not exist',
    text: model(['domain: Marketing', 'dataProducts:', '  - Nothing']),
    errors: [['- Nothing', 'unknown-data-product']],
    status: 404,
    message: /dataProduct instance for Nothing not found/,
  },
  {
    name: 'a service that does not exist',
    text: model([], [], { 'service: mlflow_svc': 'service: mlflow_nowhere' }),
    errors: [['service: mlflow_nowhere', 'unknown-service']],
    status: 404,
    message: /mlmodelService instance for mlflow_nowhere not found/,
  },
  {
    name: 'a dashboard that does not exist',
    text: model(['dashboard: sample_superset.nowhere']),
    errors: [['dashboard: sample_superset.nowhere', 'unknown-dashboard']],
    status: 404,
    message: /dashboard instance for sample_superset\.nowhere not found/,
  },
  {
    name: 'a feature source table that does not exist',
    text: model([], [], { [`        dataSource: ${SHOPIFY}.fact_sale`]: `        dataSource: ${SHOPIFY}.fact_nowhere` }),
    errors: [[`dataSource: ${SHOPIFY}.fact_nowhere`, 'unknown-table']],
    status: 404,
    message: /table instance for .* not found/,
  },
  {
    name: 'a name containing a quote, before 1.6',
    versions: ['1.5'],
    text: model([], [], { 'name: churn': 'name: churn "v2"' }),
    errors: [['name: churn "v2"', 'invalid-value']],
    status: 400,
    message: /^Invalid name churn "v2"$/,
  },
  {
    name: 'a name containing `::`',
    text: model([], [], { 'name: churn': 'name: churn::v2' }),
    errors: [['name: churn::v2', 'invalid-value']],
    status: 400,
    message: /name must match/,
  },
  {
    name: 'a name longer than 256 characters',
    text: model([], [], { 'name: churn': `name: ${'c'.repeat(257)}` }),
    errors: [[`name: ${'c'.repeat(257)}`, 'invalid-value']],
    status: 400,
    message: /name size must be between 1 and 256/,
  },
  {
    name: 'a feature dataType outside the enum',
    text: model([], ['dataType: continuous']),
    errors: [['dataType: continuous', 'invalid-value']],
    status: 400,
    message: /Invalid request format/,
  },
  {
    name: 'a server that is not a URI',
    text: model(['server: not a uri']),
    errors: [['server: not a uri', 'invalid-value']],
    status: 400,
    message: /.+/,
  },
  {
    name: 'a sourceHash longer than 32 characters',
    text: model([`sourceHash: ${'a'.repeat(33)}`]),
    errors: [[`sourceHash: ${'a'.repeat(33)}`, 'invalid-value']],
    status: 400,
    message: /sourceHash size must be between 1 and 32/,
  },
];

/** The editor's errors on the file: the language service over the sandbox, every lookup settled. */
async function editorErrors(sandbox: Sandbox, text: string): Promise<Array<[string, string]>> {
  const index = new CatalogIndex(clientOf(sandbox));
  try {
    await index.start();
    const service = createLanguageService(resolveSettings({}));
    service.setCatalog(index);
    const l = load(text, service);
    // Answers can ask further questions (the model on the server, once the name is known).
    for (let round = 0; round < 3; round++) {
      service.validate(l.document, l.model);
      await index.settled();
    }
    const lines = text.split('\n');
    return service
      .validate(l.document, l.model)
      .filter((d) => d.severity === 1)
      .map((d) => [lines[d.range.start.line].trim(), String(d.code)]);
  } finally {
    index.stop();
  }
}

/** The CreateMlModel the file describes, references looked up in the sandbox's store (a random id for one it lacks). */
function requestOf(sandbox: Sandbox, text: string): CreateMlModel {
  const lookup = (type: string, fqn: string): EntityReference => {
    const found = sandbox.store.entityByFqn(type, fqn);
    return found ? { id: found.id, type, name: found.name, fullyQualifiedName: found.fullyQualifiedName ?? found.name } : { id: randomUUID(), type, fullyQualifiedName: fqn };
  };
  // The request as a server of the sandbox's version takes it (`domain` before 1.9, `domains` from 1.9).
  return compileModel(
    readModel(createLanguageService().parse(text)),
    {
      entity: (kind, fqn) => lookup(kind, fqn),
      tagSource: (fqn) => (sandbox.store.glossaryTerms.byFqn(fqn) ? 'Glossary' : 'Classification'),
    },
    capabilitiesFor(sandbox.rules.version),
  );
}

async function serverAnswer(sandbox: Sandbox, text: string): Promise<{ status: number; message: string }> {
  const client = clientOf(sandbox);
  try {
    const put = await client.createOrUpdateMlModel(requestOf(sandbox, text));
    return { status: put.created ? 201 : 200, message: '' };
  } catch (e) {
    if (!(e instanceof OpenMetadataError)) throw e;
    return { status: e.status ?? 0, message: e.serverMessage ?? e.message };
  }
}

for (const version of VERSIONS) {
  for (const c of CASES) {
    if (c.versions && !c.versions.includes(version)) continue;
    test(`${version}: ${c.name} — refused by the server, flagged by the editor first`, async () => {
      const sandbox = sandboxes.get(version)!;
      sandbox.reset();
      c.mutate?.(sandbox);
      if (c.existing) assert.equal((await serverAnswer(sandbox, c.existing)).status, 201, 'the model on the server before');
      const errors = await editorErrors(sandbox, c.text);
      for (const expected of c.errors) assert.ok(errors.some((e) => e[0] === expected[0] && e[1] === expected[1]), `the editor flags ${JSON.stringify(expected)}; it shows ${JSON.stringify(errors)}`);
      const answer = await serverAnswer(sandbox, c.text);
      assert.equal(answer.status, c.status, answer.message);
      assert.match(answer.message, c.message);
    });
  }

  test(`${version}: files the editor finds clean are accepted — the example, an owner team of type Group, a glossary term, a domain and its data product`, async () => {
    const sandbox = sandboxes.get(version)!;
    sandbox.reset();
    for (const text of [
      model(['owners:', '  - team: Data', 'tags:', '  - Tier.Tier1', '  - PII.Sensitive', '  - Business Glossary.Churn', '  - Business Glossary.Revenue', 'domain: Marketing', 'dataProducts:', '  - CustomerInsights']),
      model(['owners:', '  - user: aaron_johnson0', '  - user: ingestion-bot']),
    ]) {
      assert.deepEqual(await editorErrors(sandbox, text), [], text);
      const answer = await serverAnswer(sandbox, text);
      assert.ok(answer.status === 201 || answer.status === 200, `${answer.status} ${answer.message}`);
    }
  });
}
