// Signing in, one story against a second sandbox that requires a token (started here, with a token
// made up for this run): the server is typed into the picker or picked from it, the sign-in confirms
// who is signed in or names what failed, and the status bar follows; the token goes into VS Code's
// secret storage and reaches only the server it was given for; no settings file, log or other file
// of the run holds it; signing out removes it.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { outputChannelLogs, runDir, scanFiles, userDataDir } from './disk';
import { afterRestart, codeOf, delay, describeProblem, eventually, open, workspaceUri } from './helpers';
import { hostOf, serverPicker, signIn, statusBarShows, withStubbedWindow, runCommand } from './connectionUi';
import {
  clearLoggedRequests,
  describeRequests,
  disconnectFromSandbox,
  loggedRequests,
  sandboxUrl,
  setServerUrl,
  startSandboxProcess,
  type LoggedRequest,
  type SandboxProcess,
} from './sandbox';

const FILE = 'signin.mlmodel.yaml';
// A feature on dim_customer.email, which the catalog tags PII.Sensitive: the `sensitive-data`
// warning shows only when the catalog answers.
const MODEL = [
  'name: churn_signin',
  'algorithm: XGBoost',
  'service: mlflow_svc',
  'mlFeatures:',
  '  - name: contact',
  '    dataType: categorical',
  '    featureSources:',
  '      - name: email',
  '        dataType: string',
  '        dataSource: sample_data.ecommerce_db.shopify.dim_customer',
  '',
].join('\n');

