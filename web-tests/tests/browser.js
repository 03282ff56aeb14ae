// Debian's Chromium, headless, through playwright-core (no browser download), a fresh profile.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// the folder of this file (import.meta.dirname needs Node 20.11; Debian 12 has 18)
const HERE = fileURLToPath(new URL('.', import.meta.url));

export const TARGET = resolve(HERE, '..', 'target');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function openBrowser() {
  mkdirSync(TARGET, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'gateway-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1366, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  // {text, url}: what the page logged as an error (url: the resource it names, when it names one)
  page.on('console', (m) => { if (m.type() === 'error') problems.push({ text: m.text(), url: m.location().url }); });
  page.on('pageerror', (e) => problems.push({ text: `page error: ${e.message}`, url: '' }));
  page.on('dialog', (d) => { problems.push({ text: `unexpected dialog: ${d.message()}`, url: '' }); d.dismiss(); });
  const close = async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); };
  return { context, page, problems, close };
}

/** axe-core on the page as it is: violations of WCAG A/AA rules (labels, names, contrast, ARIA). */
export async function axe(page) {
  // Evaluated, not injected as a <script>, so the page's Content-Security-Policy stays as it is.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
