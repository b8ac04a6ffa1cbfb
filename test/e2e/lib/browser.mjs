// Headless Chromium (Debian's, driven by playwright-core) with a fresh profile per run. Playwright
// starts it in its own process group; it also inherits the run id, so cleanup finds it either way.
import { chromium } from 'playwright-core';

const ARGS = [
  '--no-sandbox', // as root in CI
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser({ executablePath, dirs, groups }) {
  const context = await chromium.launchPersistentContext(dirs.browserProfile, {
    executablePath,
    headless: true,
    args: ARGS,
    env: groups.env(dirs.env),
    viewport: { width: 1440, height: 900 },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** Closes the browser, but never waits on it for long: the process groups are killed after this anyway. */
export async function closeBrowser(browser) {
  if (!browser) return;
  await Promise.race([browser.context.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
}
