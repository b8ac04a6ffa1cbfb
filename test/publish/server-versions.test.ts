// The publish, diff and pull scenarios whose outcome depends on the OpenMetadata version, against a
// sandbox playing each version in turn. Every expected version below is written out by hand from
// upstream's rules (server/src/openmetadata/capabilities.ts cites them), and each is expected of the
// prediction and of what the sandbox then stores: the sandbox implements those rules on its own
// (server/src/sandbox/serverVersions.ts), so the product agreeing with it is not the product
// agreeing with itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';
import type { PublishPlan } from '../../server/src/publish/plan';
import { executePlan } from '../../server/src/publish/execute';
import { preparePublish } from '../../server/src/publish/prepare';
import { authoredFromEntity, modelYaml } from '../../server/src/publish/authored';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { ETA_PREDICTIONS } from '../helpers/models';
import { clientOf, planFor } from '../helpers/sandbox';

const FQN = 'mlflow_svc.eta_predictions';

/** The versions the sandbox plays whose rules differ, oldest first. */
const VERSIONS = ['1.5', '1.8', '1.10', '1.13', '2.0'] as const;
type Version = (typeof VERSIONS)[number];

/**
 * Expected versions per step, by hand. sourceHash: an ordinary change before 1.12, stored without
 * a version from 1.12 (PR #25675). Feature tags: replaced with the feature before the newest line;
 * on 2.0 merged per feature on PUT, so a tag dropped from the file stays and the feature differs
 * from the file at every publish. A source's `tags: []`: the schema default from 1.6, so before it
 * `[]` and none differ.
 */
const EXPECTED: Record<Version, { sourceHash: number[]; featureTag: number[]; sourceTags: number[] }> = {
  '1.5': { sourceHash: [0.1, 0.2, 0.2], featureTag: [0.1, 0.1, 0.2, 0.2], sourceTags: [0.1, 0.2, 0.2] },
  '1.8': { sourceHash: [0.1, 0.2, 0.2], featureTag: [0.1, 0.1, 0.2, 0.2], sourceTags: [0.1, 0.1, 0.1] },
  '1.10': { sourceHash: [0.1, 0.2, 0.2], featureTag: [0.1, 0.1, 0.2, 0.2], sourceTags: [0.1, 0.1, 0.1] },
  '1.13': { sourceHash: [0.1, 0.1, 0.1], featureTag: [0.1, 0.1, 0.2, 0.2], sourceTags: [0.1, 0.1, 0.1] },
  '2.0': { sourceHash: [0.1, 0.1, 0.1], featureTag: [0.1, 0.1, 0.2, 0.3], sourceTags: [0.1, 0.1, 0.1] },
};

const withSourceHash = (hash: string): string => `${ETA_PREDICTIONS}sourceHash: ${hash}\n`;
const TAGGED_FEATURE = ETA_PREDICTIONS.replace('    description: Sales amount\n', '    description: Sales amount\n    tags: [PII.NonSensitive]\n');
const EMPTY_SOURCE_TAGS = ETA_PREDICTIONS.replace('        dataType: number\n', '        dataType: number\n        tags: []\n');
const WITH_DOMAIN = `${ETA_PREDICTIONS}domain: Marketing\ndataProducts: [CustomerInsights]\n`;

