// UI smoke test through the browser: the packaged .vsix installed into a fresh code-server whose
// settings point at the run's sandbox catalog, the workbench opened on the examples. Each of the
// README's journeys is driven as a user does it, by keyboard and clicks, and ends in a screenshot
// (journey-*.png) checked on what it shows. First a new file from the Explorer, a model written in
// it by completion only (keys, an enum choice, the feature snippet, a service, dashboard, table and
// column from the catalog), ending with no problem (journey-write.png). Then the mistakes
// example opened from the Explorer, and what the user sees checked on the page: the language in the
// status bar, error squiggles, the problem count, the Problems panel and the code lenses (shown only
// with a catalog connected) (mistakes-editor.png); then fixed with its quick fixes, line by line
// (a click on the line number, Ctrl+.), the error count going down with each (journey-fix.png). Then the
// lineage view of a model on the sample data: opened from the command palette, drawn in its webview
// with upstream tables from the sandbox's lineage and the sensitive column marked, fitted to the
// panel (journey-lineage.png); zoomed with its + button, by keyboard (journey-lineage-zoom.png), and
// Ctrl+wheel, panned by dragging, fitted again with Fit; in a narrow window a
// click on a table node with a long FQN puts the cursor at the start of the FQN without scrolling
// the editor sideways, and a click on a column node puts the cursor on its line. Last, that model
// published with its Publish lens: the catalog is on an address that is not loopback (a shared
// server, run.mjs), so a modal asks first, naming the server, the new version, the lineage and the
// sensitive column (journey-publish.png); Publish writes it, read back from the catalog's API.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

/** The file the write journey creates from the Explorer and writes by completion only. */
const NEW_FILE = 'churn.mlmodel.yaml';
/** What the write journey leaves in it: every key and reference picked from the suggestions. */
const WRITTEN_MODEL = [
  'name: churn',
  'algorithm: XGBoost',
  'service: mlflow_svc',
  'dashboard: sample_superset.eta_predictions_performance',
  'mlFeatures:',
  '  - name: sales',
  '    dataType: categorical',
  '    featureSources:',
  '      - dataSource: sample_data.ecommerce_db.shopify.fact_sale',
  '        dataType: number',
  '        name: gross_sales',
];

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

/** The lineage model's FQN once published: the sandbox's MLflow service and its name. */
const LINEAGE_FQN = 'mlflow_svc.shopper_churn';
/** The tables the publish adds lineage from, as the confirmation names them. */
const LINEAGE_TABLES = [`${SHOPIFY}.fact_sale`, `${SHOPIFY}."dim.product"`, `${SHOPIFY}.dim_customer`];

