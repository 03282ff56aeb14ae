// Debian's Chromium (or Firefox ESR), headless, through playwright-core (no browser download), a fresh profile.
import { chromium, firefox } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// the folder of this file (import.meta.dirname needs Node 20.11; Debian 12 has 18)
const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The browser the tests drive: BROWSER=chromium (default) or firefox (Debian's ESR over WebDriver BiDi). */
export const BROWSER = process.env.BROWSER || 'chromium';
/** Screenshots: target/ for Chromium, target/firefox/ for Firefox. */
export const TARGET = resolve(HERE, '..', 'target', ...(BROWSER === 'chromium' ? [] : [BROWSER]));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function openBrowser() {
  mkdirSync(TARGET, { recursive: true });
  const viewport = { width: 1366, height: 860 };
  let context;
  let close;
  if (BROWSER === 'firefox') {
    // Playwright's own Firefox build cannot be downloaded here; Debian's firefox-esr speaks WebDriver BiDi.
    const browser = await firefox.launch({ channel: 'moz-firefox', executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr', headless: true });
    context = await browser.newContext({ viewport, acceptDownloads: true });
    close = () => browser.close();
  } else {
    const profile = mkdtempSync(join(tmpdir(), 'gateway-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    close = async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); };
  }
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  // {text, url}: what the page logged as an error (url: the resource it names, when it names one)
  page.on('console', (m) => { if (m.type() === 'error') problems.push({ text: m.text(), url: m.location().url }); });
  page.on('pageerror', (e) => problems.push({ text: `page error: ${e.message}`, url: '' }));
  page.on('dialog', (d) => { problems.push({ text: `unexpected dialog: ${d.message()}`, url: '' }); d.dismiss(); });
  return { context, page, problems, close };
}

/** axe-core on the page as it is: violations of WCAG A/AA rules (labels, names, contrast, ARIA). */
export async function axe(page) {
  // Evaluated, not injected as a <script>, so the page's Content-Security-Policy stays as it is.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
