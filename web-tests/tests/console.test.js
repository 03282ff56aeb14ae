// The web console in Chromium against a real node: log in, ingest with live progress (SSE),
// search by a misspelled name and see the poster, an asset named with HTML renders as text,
// no console errors, axe-core finds no violations on any page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startNode, gateway, makeOriginal } from './node.js';
import { openBrowser, axe, TARGET } from './browser.js';

const PROJECT = 'feature';
const USER = 'ana';
const PASSWORD = 'web-console-test-1';
const XSS = '<img src=x onerror=alert(1)>';
let node;
let browser;

before(async () => {
  node = await startNode();
  mkdirSync(node.cards, { recursive: true });
  makeOriginal(join(node.cards, 'A002C004.mov'));
  makeOriginal(join(node.cards, `${XSS}.mov`));
  // ingest needs the assistant role (an editor may read and conform, not ingest)
  gateway('user', 'add', USER, `--password=${PASSWORD}`, `--grant=${PROJECT}=assistant`, `--store=${node.store}`);
  browser = await openBrowser();
}, { timeout: 360_000 });

after(async () => {
  await browser?.context.close();
  await node?.stop();
});

/** Runs one step; on failure keeps a screenshot under target/ and says where. */
async function step(name, fn) {
  try {
    await fn(browser.page);
  } catch (e) {
    const shot = join(TARGET, `failure-${name}.png`);
    await browser.page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    e.message += `\n(screenshot: ${shot})`;
    throw e;
  }
}

async function noViolations(page, what) {
  assert.deepEqual(await axe(page), [], `axe on ${what}`);
}

test('the console: log in, ingest live, search, asset page, escaping, accessibility', { timeout: 300_000 }, async () => {
  await step('login', async (page) => {
    const res = await page.goto(`${node.url}/`);
    assert.match(res.headers()['content-security-policy'], /default-src 'self'/);
    await page.getByRole('dialog').waitFor();
    await noViolations(page, 'the log-in dialog');
    await page.screenshot({ path: join(TARGET, 'login.png') });
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('UNAUTHENTICATED: wrong user name or password').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText(`Logged in as ${USER}`).waitFor();
  });

  await step('ingest', async (page) => {
    await page.getByRole('heading', { name: 'Ingest' }).waitFor();
    await page.locator('#stream-state', { hasText: 'live' }).waitFor();
    await page.getByLabel(/^Path on the node/).fill(join(node.cards, 'outside', '..', '..', 'elsewhere.mov'));
    await page.getByRole('button', { name: 'Ingest' }).click();
    await page.getByRole('alert').filter({ hasText: /PERMISSION_DENIED|NOT_FOUND/ }).waitFor();
    await page.getByLabel(/^Path on the node/).fill(join(node.cards, 'A002C004.mov'));
    await page.getByRole('button', { name: 'Ingest' }).click();
    const row = page.locator('tr', { hasText: 'A002C004.mov' });
    // The row's state comes from the event stream; DONE only once the asset is searchable.
    await row.locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 120_000 });
    assert.equal(await row.locator('progress').getAttribute('value'), '100');
    assert.match(await row.textContent(), /100 %/);
    await page.getByLabel(/^Path on the node/).fill(join(node.cards, `${XSS}.mov`));
    await page.getByRole('button', { name: 'Ingest' }).click();
    await page.locator('tr', { hasText: XSS }).locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 120_000 });
    await noViolations(page, 'the ingest page');
    await page.screenshot({ path: join(TARGET, 'ingest.png'), fullPage: true });
  });

  await step('search', async (page) => {
    await page.getByRole('link', { name: 'Search' }).click();
    const q = page.getByRole('combobox', { name: /^Query/ });
    await q.fill('A002');
    await page.getByRole('option', { name: 'A002C004.mov' }).waitFor();
    await q.fill('A002C04'); // one character missing: typo tolerance
    await q.press('Enter');
    const card = page.locator('.card', { hasText: 'A002C004.mov' });
    await card.waitFor();
    await card.locator('img.poster[src^="blob:"]').waitFor();
    const poster = await card.locator('img.poster').evaluate((img) => img.complete && img.naturalWidth);
    assert.ok(poster > 0, 'the poster decoded');
    await page.locator('.facets input[type=checkbox]').first().waitFor();
    await noViolations(page, 'the search page');
    await page.screenshot({ path: join(TARGET, 'search.png'), fullPage: true });
  });

  await step('asset', async (page) => {
    await page.locator('#search-q').fill('onerror');
    await page.locator('#search-q').press('Enter');
    const card = page.locator('.card', { hasText: XSS });
    await card.waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the name');
    await card.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `${XSS}.mov` }).waitFor();
    assert.equal(await page.locator('h1 img').count(), 0);
    await page.getByRole('heading', { name: 'Renditions' }).waitFor();
    await page.locator('.thumbs img[src^="blob:"]').first().waitFor();
    await noViolations(page, 'the asset page');
    await page.screenshot({ path: join(TARGET, 'asset.png'), fullPage: true });
  });

  assert.deepEqual(browser.problems, [], 'no console errors, page errors or dialogs');
});
