// UI smoke test through the browser: the packaged .vsix installed into a fresh code-server whose
// settings point at the run's sandbox catalog, the workbench opened on the examples, the mistakes
// example opened from the Explorer, and what the user sees checked on the page: the language in the
// status bar, error squiggles, the problem count, the Problems panel and the code lenses (shown only
// with a catalog connected). The screenshot of that editor is kept as a test artifact. Then the
// lineage view of a model on the sample data: opened from the command palette, drawn in its webview
// with upstream tables from the sandbox's lineage and the sensitive column marked, fitted to the
// panel (screenshot lineage-fit.png); zoomed with its + button (by keyboard) and Ctrl+wheel
// (screenshot lineage-zoom.png), panned by dragging, fitted again with Fit; in a narrow window a
// click on a table node with a long FQN puts the cursor at the start of the FQN without scrolling
// the editor sideways, and a click on a column node puts the cursor on its line.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

/** The model whose lineage is drawn: two features on "dim.product" (which the seed's lineage feeds) and on a sensitive column. */
const LINEAGE_FILE = 'shopper_churn.mlmodel.yaml';
const SHOPIFY = 'sample_data.ecommerce_db.shopify';
const LINEAGE_MODEL = [
  'name: shopper_churn',
  'displayName: Shopper churn',
  'algorithm: XGBoost',
  'service: mlflow_svc',
  'dashboard: sample_superset.eta_predictions_performance',
  'mlFeatures:',
  '  - name: sales',
  '    dataType: numerical',
  '    featureSources:',
  '      - name: gross_sales',
  '        dataType: number',
  `        dataSource: ${SHOPIFY}.fact_sale`,
  '  - name: product',
  '    dataType: categorical',
  '    featureSources:',
  '      - name: title',
  '        dataType: string',
  `        dataSource: ${SHOPIFY}."dim.product"`,
  '  - name: contact',
  '    dataType: categorical',
  '    featureSources:',
  '      - name: email',
  '        dataType: string',
  `        dataSource: ${SHOPIFY}.dim_customer`,
  '',
].join('\n');
/** 1-based line of `- name: email`'s value, where a click on its node puts the cursor. */
const EMAIL_LINE = LINEAGE_MODEL.split('\n').indexOf('      - name: email') + 1;
/** 1-based line and column of the "dim.product" FQN, the longest line: where a click on its table node puts the cursor. */
const PRODUCT_LINE = LINEAGE_MODEL.split('\n').findIndex((l) => l.endsWith('"dim.product"')) + 1;
const PRODUCT_COLUMN = LINEAGE_MODEL.split('\n')[PRODUCT_LINE - 1].indexOf('sample_data') + 1;