/** `catalog`: the URL of the sandbox the user settings point at, read back over its REST API. */
export async function runUiSmoke({ tools, chromium, dirs, groups, vsix, workspace, catalog, artifacts, log }) {
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

    step = `journey "write": a new file ${NEW_FILE} from the Explorer's New File button`;
    await page.locator('.part.sidebar .pane-header', { hasText: /ui-workspace/i }).first().hover();
    await page.locator('.part.sidebar .pane-header .action-label[aria-label^="New File"]').first().click();
    await page.locator('.explorer-folders-view .monaco-inputbox input').fill(NEW_FILE);
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: NEW_FILE }).waitFor();
    await page.locator('[id="status.editor.mode"]', { hasText: LANGUAGE_NAME }).waitFor();
    const writeEditor = page.locator('.editor-instance .monaco-editor').first();
    // Each key is found by a few letters; a key whose value the catalog knows opens that list by itself.
    step = 'journey "write": name';
    // In an empty file, letters typed alone (a bare scalar) get no suggestion from the server: the
    // list is opened with Ctrl+Space on the empty line, where the required `name` comes first.
    await page.keyboard.press('Control+Space');
    await pick(page, '', 'name');
    await page.keyboard.type('churn');
    step = 'journey "write": algorithm';
    await newLine(page);
    await pick(page, 'alg', 'algorithm');
    await page.keyboard.type('XGBoost');
    step = 'journey "write": service, from the catalog';
    await newLine(page);
    await pick(page, 'servi', 'service');
    await pick(page, '', 'mlflow_svc');
    step = 'journey "write": dashboard, from the catalog by a part of its name';
    await newLine(page);
    await pick(page, 'dash', 'dashboard');
    await pick(page, 'eta', 'eta_predictions_performance');
    step = 'journey "write": mlFeatures and its feature snippet';
    await newLine(page);
    await pick(page, 'mlF', 'mlFeatures');
    await pick(page, '', /feature$/);
    await page.keyboard.type('sales');
    step = "journey \"write\": the feature's dataType, an enum choice";
    await nextStop(page);
    await pick(page, 'cat', 'categorical');
    step = 'journey "write": the table, from the catalog';
    // Whether accepting the choice moves on to the next tab stop by itself, and when, is not
    // something to wait for: the user goes to the table's line with the mouse instead of Tab.
    await endOfLine(page, writeEditor, WRITTEN_MODEL.indexOf('      - dataSource: sample_data.ecommerce_db.shopify.fact_sale') + 1);
    await pick(page, 'fact_s', 'fact_sale');
    step = "journey \"write\": the column, from the table's columns (writes its dataType)";
    await endOfLine(page, writeEditor, WRITTEN_MODEL.indexOf('      - dataSource: sample_data.ecommerce_db.shopify.fact_sale') + 2);
    const columns = await pick(page, 'gross', 'gross_sales');
    log(`UI: write journey, the column suggestions for "gross": ${columns.join(' | ')}`);
    step = 'journey "write": the model is clean';
    await page.waitForFunction(() => document.getElementById('status.problems')?.getAttribute('aria-label') === 'No Problems');
    const written = (await writeEditor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ').split('\n').map((l) => l.trimEnd()).filter((l) => l);
    if (written.join('\n') !== WRITTEN_MODEL.join('\n')) throw new Error(`the editor shows\n${written.join('\n')}\nnot\n${WRITTEN_MODEL.join('\n')}`);
    if (await writeEditor.locator('.squiggly-error, .squiggly-warning').count()) throw new Error('squiggles are drawn on the written model');
    // The tab's and the Explorer's problem count follow the status bar a moment later.
    log(`UI: write journey, the tab's problem badge when the status bar says No Problems: ${JSON.stringify(await tabBadge(page))}`);
    await until(async () => (await tabBadge(page)) === '');
    await shoot(page, artifacts, 'journey-write.png', log);

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
    await shoot(page, artifacts, 'mistakes-editor.png', log);

    step = `journey "fix": ${FILE}'s commented lines, each selected (a click on its number) and fixed with its quick fix (Ctrl+.)`;
    const fixes = [];
    // Errors, not problems: a fix may leave a warning behind (`datetime` → `date` on a TIMESTAMP column).
    let count = await errorCount(page);
    const initial = count;
    // Each mistake's line carries a comment saying what is wrong; those offering a choice ("did you
    // mean", "a or b") are the ones a quick fix can guess. A fix changes text, not lines.
    const mistakeLines = readFileSync(join(workspace, FILE), 'utf8').split('\n').flatMap((l, i) => (i > 1 && /#.*(did you mean| or )/.test(l) ? [i + 1] : []));
    for (const n of mistakeLines) {
      await editor.locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^\\s*${n}\\s*$`) }).click();
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: /Change to|Add the missing/ }).first();
      const none = page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions' });
      const menu = page.locator('.action-widget .monaco-list-row').first();
      // Ctrl+. pressed while the editor is still taking the click is lost now and then: pressed again.
      await until(async () => {
        await page.keyboard.press('Control+.');
        return until(async () => (await menu.isVisible()) || (await none.isVisible()), 5_000).then(() => true, () => false);
      });
      if (!(await fix.isVisible())) {
        await page.keyboard.press('Escape');
        continue;
      }
      const title = (await fix.innerText()).trim();
      await fix.click();
      await until(async () => (await errorCount(page)) < count);
      const after = await errorCount(page);
      fixes.push(`Ln ${n}: ${title} (${count} → ${after})`);
      count = after;
    }
    log(`UI: fix journey, ${fixes.length} quick fix(es): ${fixes.join('; ')}`);
    if (fixes.length < 4) throw new Error(`only ${fixes.length} quick fix(es) applied: ${fixes.join('; ')}`);
    const left = await page.locator('.markers-panel .monaco-list-row').count();
    await page.keyboard.press('ArrowLeft');
    log(`UI: fix journey, errors ${initial} → ${count}; the Problems panel has ${left} row(s)`);
    await page.mouse.move(0, 0);
    await shoot(page, artifacts, 'journey-fix.png', log);

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
    await shoot(page, artifacts, 'journey-lineage.png', log);

    step = 'the + button, pressed twice with the keyboard, zooms in by 1.25 each time';
    const zoomIn = view.locator('button#zoom-in');
    if ((await zoomIn.getAttribute('title')) !== 'Zoom in (+)') throw new Error(`the + button's title is ${await zoomIn.getAttribute('title')}`);
    await zoomIn.focus();
    await zoomIn.press('Enter');
    await until(async () => Math.abs((await shown(svg)).scale / fitted.scale - 1.25) < 0.01);
    await zoomIn.press('Enter');
    await until(async () => Math.abs((await shown(svg)).scale / fitted.scale - 1.5625) < 0.01);
    const buttonZoomed = await shown(svg);
    log(`UI: lineage view zoomed with + to ${buttonZoomed.zoom} (${buttonZoomed.scale.toFixed(2)})`);
    await shoot(page, artifacts, 'journey-lineage-zoom.png', log);

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
    log(`UI: lineage view zoomed with Ctrl+wheel to ${zoomed.zoom}`);

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

    // The view draws again after each edit (and each catalog answer): that must not take the focus
    // back to the node the user clicked, or the next keys would go to the view.
    step = 'after the click, keys go to the editor, also after the view has drawn the edit they made';
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    await view.locator('g.node.kind-column', { hasText: 'emailx' }).waitFor();
    await page.keyboard.press('Backspace');
    await until(async () => (await view.locator('g.node.kind-column', { hasText: 'emailx' }).count()) === 0);
    await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${EMAIL_LINE},` }).waitFor();

    step = `journey "publish": ${LINEAGE_FQN} is not in the catalog yet`;
    if ((await catalogModel(catalog, LINEAGE_FQN)) !== undefined) throw new Error(`${LINEAGE_FQN} is in the catalog before the publish`);
    const host = new URL(catalog).host;
    step = `journey "publish": the Publish lens asks first, in a modal naming ${host}`;
    await page.setViewportSize({ width: 1600, height: 1000 });
    await lineageEditor.locator('.codelens-decoration a', { hasText: 'Publish to OpenMetadata' }).first().click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const question = (await dialog.locator('.dialog-message-text').innerText()).trim();
    if (question !== `Create ${LINEAGE_FQN} on ${host}?`) throw new Error(`the dialog asks "${question}"`);
    const detail = (await dialog.locator('.dialog-message-detail').innerText()).trim();
    const expected = [`Server: ${catalog}`, 'Model: new, version 0.1', ...LINEAGE_TABLES, 'Sensitive data (1):', 'PII.Sensitive'];
    const missing = expected.filter((e) => !detail.includes(e));
    if (missing.length) throw new Error(`the dialog's detail lacks ${missing.join(', ')}:\n${detail}`);
    const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim()).filter((b) => b);
    log(`UI: publish journey, the dialog asks "${question}" with ${buttons.join(' | ')}; detail:\n${detail}`);
    // The plan is made: its progress notification goes (VS Code may show one for a moment after its work ends).
    await page.locator('.notification-toast', { hasText: 'Planning the publish' }).waitFor({ state: 'hidden', timeout: 10_000 });
    await shoot(page, artifacts, 'journey-publish.png', log);

    step = 'journey "publish": Publish writes the model and says so';
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Publish$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const toast = page.locator('.notification-toast', { hasText: `Published ${LINEAGE_FQN}` });
    await toast.waitFor();
    log(`UI: publish journey, the notification says "${(await toast.locator('.notification-list-item-message').innerText()).trim()}"`);
    const published = await catalogModel(catalog, LINEAGE_FQN);
    if (published?.version !== 0.1) throw new Error(`the catalog has ${LINEAGE_FQN} at version ${published?.version}, not 0.1`);
    step = 'journey "publish": the lens "Open in OpenMetadata" appears once the model exists';
    await lineageEditor.locator('.codelens-decoration', { hasText: 'Open in OpenMetadata' }).first().waitFor();
  } catch (err) {
    await page.screenshot({ path: join(artifacts, 'failure.png') }).catch(() => {});
    throw new Error(`${step}: ${err.message.split('\n')[0]} (screenshot: ${join(artifacts, 'failure.png')})`);
  } finally {
    await closeBrowser(browser);
  }
}

/** A model as the catalog's REST API has it, or undefined when it has none by that FQN. */
async function catalogModel(catalog, fqn) {
  const res = await fetch(`${catalog}/api/v1/mlmodels/name/${encodeURIComponent(fqn)}`, { signal: AbortSignal.timeout(10_000) });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${fqn} answered ${res.status}`);
  return res.json();
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

/** Saves a screenshot of the page, the pointer out of the way, into the artifacts. */
async function shoot(page, artifacts, name, log) {
  await page.mouse.move(0, 0);
  const path = join(artifacts, name);
  await page.screenshot({ path });
  log(`UI: screenshot ${path}`);
}

/** The errors the status bar counts: its label reads "Errors: 3, Warnings: 1" or "No Problems". */
async function errorCount(page) {
  const label = (await page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '';
  return Number(/Errors: (\d+)/.exec(label)?.[1] ?? 0);
}

/** The problem count VS Code draws after the active tab's name (a CSS ::after badge), or ''. */
async function tabBadge(page) {
  return page.locator('.tabs-container .tab.active').evaluate((tab) =>
    [tab, ...tab.querySelectorAll('*')]
      .map((e) => getComputedStyle(e, '::after').content)
      .filter((c) => /\d/.test(c))
      .join(' '),
  );
}

/** The cursor's position as the status bar shows it. */
async function cursor(page) {
  const text = await page.locator('[id="status.editor.selection"]').textContent();
  const [, line, column] = /Ln (\d+), Col (\d+)/.exec(text) ?? [];
  return { line: Number(line), column: Number(column) };
}

const SUGGEST = '.editor-widget.suggest-widget.visible';

/**
 * Types `typed` (nothing: the list is already opening) and accepts, with Enter, the suggestion the
 * widget has selected once it is `label` (a string or pattern for its name). Returns the names the
 * widget listed.
 */
async function pick(page, typed, label) {
  if (typed) await page.keyboard.type(typed, { delay: 60 });
  // Not every position opens the list as you type (a key at the start of a line does not): then
  // Ctrl+Space, as a user does.
  if (!(await page.locator(SUGGEST).waitFor({ timeout: 2_000 }).then(() => true, () => false))) await page.keyboard.press('Control+Space');
  const focused = page.locator(`${SUGGEST} .monaco-list-row.focused .label-name`);
  const matches = (name) => (typeof label === 'string' ? name === label : label.test(name));
  let seen = '';
  try {
    await until(async () => matches((seen = ((await focused.allInnerTexts())[0] ?? '').trim())), 15_000);
  } catch {
    throw new Error(`the suggestions did not select ${label} after typing "${typed}" (selected: "${seen}")`);
  }
  const names = (await page.locator(`${SUGGEST} .monaco-list-row .label-name`).allInnerTexts()).map((n) => n.trim());
  await page.keyboard.press('Enter');
  return names;
}

/** Closes a suggestion list that opened by itself (Enter would accept it), then starts a new line. */
async function newLine(page) {
  await new Promise((r) => setTimeout(r, 300));
  if (await page.locator(SUGGEST).isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
}

/** Puts the cursor at the end of the editor's 1-based line `n`: a click on its number (which selects the line), Left, End. */
async function endOfLine(page, editor, n) {
  await editor.locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^\\s*${n}\\s*$`) }).click();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('End');
  await until(async () => (await cursor(page)).line === n);
}

/** Moves to the snippet's next tab stop with Tab, once no suggestion list would take the Tab. */
async function nextStop(page) {
  await new Promise((r) => setTimeout(r, 300));
  if (await page.locator(SUGGEST).isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
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
