// `--format github` and `--format sarif`, for CI: validate and publish --dry-run, as a workflow
// runs them. The annotations are read back the way GitHub's runner reads workflow commands and
// held to the JSON format's diagnostics; the SARIF log is validated against the SARIF 2.1.0
// schema (OASIS's, as shipped in @microsoft/jest-sarif) and held to the same diagnostics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { REPO, runCli } from '../helpers/cli';

const SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema's language pattern, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, is no valid Unicode
// regular expression (a lone `]`): it is compiled as the schema's authors meant, without the `u` flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

interface JsonDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

/** A workflow command as GitHub's runner reads it: `::name k=v,k=v::message`, each part unescaped. */
function readCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: m[1], properties, message: m[3].replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%') };
}

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'mlmodel-ci-'));
}

// A name with the characters GitHub's properties must escape, and messages with `%`, a newline
// and `::` (a key with them, quoted, is an unknown field whose message quotes it).
const awkward = () => {
  const dir = join(folder(), 'odd, dir: 100%');
  mkdirSync(dir);
  const file = join(dir, 'm.mlmodel.yaml');
  writeFileSync(file, 'name: m\nalgorithm: a\n"50% of\\nit::x": 1\ntarget: [1]\nmlFeatures:\n  - name: f\n    dataType: numeric\n');
  return file;
};

test('validate --format github: one workflow command per diagnostic, 1-based, escaped, matching the JSON format', async () => {
  const file = awkward();
  const json = await runCli(['validate', '--format', 'json', file]);
  const github = await runCli(['validate', '--format', 'github', file]);
  assert.equal(github.code, 1, github.stderr);
  const expected: JsonDiagnostic[] = JSON.parse(json.stdout)[0].diagnostics;
  const lines = github.stdout.trim().split('\n');
  assert.equal(lines.pop(), `${expected.length} errors, 0 warnings in 1 file`);
  assert.equal(lines.length, expected.length);
  assert.ok(lines.every((l) => !l.slice(2).includes('\n')));
  const read = lines.map(readCommand);
  read.forEach((c, i) => {
    const d = expected[i];
    assert.equal(c.command, 'error');
    assert.deepEqual(c.properties, {
      file, // outside the working directory: absolute
      line: String(d.range.start.line + 1),
      endLine: String(d.range.end.line + 1),
      col: String(d.range.start.character + 1),
      endColumn: String(d.range.end.character),
      title: d.code,
    });
    assert.equal(c.message, d.message);
  });
  // What needed escaping was there to escape.
  assert.match(github.stdout, /file=[^,]*odd%2C dir%3A 100%25\/m\.mlmodel\.yaml,/);
  const unknownField = read.find((c) => c.properties.title === 'unknown-field')!;
  assert.match(unknownField.message, /50% of\nit::x/);
  assert.match(lines.join('\n'), /50%25 of%0Ait::x/);
});

test('validate --format github: paths relative to the working directory; warnings and notices; an unreadable file is an error annotation, exit 2', async () => {
  const dir = folder();
  writeFileSync(join(dir, 'empty.mlmodel.yaml'), '');
  const r = await runCli(['validate', '--format', 'github', 'examples/mistakes.mlmodel.yaml', join(dir, 'empty.mlmodel.yaml'), join(dir, 'gone.mlmodel.yaml')]);
  assert.equal(r.code, 2, r.stderr);
  const commands = r.stdout.trim().split('\n').slice(0, -1).map(readCommand);
  assert.ok(commands.some((c) => c.properties.file === 'examples/mistakes.mlmodel.yaml' && c.command === 'error'));
  const empty = commands.find((c) => c.properties.title === 'empty-file');
  assert.equal(empty?.command, 'notice', 'information is a notice');
  const gone = commands.find((c) => c.properties.file === join(dir, 'gone.mlmodel.yaml'));
  assert.deepEqual(gone, { command: 'error', properties: { file: join(dir, 'gone.mlmodel.yaml'), title: 'mlmodel' }, message: 'cannot read: no such file' });
});