/** A JWT-shaped token for a seed user, its signature random: no other text of the run can contain it. */
function makeToken(): { token: string; signature: string } {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signature = crypto.randomBytes(32).toString('base64url');
  const token = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: 'aaron_johnson0', isBot: false, iss: 'mlmodel-e2e', jti: crypto.randomUUID() })}.${signature}`;
  return { token, signature };
}

function problems(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri);
}

function listing(uri: vscode.Uri): string {
  return problems(uri).map(describeProblem).join('\n') || 'no problems';
}

/** The file says the catalog refused to answer without a token. */
async function catalogRefused(uri: vscode.Uri, url: string): Promise<void> {
  await eventually(() => {
    const paused = problems(uri).find((d) => codeOf(d) === 'catalog-unavailable');
    assert.ok(paused, `no catalog-unavailable problem:\n${listing(uri)}`);
    assert.match(paused.message, new RegExp(`${url.replace(/[.]/g, '\\.')} requires a token \\(401\\)`), describeProblem(paused));
    assert.ok(!problems(uri).some((d) => codeOf(d) === 'sensitive-data'), listing(uri));
  });
}

/** The file shows what only the catalog knows: the email column is sensitive. */
async function catalogAnswers(uri: vscode.Uri): Promise<void> {
  await eventually(() => {
    const codes = problems(uri).map(codeOf);
    assert.ok(codes.includes('sensitive-data'), `no sensitive-data warning: the catalog did not answer:\n${listing(uri)}`);
    assert.ok(!codes.includes('catalog-unavailable'), listing(uri));
  });
}

/** Waits until no request has reached `base` for a while: the servers that were talking to it are done. */
async function quiet(base: string): Promise<LoggedRequest[]> {
  let last = -1;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await delay(500)) {
    const requests = await loggedRequests(base);
    if (requests.length === last) return requests;
    last = requests.length;
  }
  throw new Error(`requests to ${base} never stopped`);
}

/** Once requests have come to `base` and stopped coming, each must be `what`. */
async function requestsAll(base: string, what: string, expected: (r: LoggedRequest) => boolean): Promise<LoggedRequest[]> {
  await eventually(async () => assert.ok((await loggedRequests(base)).length > 0, `no request reached ${base}`));
  const requests = await quiet(base);
  const wrong = requests.filter((r) => !expected(r));
  assert.deepEqual(wrong, [], `requests to ${base} not ${what}:\n${describeRequests(wrong)}`);
  return requests;
}

/** Every call came without a token; those that need one were refused. */
async function refusedWithoutToken(base: string): Promise<void> {
  const requests = await requestsAll(base, 'without a token', (r) => r.auth === 'none');
  assert.ok(requests.some((r) => r.status === 401), `no call was refused:\n${describeRequests(requests)}`);
}

/** Clears the request log of `base` once whatever was talking to it is done. */
async function clearWhenQuiet(base: string): Promise<void> {
  await quiet(base);
  await clearLoggedRequests(base);
}

suite('Sign in (a sandbox that requires a token)', () => {
  const { token, signature } = makeToken();
  let guarded: SandboxProcess;
  let uri: vscode.Uri;
  let logLevel: string | undefined;
  const config = () => vscode.workspace.getConfiguration('mlmodel');

  suiteSetup(async () => {
    guarded = await startSandboxProcess({ token });
    uri = workspaceUri(FILE);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(MODEL));
    await open(uri);
    // Every LSP message, with its parameters, into the output channel: the token must not be in any.
    logLevel = await vscode.commands.executeCommand<string>('_extensionTests.getLogLevel');
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    await config().update('trace.server', 'verbose', vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    if (config().get('server.url') === guarded?.url) await vscode.commands.executeCommand('mlmodel.signOut');
    await config().update('server.url', undefined, vscode.ConfigurationTarget.Global);
    await config().update('trace.server', undefined, vscode.ConfigurationTarget.Workspace);
    if (logLevel) await vscode.commands.executeCommand('_extensionTests.setLogLevel', logLevel);
    await disconnectFromSandbox();
    await guarded?.stop();
  });

  test('with no server set, Sign In takes the URL typed into its picker, then the token in a password box, and confirms who is signed in; the catalog answers with the token', async () => {
    const before = config().inspect<string>('server.url');
    assert.equal(before?.globalValue ?? before?.workspaceValue, undefined, 'a server URL is already set');
    await statusBarShows('$(plug) OpenMetadata: signed out');

    const shown = await signIn(guarded.url, token);
    const picker = shown.pickers[0];
    assert.equal(picker.title, 'OpenMetadata server');
    assert.deepEqual(
      shown.boxes.map((b) => [b.title, !!b.password]),
      [[`Sign in to ${guarded.url}`, true]],
      'after the picker, the token box, which hides what is typed',
    );
    assert.equal(config().inspect<string>('server.url')?.globalValue, guarded.url, 'the URL is not in the user settings');
    // The sandbox names the token's subject as the signed-in user.
    assert.deepEqual(shown.info, [`Signed in to ${hostOf(guarded.url)} as aaron_johnson0.`]);
    assert.deepEqual(shown.errors, []);
    const bar = await statusBarShows(`$(database) OpenMetadata: aaron_johnson0 @ ${hostOf(guarded.url)}`);
    assert.match(bar.tooltip, new RegExp(`Server: ${guarded.url.replace(/[.]/g, '\\.')}\nOpenMetadata \\d+\\.\\d+\\.\\d+.*\nSigned in as aaron_johnson0`), bar.tooltip);
    assert.equal(bar.command, 'mlmodel.connectionMenu');
    await catalogAnswers(uri);

    // A restarted server reads the token from the secret storage again, and sends it on every call.
    await clearWhenQuiet(guarded.url);
    await afterRestart(uri, () => vscode.commands.executeCommand('mlmodel.restartServer'));
    await catalogAnswers(uri);
    const requests = await requestsAll(guarded.url, 'with the valid token, and accepted', (r) => r.auth === 'valid' && r.status !== 401 && r.status !== 403);
    assert.ok(requests.some((r) => r.path === '/api/v1/users/loggedInUser' && r.status === 200), describeRequests(requests));
  });

  test('the token is in no settings file, not in the output channel log (with LSP tracing on), nowhere on disk', async () => {
    const needles = [token, signature];
    const log = await eventually(() => {
      const files = outputChannelLogs();
      assert.ok(files.length > 0, `no "MLModel YAML.log" under ${userDataDir()}/logs`);
      const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
      assert.ok(text.includes(`Signed in to ${guarded.url} as aaron_johnson0.`), 'the log does not say the user signed in');
      // The trace is on: the settings sent to the server (with the URL) are in the log.
      assert.ok(text.includes(`"serverUrl": "${guarded.url}"`), 'no traced LSP message carries the server URL: tracing is off');
      return { files, text };
    });
    assert.ok(!needles.some((n) => log.text.includes(n)), `the token is in the output channel log (${log.files.join(', ')})`);

    // User settings: <user-data>/User; a remote window (code-server) keeps machine-scoped ones, like the URL, in <user-data>/Machine.
    const folder = workspaceUri().fsPath;
    const userSettings = ['User', 'Machine'].map((dir) => path.join(userDataDir(), dir, 'settings.json')).filter((f) => fs.existsSync(f));
    const holdingUrl = userSettings.filter((f) => fs.readFileSync(f, 'utf8').includes(`"${guarded.url}"`));
    assert.equal(holdingUrl.length, 1, `the URL Sign In wrote is not in one user settings file: ${userSettings.join(', ')}`);
    const settingsFiles = [...userSettings, path.join(folder, '.vscode', 'settings.json')].filter((f) => fs.existsSync(f));
    for (const file of settingsFiles) assert.ok(!needles.some((n) => fs.readFileSync(file, 'utf8').includes(n)), `the token is in ${file}`);

    // Everything the host wrote: user data, logs, extensions, XDG dirs, temp, browser profile; and the workspace.
    const scan = scanFiles([runDir(), folder], needles);
    console.log(`    (the URL in ${path.relative(userDataDir(), holdingUrl[0])}; scanned ${scan.files} files, ${(scan.bytes / 1e6).toFixed(1)} MB)`);
    assert.ok(scan.files > 20, `only ${scan.files} files scanned under ${runDir()}`);
    assert.deepEqual(scan.hits, [], `the token is on disk (${scan.files} files, ${Math.round(scan.bytes / 1024)} KB scanned)`);
  });

  test('the token goes to the server it was given for only; another server gets no Authorization header', async () => {
    const other = sandboxUrl();
    await clearWhenQuiet(other);
    await afterRestart(uri, () => setServerUrl(other)); // the workspace setting wins over the user's
    await catalogAnswers(uri);
    await requestsAll(other, 'without any Authorization header', (r) => r.auth === 'none');

    await clearWhenQuiet(guarded.url);
    await afterRestart(uri, () => setServerUrl(undefined));
    await catalogAnswers(uri);
    await requestsAll(guarded.url, 'with the valid token', (r) => r.auth === 'valid');
  });

  test('Sign Out removes the token: the server is called without it, also after a restart; the status bar says signed out', async () => {
    await clearWhenQuiet(guarded.url);
    await afterRestart(uri, () => vscode.commands.executeCommand('mlmodel.signOut'));
    await catalogRefused(uri, guarded.url);
    await refusedWithoutToken(guarded.url);
    const bar = await statusBarShows('$(key) OpenMetadata: signed out');
    assert.match(bar.tooltip, /requires a token \(401\)/);
    assert.equal(bar.command, 'mlmodel.signIn', 'a click signs in');

    await clearWhenQuiet(guarded.url);
    await afterRestart(uri, () => vscode.commands.executeCommand('mlmodel.restartServer'));
    await catalogRefused(uri, guarded.url);
    await refusedWithoutToken(guarded.url);
  });

  test('a wrong token: the sign-in says the token was rejected (401), with Retry, Open Settings and Show Output; the status bar says so', async () => {
    const shown = await afterRestart(uri, () => signIn(guarded.url, 'not-the-token'));
    assert.deepEqual(shown.info, []);
    assert.equal(shown.errors.length, 1, JSON.stringify(shown.errors));
    const [error] = shown.errors;
    assert.match(error.message, new RegExp(`^Sign-in to ${hostOf(guarded.url).replace(/[.]/g, '\\.')} failed: The token was rejected by .* \\(401\\)`), error.message);
    assert.deepEqual(error.actions, ['Retry', 'Open Settings', 'Show Output']);
    assert.ok(!error.message.includes('not-the-token'), 'the message holds the token');
    const bar = await statusBarShows('$(key) OpenMetadata: token rejected');
    assert.equal(bar.command, 'mlmodel.signIn');
  });

  test('with the server set, Sign In offers it first in the picker (Enter takes it), then asks for the token only', async () => {
    await clearWhenQuiet(guarded.url);
    const shown = await afterRestart(uri, () =>
      withStubbedWindow({ tokens: [token] }, async (s) => {
        const done = runCommand('mlmodel.signIn');
        const picker = await serverPicker(s);
        assert.deepEqual(
          picker.items.map((i) => [i.label, i.description]),
          [[guarded.url, 'configured'], ...picker.items.slice(1).map((i) => [i.label, i.description])],
          'the configured server comes first',
        );
        assert.ok(!picker.items.slice(1).some((i) => i.label === guarded.url), 'the configured server is offered twice');
        await delay(300);
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await done;
      }),
    );
    assert.deepEqual(shown.boxes.map((b) => [b.title, !!b.password]), [[`Sign in to ${guarded.url}`, true]]);
    assert.deepEqual(shown.info, [`Signed in to ${hostOf(guarded.url)} as aaron_johnson0.`]);
    await catalogAnswers(uri);
    await requestsAll(guarded.url, 'with the valid token', (r) => r.auth === 'valid');
  });

  test('a server signed in to before is offered as recent once another is configured', async () => {
    await afterRestart(uri, () => setServerUrl(sandboxUrl()));
    await withStubbedWindow({}, async (s) => {
      const done = runCommand('mlmodel.signIn');
      const picker = await serverPicker(s);
      const offered = picker.items.map((i) => [i.label, i.description]);
      assert.deepEqual(offered.slice(0, 2), [
        [sandboxUrl(), 'configured'],
        [guarded.url, 'recent'],
      ]);
      picker.hide(); // Escape: nothing changes
      await done;
    });
    await afterRestart(uri, () => setServerUrl(undefined));
    await catalogAnswers(uri);
  });
});
