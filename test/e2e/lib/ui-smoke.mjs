// UI smoke test through the browser: the packaged .vsix installed into a fresh code-server whose
// settings point at the run's sandbox catalog, the workbench opened on the examples, the mistakes
// example opened from the Explorer, and what the user sees checked on the page: the language in the
// status bar, error squiggles, the problem count, the Problems panel and the code lenses (shown only
// with a catalog connected). The screenshot of that editor is kept as a test artifact.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { closeBrowser, launchBrowser } from './browser.mjs';
import { installExtension, startCodeServer, workbenchUrl } from './code-server.mjs';

const FILE = 'mistakes.mlmodel.yaml';
const LANGUAGE_NAME = 'MLModel YAML';
const EXTENSION_DIR_PREFIX = 'mlmodel-yaml.mlmodel-yaml-';
/**
 * Code lenses above the `name:` line of a model with a catalog connected. The mistakes example names
 * no service (it misspells the key), so the model cannot exist on the server: no "Open in OpenMetadata".
 */
const EXPECTED_LENSES = ['Publish to OpenMetadata', 'Preview changes'];
const STEP_TIMEOUT_MS = 60_000;

export async function runUiSmoke({ tools, chromium, dirs, groups, vsix, workspace, artifacts, log }) {
  mkdirSync(artifacts, { recursive: true });
  const serverLog = join(artifacts, 'code-server.log');
  await installExtension({ tools, dirs, groups, vsix, logFile: serverLog });
  const installed = readdirSync(dirs.extensions).filter((d) => d.startsWith(EXTENSION_DIR_PREFIX));
  if (installed.length !== 1) throw new Error(`expected one ${EXTENSION_DIR_PREFIX}* in the extensions dir, found ${installed.join(', ') || 'none'}`);

  const server = await startCodeServer({ tools, dirs, groups, logFile: serverLog });
  const browser = await launchBrowser({ executablePath: chromium, dirs, groups });
  const { page } = browser;
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  let step = 'open the workbench';
  try {
    await page.goto(workbenchUrl(server, workspace), { timeout: STEP_TIMEOUT_MS });
    await page.waitForSelector('.monaco-workbench');

    step = `open ${FILE} from the Explorer`;
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).click();
    await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor();

    step = `status bar shows the language ${LANGUAGE_NAME}`;
    await page.locator('[id="status.editor.mode"]', { hasText: LANGUAGE_NAME }).waitFor();

    step = 'the editor shows error squiggles';
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.squiggly-error').first().waitFor();

    step = 'the status bar counts the errors';
    // aria-label reads "Errors: 3" or "Errors: 3, Warnings: 1"; "No Problems" when clean.
    await page.waitForFunction(() => /Errors: [1-9]/.test(document.getElementById('status.problems')?.getAttribute('aria-label') ?? ''));

    step = 'the Problems panel lists the messages';
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Did you mean' }).first().waitFor();

    for (const lens of EXPECTED_LENSES) {
      step = `the code lens "${lens}" is shown`;
      await editor.locator('.codelens-decoration', { hasText: lens }).first().waitFor();
    }

    step = "the catalog's findings are drawn (a warning squiggle: created_at is a TIMESTAMP, not `datetime`)";
    await editor.locator('.squiggly-warning').first().waitFor();

    step = 'screenshot';
    const problems = await page.locator('[id="status.problems"]').getAttribute('aria-label');
    const squiggles = await editor.locator('.squiggly-error').count();
    log(`UI: status bar "${problems}", ${squiggles} error squiggle(s) drawn, lenses ${EXPECTED_LENSES.join(' | ')}`);
    await page.mouse.move(0, 0);
    const shot = join(artifacts, 'mistakes-editor.png');
    await page.screenshot({ path: shot });
    log(`UI: screenshot ${shot}`);
  } catch (err) {
    await page.screenshot({ path: join(artifacts, 'failure.png') }).catch(() => {});
    throw new Error(`${step}: ${err.message.split('\n')[0]} (screenshot: ${join(artifacts, 'failure.png')})`);
  } finally {
    await closeBrowser(browser);
  }
}