test('a range over several lines: line and endLine, no columns (GitHub takes columns on one line only)', async () => {
  const file = join(folder(), 'm.mlmodel.yaml');
  writeFileSync(file, 'name: m\nalgorithm: a\nmlStore:\n  storage: [\n    1, 2]\n');
  const json: JsonDiagnostic[] = JSON.parse((await runCli(['validate', '--format', 'json', file])).stdout)[0].diagnostics;
  const multi = json.findIndex((d) => d.range.start.line !== d.range.end.line);
  assert.ok(multi >= 0, JSON.stringify(json));
  const lines = (await runCli(['validate', '--format', 'github', file])).stdout.trim().split('\n');
  const c = readCommand(lines[multi]);
  assert.deepEqual(Object.keys(c.properties), ['file', 'line', 'endLine', 'title']);
  assert.equal(c.properties.endLine, String(json[multi].range.end.line + 1));
});

interface SarifRun {
  tool: { driver: { name: string; rules: Array<{ id: string; help: { text: string; markdown: string }; defaultConfiguration: { level: string } }> } };
  invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }>;
  originalUriBaseIds: Record<string, { uri: string }>;
  results: Array<{
    ruleId: string;
    ruleIndex?: number;
    level: string;
    kind?: string;
    message: { text: string };
    locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
  }>;
}

function sarifOf(stdout: string): SarifRun {
  const log = JSON.parse(stdout) as { version: string; runs: SarifRun[] };
  const valid = validateSarif(log);
  assert.ok(valid, `not valid SARIF 2.1.0: ${ajv.errorsText(validateSarif.errors)}`);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  return log.runs[0];
}

test('validate --format sarif: a valid SARIF 2.1.0 log; rules are the diagnostic codes with help; results on 1-based regions, levels mapped', async () => {
  const dir = folder();
  writeFileSync(join(dir, 'empty.mlmodel.yaml'), '');
  const files = ['examples/mistakes.mlmodel.yaml', 'examples/eta_predictions.mlmodel.yaml', join(dir, 'empty.mlmodel.yaml')];
  const r = await runCli(['validate', '--format', 'sarif', ...files]);
  assert.equal(r.code, 1, r.stderr);
  const run = sarifOf(r.stdout);
  const rules = run.tool.driver.rules;
  assert.equal(run.tool.driver.name, 'mlmodel');
  for (const code of ['yaml-syntax', 'unknown-field', 'unknown-table', 'sensitive-data', 'catalog-unavailable', 'empty-file']) assert.ok(rules.some((x) => x.id === code), code);
  const unknownTable = rules.find((x) => x.id === 'unknown-table')!;
  assert.match(unknownTable.help.text, /no such table/);
  assert.equal(unknownTable.defaultConfiguration.level, 'error');
  assert.equal(rules.find((x) => x.id === 'unknown-column')!.defaultConfiguration.level, 'warning');
  assert.equal(rules.find((x) => x.id === 'empty-file')!.defaultConfiguration.level, 'note');
  assert.doesNotMatch(JSON.stringify(rules), /Default:/);

  const expected = (JSON.parse((await runCli(['validate', '--format', 'json', ...files])).stdout) as Array<{ file: string; diagnostics: JsonDiagnostic[] }>).flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, d })));
  assert.equal(run.results.length, expected.length);
  const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as Record<string, string>;
  run.results.forEach((res, i) => {
    const { file, d } = expected[i];
    assert.equal(res.ruleId, d.code);
    assert.equal(rules[res.ruleIndex!].id, d.code);
    assert.equal(res.level, level[d.severity]);
    assert.equal(res.message.text, d.message);
    const { artifactLocation, region } = res.locations[0].physicalLocation;
    assert.deepEqual(region, { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 });
    assert.equal(artifactLocation.uriBaseId, 'SRCROOT');
    // Relative to the working directory (the CLI's is the repository), absolute outside it.
    assert.equal(decodeURI(new URL(artifactLocation.uri, run.originalUriBaseIds.SRCROOT.uri).pathname), file.startsWith('/') ? file : join(REPO, file));
  });
  assert.ok(run.results.some((x) => x.level === 'note'), 'the empty file is a note');
  assert.deepEqual(run.invocations[0], { executionSuccessful: true, toolExecutionNotifications: [] });
});

test('validate --format sarif: a file that cannot be read makes the run unsuccessful, with a notification; exit 2', async () => {
  const gone = join(folder(), 'gone.mlmodel.yaml');
  const r = await runCli(['validate', '--format', 'sarif', 'examples/eta_predictions.mlmodel.yaml', gone]);
  assert.equal(r.code, 2);
  const run = sarifOf(r.stdout);
  assert.equal(run.invocations[0].executionSuccessful, false);
  assert.deepEqual(run.invocations[0].toolExecutionNotifications.map((n) => [n.level, n.message.text]), [['error', `${gone}: cannot read: no such file`]]);
});

