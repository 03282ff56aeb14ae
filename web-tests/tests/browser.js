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
  // a laptop's screen
  const viewport = { width: 1366, height: 768 };
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
  // In Firefox, Playwright's screenshot adds and removes a <style>body {}</style>; the console's CSP
  // blocks it (no inline style) and Firefox reports that: only that exact style, known by its hash
  // (sha256 of 'body {}'), is not the page's problem.
  const playwrightStyle = "'sha256-YjaKGiklmzC6wjXA513HAMmzus8VE61XCOT+SmwNZWA='";
  page.on('pageerror', (e) => {
    if (BROWSER === 'firefox' && e.message.startsWith('The page’s settings blocked an inline style (style-src-elem)')
      && e.message.includes(playwrightStyle)) return;
    problems.push({ text: `page error: ${e.message}`, url: '' });
  });
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

/**
 * Puts the keyboard focus at the top of the page, as a person who starts tabbing there: a mark
 * that takes the focus (itself no tab stop) and is gone once focus leaves it. Not
 * locator('body').focus(): the body takes no focus, so Tab would go on from the control focused
 * before and run past the end of the page, which in Firefox leaves the page for the browser's own
 * toolbar; headless Firefox then never gives the page its focus back (document.hasFocus() stays
 * false, so no :focus or :focus-visible style applies anywhere).
 */
export async function focusTop(page) {
  await page.evaluate(() => {
    window.getSelection()?.removeAllRanges();
    const mark = document.createElement('span');
    mark.tabIndex = -1;
    mark.className = 'focus-top-mark';
    mark.addEventListener('blur', () => mark.remove(), { once: true });
    (document.querySelector('dialog:modal') || document.body).prepend(mark);
    mark.focus();
  });
}

/**
 * Tabs through the page from its top until focus comes back to where it started (or max presses)
 * and says what it met: [{name, tag, inOrder, visible, outlined}] per stop, and which visible,
 * enabled controls Tab never reached. inOrder: the stop follows the previous one in the document
 * (focus order is reading order: no positive tabindex, nothing moved by CSS out of its place in
 * the tab sequence); visible: it has a box on screen once focused; outlined: the focus is drawn
 * (an outline or a box-shadow from :focus-visible).
 */
export async function tabOrder(page, max = 250) {
  // Tab starts from the top of the page: a mark focused there (not itself a tab stop), removed after.
  // The walk ends on a mark at the page's end (a tab stop while it lasts): Tab never runs past the
  // page's last control, which in Firefox would take the focus out of the page (see focusTop).
  await page.evaluate(() => {
    window.getSelection()?.removeAllRanges();
    window.__tabStops = [];
    window.__tabPrev = null;
    const root = document.querySelector('dialog:modal') || document.body;
    const end = document.createElement('span');
    end.tabIndex = 0;
    end.id = 'tab-order-end';
    root.append(end);
    const mark = document.createElement('span');
    mark.tabIndex = -1;
    mark.id = 'tab-order-start';
    root.prepend(mark);
    mark.focus();
  });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const again = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el.id === 'tab-order-end') return true;
      const stops = window.__tabStops;
      if (stops.length && el === stops[0].el) return true;
      const prev = window.__tabPrev;
      // the inner parts of one control (a date field's month, day, ..., its picker): one stop,
      // judged when the control first takes the focus (a page's style cannot reach the parts)
      if (el === prev) return false;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      stops.push({
        el,
        name: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.value || '').trim().slice(0, 40)}"`,
        inOrder: !prev || !!(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) || el.contains(prev) || prev.contains(el),
        visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
        outlined: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none',
      });
      window.__tabPrev = el;
      return false;
    });
    if (again) break;
  }
  return page.evaluate(() => {
    document.getElementById('tab-order-start')?.remove();
    // focus stays on the page: on the last stop, as after a walk by hand
    const last = window.__tabStops.at(-1)?.el;
    if (document.activeElement?.id === 'tab-order-end' && last?.isConnected) last.focus();
    document.getElementById('tab-order-end')?.remove();
    const stops = window.__tabStops;
    const reached = new Set(stops.map((s) => s.el));
    // behind a modal dialog the page is inert: only the dialog's controls count
    const modal = document.querySelector('dialog:modal');
    const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((el) => (!modal || modal.contains(el)) && !el.disabled && !el.closest('[hidden], dialog:not([open]), [inert]') && el.getClientRects().length > 0
        && getComputedStyle(el).visibility !== 'hidden'
        // a group of radio buttons is one tab stop
        && !(el.type === 'radio' && [...document.querySelectorAll(`input[type=radio][name="${el.name}"]`)].some((o) => reached.has(o))));
    return {
      stops: stops.map(({ name, inOrder, visible, outlined }) => ({ name, inOrder, visible, outlined })),
      unreached: controls.filter((el) => !reached.has(el)).map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40)}"`),
    };
  });
}

/** The problems tabOrder found, as lines (empty when the page is usable with Tab alone). */
export async function focusProblems(page) {
  const { stops, unreached } = await tabOrder(page);
  return [
    ...(stops.length === 0 ? ['Tab reaches nothing'] : []),
    ...stops.filter((s) => !s.inOrder).map((s) => `out of reading order: ${s.name}`),
    ...stops.filter((s) => !s.visible).map((s) => `focused but not on screen: ${s.name}`),
    ...stops.filter((s) => !s.outlined).map((s) => `focus not drawn: ${s.name}`),
    ...unreached.map((u) => `never reached by Tab: ${u}`),
  ];
}