function scenarios(version: Version) {
  let sandbox: Sandbox;
  let client: OpenMetadataClient;

  /** Publishes, expecting `expected` of the prediction and of the sandbox alike. */
  async function publish(text: string, expected: number, step: string): Promise<PublishPlan> {
    const p = await planFor(client, text);
    assert.equal(p.version.to, expected, `${version}, ${step}: the plan predicts ${p.version.to} (${p.summary})`);
    const report = await executePlan(p, client);
    assert.equal(report.version, expected, `${version}, ${step}: the sandbox made ${report.version}`);
    assert.equal(sandbox.store.mlmodels.getByFqn(FQN)?.version, expected);
    return p;
  }

  const stored = () => sandbox.store.mlmodels.getByFqn(FQN)!;

  return {
    async start() {
      sandbox = await startSandbox({ serverVersion: version });
      client = clientOf(sandbox);
    },
    close: () => sandbox.close(),
    reset() {
      sandbox.reset();
      client = clientOf(sandbox);
    },

    async sourceHash() {
      const [created, changed, again] = EXPECTED[version].sourceHash;
      await publish(withSourceHash('a1'), created, 'create with a sourceHash');
      const p = await publish(withSourceHash('b2'), changed, 'a new sourceHash');
      assert.equal(p.action, 'update', 'a new sourceHash is written either way');
      assert.deepEqual(p.changedFields, ['sourceHash']);
      assert.equal(p.summary, changed === created ? `version ${created} kept: sourceHash changed (OpenMetadata ${(await client.serverInfo()).version} stores sourceHash without a new version)` : `${created} → ${changed}: sourceHash changed`);
      assert.equal(stored().sourceHash, 'b2', 'the server stores the new sourceHash');
      const unchanged = await publish(withSourceHash('b2'), again, 'the same sourceHash again');
      assert.equal(unchanged.action, 'unchanged');
    },

    async featureTag() {
      const [created, same, dropped, droppedAgain] = EXPECTED[version].featureTag;
      await publish(TAGGED_FEATURE, created, 'create with a feature tag');
      const again = await publish(TAGGED_FEATURE, same, 'the same file again');
      assert.equal(again.summary, `unchanged, version ${created}`, 'a tagged feature is not a change by itself');
      const first = await publish(ETA_PREDICTIONS, dropped, 'the feature tag dropped from the file');
      const second = await publish(ETA_PREDICTIONS, droppedAgain, 'the same file again');
      const sales = stored().mlFeatures!.find((f) => f.name === 'sales')!;
      if (version === '2.0') {
        // Merged on PUT: the tag stays, and the preview says so each time.
        for (const p of [first, second]) {
          assert.deepEqual(p.keptFeatureTags, [{ feature: 'sales', tags: ['PII.NonSensitive'] }]);
          assert.match(p.summary, /: mlFeatures changed; kept on the server, not in the file \(a publish never removes a tag\): PII\.NonSensitive on feature sales$/);
        }
        assert.deepEqual(sales.tags?.map((t) => t.tagFQN), ['PII.NonSensitive']);
      } else {
        assert.deepEqual([first.keptFeatureTags, second.action], [[], 'unchanged']);
        assert.deepEqual(sales.tags ?? [], []);
      }
    },

    async sourceTags() {
      const [created, without, again] = EXPECTED[version].sourceTags;
      await publish(EMPTY_SOURCE_TAGS, created, 'create with a source written `tags: []`');
      const p = await publish(ETA_PREDICTIONS, without, 'the same source without tags');
      assert.equal(p.action, without === created ? 'unchanged' : 'update');
      assert.equal((await publish(ETA_PREDICTIONS, again, 'the same file again')).action, 'unchanged');
    },

    async domainAndDataProducts() {
      const created = await publish(WITH_DOMAIN, 0.1, 'create with a domain and a data product');
      assert.deepEqual(created.request.domain ?? created.request.domains, version === '1.5' || version === '1.8' ? 'Marketing' : ['Marketing']);
      assert.equal(created.request[version === '1.5' || version === '1.8' ? 'domains' : 'domain'], undefined);
      const domainOnServer = version === '1.5' || version === '1.8' ? stored().domain?.fullyQualifiedName : stored().domains?.map((d) => d.fullyQualifiedName);
      assert.deepEqual(domainOnServer, version === '1.5' || version === '1.8' ? 'Marketing' : ['Marketing']);
      const again = await publish(WITH_DOMAIN, 0.1, 'the same file again');
      assert.equal(again.action, 'unchanged');
      // diff writes both sides in the file format: the server's domain reads back as the file wrote it.
      assert.equal(modelYaml(authoredFromEntity(again.current!)), modelYaml(readModel(parseModel(WITH_DOMAIN))));
      assert.equal(modelYaml(readModel(parseModel(WITH_DOMAIN.replace('domain: Marketing', 'domains: [Marketing]')))), modelYaml(readModel(parseModel(WITH_DOMAIN))));

      // pull writes the domain the way every version takes it; publishing the pulled file changes nothing.
      const pulled = modelYaml(authoredFromEntity((await client.getMlModelByName(FQN))!));
      assert.match(pulled, /\ndomain: Marketing\ndataProducts:\n {2}- CustomerInsights\n/);
      assert.equal((await publish(pulled, 0.1, 'the pulled file')).action, 'unchanged');

      // A PUT replaces data products: one the file no longer names goes, and the preview says so first.
      const withoutProducts = WITH_DOMAIN.replace('dataProducts: [CustomerInsights]\n', '');
      const removed = await publish(withoutProducts, 0.2, 'the data product dropped from the file');
      assert.deepEqual(removed.removedDataProducts, ['CustomerInsights']);
      assert.match(removed.summary, /^0\.1 → 0\.2: dataProducts changed; removes data products not in the file \(a publish replaces them\): CustomerInsights$/);
      assert.deepEqual(stored().dataProducts ?? [], []);
      // A PUT without a domain keeps the model's.
      assert.equal((await publish(ETA_PREDICTIONS, 0.2, 'the domain dropped from the file')).action, 'unchanged');

      // A domain the server does not have stops the publish on its line, before anything is written.
      const missing = await preparePublish(parseModel(`${ETA_PREDICTIONS}domains: [Marketing, Nowhere]\n`), client);
      assert.deepEqual(missing.problems.map((p) => p.message), ['Cannot publish: the domain `Nowhere` does not exist on the server.']);
    },
  };
}

for (const version of VERSIONS) {
  test(`OpenMetadata ${version}: publish, diff and pull predict what the server makes`, async (t) => {
    const s = scenarios(version);
    await s.start();
    try {
      for (const name of ['sourceHash', 'featureTag', 'sourceTags', 'domainAndDataProducts'] as const) {
        s.reset();
        await t.test(name, () => s[name]());
      }
    } finally {
      await s.close();
    }
  });
}

test('a server before 1.9 is told one domain: several are refused on their line, before anything is written', async () => {
  const sandbox = await startSandbox({ serverVersion: '1.8' });
  try {
    const client = clientOf(sandbox);
    const prepared = await preparePublish(parseModel(`${ETA_PREDICTIONS}domains: [Marketing, Marketing]\n`), client);
    assert.deepEqual(prepared.problems.map((p) => [p.code, p.message]), [['invalid-value', 'Cannot publish: OpenMetadata 1.8.12 puts a model in one domain (several from 1.9): name one.']]);
    assert.ok(!sandbox.requests().some((r) => r.method !== 'GET'), 'only reads were sent');
  } finally {
    await sandbox.close();
  }
});