test('validate --format sarif with --server: catalog findings are results too', async () => {
  const file = join(folder(), 'm.mlmodel.yaml');
  writeFileSync(file, 'name: m\nalgorithm: a\nservice: mlflow_svc\nmlFeatures:\n  - name: contact\n    featureSources:\n      - name: email\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n      - name: x\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n');
  const r = await runCli(['validate', '--format', 'sarif', '--server', sandbox.url, file]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(sarifOf(r.stdout).results.map((x) => [x.ruleId, x.level]), [['sensitive-data', 'warning'], ['unknown-table', 'error']]);
});

test('publish --dry-run --format github and sarif: the plan is a notice / an informational result, problems are annotated, nothing is written', async () => {
  const files = ['examples/eta_predictions.mlmodel.yaml', 'examples/mistakes.mlmodel.yaml'];
  const github = await runCli(['publish', '--dry-run', '--format', 'github', '--server', sandbox.url, ...files]);
  assert.equal(github.code, 1, github.stderr);
  const commands = github.stdout.trim().split('\n').map(readCommand);
  assert.deepEqual(commands[0], {
    command: 'notice',
    properties: { file: 'examples/eta_predictions.mlmodel.yaml', title: 'mlmodel publish --dry-run' },
    message: 'mlflow_svc.eta_predictions would create (new model, version 0.1)\nlineage: 2 tables → model, 2 new: sample_data.ecommerce_db.shopify.fact_sale, sample_data.ecommerce_db.shopify.raw_customer',
  });
  assert.equal(commands.length, 14);
  assert.ok(commands.slice(1).every((c) => c.command === 'error' && c.properties.file === 'examples/mistakes.mlmodel.yaml' && c.properties.line));

  const sarif = await runCli(['publish', '--dry-run', '--format', 'sarif', '--server', sandbox.url, ...files]);
  assert.equal(sarif.code, 1, sarif.stderr);
  const run = sarifOf(sarif.stdout);
  const [plan, ...problems] = run.results;
  assert.equal(plan.ruleId, 'publish-plan');
  assert.equal(plan.kind, 'informational');
  assert.match(plan.message.text, /^mlflow_svc\.eta_predictions would create \(new model, version 0\.1\)\nlineage: 2 tables/);
  assert.equal(problems.length, 13);
  assert.ok(problems.every((p) => p.level === 'error' && p.locations[0].physicalLocation.region));
  const written = await fetch(`${sandbox.url}/api/v1/mlmodels/name/mlflow_svc.eta_predictions`);
  assert.equal(written.status, 404, 'a dry run writes nothing');
});

test('publish: --format github and sarif are for --dry-run only (exit 2, said why)', async () => {
  const r = await runCli(['publish', '--format', 'sarif', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--format sarif is for --dry-run/);
  assert.equal(r.stdout, '');
});

test('validate --format sarif: a warning acknowledged with # mlmodel-ignore is a suppressed result (inSource, the reason as justification, the comment as location); github leaves it out', async () => {
  const file = join(folder(), 'ack.mlmodel.yaml');
  writeFileSync(
    file,
    'name: m\nalgorithm: a\nservice: mlflow_svc\nmlFeatures:\n  - name: contact\n    featureSources:\n      # mlmodel-ignore sensitive-data: consented marketing use\n      - name: email\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n',
  );
  const r = await runCli(['validate', '--format', 'sarif', '--server', sandbox.url, file]);
  assert.equal(r.code, 0, r.stderr);
  const run = sarifOf(r.stdout);
  const suppressed = run.results as Array<SarifRun['results'][number] & { suppressions?: Array<{ kind: string; justification?: string; location: { physicalLocation: { region: object } } }> }>;
  assert.deepEqual(
    suppressed.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.region, x.suppressions?.map((s) => [s.kind, s.justification, s.location.physicalLocation.region])]),
    [['sensitive-data', 'warning', { startLine: 8, startColumn: 15, endLine: 8, endColumn: 20 }, [['inSource', 'consented marketing use', { startLine: 7, startColumn: 7, endLine: 7, endColumn: 63 }]]]],
  );
  const github = await runCli(['validate', '--format', 'github', '--server', sandbox.url, file]);
  assert.equal(github.stdout.trim(), '1 file valid (1 acknowledged by # mlmodel-ignore)');
});