export async function runUiSmoke({ tools, chromium, dirs, groups, vsix, workspace, artifacts, log }) {
  mkdirSync(artifacts, { recursive: true });
  const serverLog = join(artifacts, 'code-server.log');
  await installExtension({ tools, dirs, groups, vsix, logFile: serverLog });
  const installed = readdirSync(dirs.extensions).filter((d) => d.startsWith(EXTENSION_DIR_PREFIX));
  if (installed.length !== 1) throw new Error(`expected one ${EXTENSION_DIR_PREFIX}* in the extensions dir, found ${installed.join(', ') || 'none'}`);

  writeFileSync(join(workspace, LINEAGE_FILE), LINEAGE_MODEL);
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

    // `datetime` is outside the format (an error) and contradicts the column (a warning): one
    // mistake, one squiggle, the catalog's finding said with it in the Problems panel.
    step = "the catalog's findings are shown (created_at is a TIMESTAMP, said with the error on `datetime`)";
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'is TIMESTAMP' }).first().waitFor();

    step = 'screenshot';
    const problems = await page.locator('[id="status.problems"]').getAttribute('aria-label');
    const squiggles = await editor.locator('.squiggly-error').count();
    log(`UI: status bar "${problems}", ${squiggles} error squiggle(s) drawn, lenses ${EXPECTED_LENSES.join(' | ')}`);
    await page.mouse.move(0, 0);
    const shot = join(artifacts, 'mistakes-editor.png');
    await page.screenshot({ path: shot });
    log(`UI: screenshot ${shot}`);

    step = `open ${LINEAGE_FILE} from the Explorer`;
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: LINEAGE_FILE }).click();
    await page.locator('.tabs-container .tab.active', { hasText: LINEAGE_FILE }).waitFor();
    const lineageEditor = page.locator('.editor-instance .monaco-editor', { has: page.locator('.codelens-decoration', { hasText: 'Show lineage' }) }).first();

    step = 'the code lens "Show lineage" is shown';
    await lineageEditor.locator('.codelens-decoration', { hasText: 'Show lineage' }).first().waitFor();

    step = 'run MLModel: Show Lineage from the command palette';
    await runCommand(page, 'MLModel: Show Lineage');
    await page.locator('.tabs-container .tab', { hasText: `Lineage: ${LINEAGE_FILE}` }).waitFor();

    // A webview is an iframe holding the page's own iframe.
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    step = 'the lineage view draws the model, its features and their columns';
    await view.locator('g.node.kind-model', { hasText: 'Shopper churn' }).waitFor();
    step = 'the lineage view draws the upstream tables the catalog knows (raw_order feeds "dim.product")';
    await view.locator('g.node.kind-upstreamTable', { hasText: 'raw_order' }).waitFor();
    step = 'the sensitive column is marked';
    const email = view.locator('g.node.kind-column.sensitive', { hasText: 'email' });
    await email.waitFor();
    await view.locator('g.node.sensitive text.badge-sensitive', { hasText: 'PII.Sensitive' }).first().waitFor();
    const counts = await view.locator('svg').first().evaluate((svg) => ({ nodes: svg.querySelectorAll('g.node').length, edges: svg.querySelectorAll('path.edge').length }));
    log(`UI: lineage view drew ${counts.nodes} nodes and ${counts.edges} edges`);

    step = 'room for the screenshot: the Problems panel and the side bar closed, a wider window';
    // Keys go to the file's editor: the webview would keep them in its own frame. The cursor goes to
    // line 1, so that only the click on the node below can put it on the email line.
    await lineageEditor.locator('.view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.locator('[id="status.editor.selection"]', { hasText: 'Ln 1, Col 1' }).waitFor();
    await page.keyboard.press('Control+J');
    await page.locator('.markers-panel').waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 1920, height: 1000 });
    step = 'the lineage view fits the whole picture to its new size';
    const svg = view.locator('svg').first();
    await until(async () => (await shown(svg)).whole);
    const fitted = await shown(svg);
    log(`UI: lineage view fitted at ${fitted.zoom} (${fitted.scale.toFixed(2)}), picture ${fitted.picture.width}×${fitted.picture.height}`);

    step = 'screenshot of the fitted lineage view';
    await page.mouse.move(0, 0);
    const fitShot = join(artifacts, 'lineage-fit.png');
    await page.screenshot({ path: fitShot });
    log(`UI: screenshot ${fitShot}`);

    step = 'the + button, pressed with the keyboard, zooms in';
    const zoomIn = view.locator('button#zoom-in');
    if ((await zoomIn.getAttribute('title')) !== 'Zoom in (+)') throw new Error(`the + button's title is ${await zoomIn.getAttribute('title')}`);
    await zoomIn.focus();
    await zoomIn.press('Enter');
    await until(async () => (await shown(svg)).scale > fitted.scale * 1.2);

    step = 'Ctrl+wheel over the model zooms in about it';
    const model = view.locator('g.node.kind-model');
    const before = await shown(svg);
    const at = await model.boundingBox();
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await until(async () => (await shown(svg)).scale > before.scale * 1.1);
    const afterWheel = await model.boundingBox();
    // Zoomed about the pointer: the model's centre stays under it, sideways (the picture is wider than
    // the panel). Vertically it fits, so it is held whole in the panel and may move.
    const drift = Math.abs(afterWheel.x + afterWheel.width / 2 - (at.x + at.width / 2));
    if (drift > 4) throw new Error(`the model moved ${drift.toFixed(1)} px sideways away from the pointer`);
    const zoomed = await shown(svg);
    log(`UI: lineage view zoomed to ${zoomed.zoom}`);

    step = 'screenshot of the zoomed lineage view';
    await page.mouse.move(0, 0);
    const zoomShot = join(artifacts, 'lineage-zoom.png');
    await page.screenshot({ path: zoomShot });
    log(`UI: screenshot ${zoomShot}`);

    step = 'dragging the background pans the picture';
    const graph = await view.locator('#graph').boundingBox();
    // A point of the background (on no node), from the bottom-left corner up.
    const start = await view.locator('#graph').evaluate((g) => {
      const bounds = g.getBoundingClientRect();
      for (let y = bounds.bottom - 5; y > bounds.top; y -= 10) {
        for (let x = bounds.left + 5; x < bounds.right; x += 10) if (!document.elementFromPoint(x, y)?.closest('g.node')) return { x: x - bounds.left, y: y - bounds.top };
      }
      return undefined;
    });
    if (!start) throw new Error('no empty background to drag');
    await page.mouse.move(graph.x + start.x, graph.y + start.y);
    await page.mouse.down();
    await page.mouse.move(graph.x + start.x + 80, graph.y + start.y + 40, { steps: 5 });
    await page.mouse.up();
    await until(async () => {
      const now = await shown(svg);
      return now.scale === zoomed.scale && (now.x !== zoomed.x || now.y !== zoomed.y);
    });

    step = 'Fit fits the whole picture again';
    await view.locator('button#zoom-fit').click();
    await until(async () => {
      const now = await shown(svg);
      return now.whole && Math.abs(now.scale - fitted.scale) < 1e-6;
    });

    step = `in a narrow window, clicking the "dim.product" table node puts the cursor at ${PRODUCT_LINE}:${PRODUCT_COLUMN} without scrolling the editor sideways`;
    await page.setViewportSize({ width: 1100, height: 800 });
    await lineageEditor.locator('.view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.locator('[id="status.editor.selection"]', { hasText: 'Ln 1, Col 1' }).waitFor();
    const editorWidth = await lineageEditor.evaluate((e) => e.getBoundingClientRect().width);
    const scrollBefore = await horizontalScroll(lineageEditor);
    await view.locator('g.node.kind-table', { hasText: 'dim.product' }).click();
    await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${PRODUCT_LINE},` }).waitFor();
    // The editor may scroll a moment after the cursor moves.
    await new Promise((r) => setTimeout(r, 500));
    const scrollAfter = await horizontalScroll(lineageEditor);
    log(`UI: editor ${Math.round(editorWidth)} px wide; horizontal scroll before the click ${scrollBefore}, after ${scrollAfter}`);
    if (scrollAfter !== scrollBefore) throw new Error(`the editor scrolled sideways from ${scrollBefore} to ${scrollAfter}`);
    const selection = await page.locator('[id="status.editor.selection"]').textContent();
    if (selection.trim() !== `Ln ${PRODUCT_LINE}, Col ${PRODUCT_COLUMN}`) throw new Error(`the cursor is at "${selection.trim()}", not at the FQN's start with nothing selected`);

    step = `clicking the email node puts the cursor on line ${EMAIL_LINE} of ${LINEAGE_FILE}`;
    await email.click();
    await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${EMAIL_LINE},` }).waitFor();
  } catch (err) {
    await page.screenshot({ path: join(artifacts, 'failure.png') }).catch(() => {});
    throw new Error(`${step}: ${err.message.split('\n')[0]} (screenshot: ${join(artifacts, 'failure.png')})`);
  } finally {
    await closeBrowser(browser);
  }
}

/** What the lineage view's SVG shows: its viewBox, the picture's size, whether the whole picture is in view, the zoom level shown. */
async function shown(svg) {
  return svg.evaluate((element) => {
    const box = element.viewBox.baseVal;
    const picture = { width: Number(element.getAttribute('data-width')), height: Number(element.getAttribute('data-height')) };
    const scale = element.getBoundingClientRect().width / box.width;
    const whole = box.x <= 0 && box.y <= 0 && box.x + box.width >= picture.width - 0.01 && box.y + box.height >= picture.height - 0.01;
    return { x: box.x, y: box.y, scale, picture, whole, zoom: document.getElementById('zoom-level')?.textContent };
  });
}

/** How far the editor is scrolled sideways, in pixels: Monaco moves its lines' layer left by that much. */
async function horizontalScroll(editor) {
  return editor.locator('.lines-content').evaluate((e) => -parseFloat(e.style.left || '0'));
}

/** Runs a command by its title from the command palette, as a user does. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Resolves once `check` answers true; rejects after `ms`. */
async function until(check, ms = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
