// The console's administration and session in Chromium against a real node: an admin adds a user
// with a grant on another project, who then sees none of the first (search, the asset's URL, the
// audit page each show the node's reason); a failed job is retried from the queue and runs again;
// an ended session returns to log-in and the form keeps what was typed; log-out revokes the
// refresh token. No console errors; axe-core finds nothing on any page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startNode, gateway, makeOriginal } from './node.js';
import { openBrowser, axe, TARGET, focusProblems, focusTop } from './browser.js';

const FEATURE = 'feature';
const OTHER = 'other';
const ADMIN = 'boss';
const ADMIN_PASSWORD = 'web-admin-test-1';
const NEWCOMER = 'carol';
const NEWCOMER_PASSWORD = 'web-carol-test-1';
const CLIP = 'A003C001.mov';
const BROKEN = 'B009C009.mov';
const LONG = 'L002C001.mov';
const WATCHED = 'W001C001.mov';
const NEW_PROJECT = 'trailer';
// The refusals these tests provoke on purpose (a revoked session, a foreign project's asset and
// audit log): Chromium logs each refused fetch as a console error; nothing else may appear.
const PROVOKED = /^Failed to load resource: the server responded with a status of (401 \(Unauthorized\)|403 \(Forbidden\)|404 \(Not Found\)|409 \(Conflict\))$/;
let node;
let browser;

/** Console errors, page errors and dialogs, less the refusals a test provoked. */
function problems() {
  // the harness records {text, url}: only the refusals these tests provoke (401/403/404 answers) are left out
  const left = browser.problems.filter((p) => !PROVOKED.test(p.text)).map((p) => `${p.text} (${p.url})`);
  browser.problems.length = 0;
  return left;
}
let assetId;

before(async () => {
  node = await startNode({ watchFolders: [{ name: 'watch', project: FEATURE, copy: true }] });
  mkdirSync(node.cards, { recursive: true });
  makeOriginal(join(node.cards, CLIP));
  makeOriginal(join(node.cards, 'watch', WATCHED), { seconds: 1, size: '160x90' });
  // Not media at all: the probe fails on both tries and the job is quarantined.
  writeFileSync(join(node.cards, BROKEN), randomBytes(64 * 1024));
  gateway('user', 'add', ADMIN, `--password=${ADMIN_PASSWORD}`, `--grant=${FEATURE}=admin`, `--grant=${OTHER}=admin`,
    `--store=${node.store}`);
  browser = await openBrowser();
}, { timeout: 360_000 });

after(async () => {
  await browser?.close();
  await node?.stop();
});

/** Runs one step; on failure keeps a screenshot under target/ and says where. */
async function step(name, fn) {
  try {
    await fn(browser.page);
  } catch (e) {
    const shot = join(TARGET, `failure-admin-${name}.png`);
    await browser.page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    e.message += `\n(screenshot: ${shot})`;
    throw e;
  }
}

async function noViolations(page, what, tolerated = []) {
  const found = (await axe(page)).filter((v) => !tolerated.some((t) => v.startsWith(`${t}:`)));
  assert.deepEqual(found, [], `axe on ${what}`);
}

/**
 * Opens a page of the console by its hash: in the document already loaded, as a link does (a
 * same-document navigation; Playwright's goto would wait for a load that Firefox never fires for it).
 */
async function go(page, hash) {
  if (page.url().startsWith(`${node.url}/`)) await page.evaluate((h) => { location.hash = h; }, hash);
  else await page.goto(`${node.url}/${hash}`);
}

/** A page with nobody logged in (a test that failed half-way may have left a session). */
async function fresh(page) {
  await page.goto(`${node.url}/`);
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${node.url}/`);
  await page.reload();
}

/** A REST call from the test itself (not the page): the node's JSON answer and status. */
async function rest(method, path, { token, json } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${node.url}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function logIn(page, user, password) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByLabel('User name').fill(user);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await page.getByText(`Logged in as ${user}`).waitFor();
  await dialog.waitFor({ state: 'hidden' });
}

async function logOut(page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('dialog').waitFor();
}

async function ingest(page, file) {
  await go(page, `#/ingest`);
  await page.locator('#stream-state', { hasText: 'live' }).waitFor();
  await page.getByLabel(/^Path on the node/).fill(join(node.cards, file));
  await page.getByRole('button', { name: 'Ingest', exact: true }).click();
  return page.locator('#view tbody tr', { hasText: file }).first();
}

test('admin: a user added with a grant on another project sees none of the first', { timeout: 300_000 }, async () => {
  await step('admin-login', async (page) => {
    await page.goto(`${node.url}/`);
    await logIn(page, ADMIN, ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Admin' }).waitFor();
    await page.locator('#project').selectOption(FEATURE);
    const row = await ingest(page, CLIP);
    await row.locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 120_000 });
    const href = await row.getByRole('link').getAttribute('href');
    assetId = decodeURIComponent(href.split('/').pop());
    assert.ok(assetId.length > 0);
  });

  await step('admin-page', async (page) => {
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.getByRole('row', { name: new RegExp(`^${ADMIN}\\b`) }).waitFor();
    await page.getByLabel('New user name').fill(NEWCOMER);
    await page.getByLabel(/^Password \(empty/).fill(NEWCOMER_PASSWORD);
    await page.getByLabel('Grant on project').selectOption(OTHER);
    await page.locator('#user-role').selectOption('editor');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText(`Added ${NEWCOMER}.`).waitFor();
    const carol = page.locator(`tr[data-user="${NEWCOMER}"]`);
    await carol.getByText(`${OTHER}: editor`).waitFor();
    assert.doesNotMatch(await carol.textContent(), new RegExp(FEATURE), 'no grant on the first project');

    // The audit log of the first project, filtered to the admin's user additions, and the chain verified.
    await page.locator('#audit-project').selectOption(OTHER);
    await page.getByLabel('Actor').fill(ADMIN);
    await page.getByLabel('Action').fill('USER_ADD');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#audit tbody tr', { hasText: `user ${NEWCOMER}` }).waitFor();
    assert.equal(await page.locator('#audit tbody tr').count(), 1);
    await page.locator('#audit-chain', { hasText: /^Chain verified: all \d+ lines/ }).waitFor();
    await page.locator('#cluster tbody tr', { hasText: 'this node' }).waitFor();
    await noViolations(page, 'the admin page');
    await page.screenshot({ path: join(TARGET, 'admin.png'), fullPage: true });

    // A new project, its description shown as text; the same id again is refused with the node's reason.
    await page.getByLabel('New project id').fill(NEW_PROJECT);
    await page.getByLabel('Description', { exact: true }).fill('Trailer <b>cut</b>');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByText(`Created ${NEW_PROJECT}; you administer it`).waitFor();
    const created = page.locator('#projects tbody tr', { has: page.getByRole('rowheader', { name: NEW_PROJECT, exact: true }) });
    await created.waitFor();
    assert.deepEqual((await created.locator('td').allTextContents()).slice(0, 2), ['admin', 'Trailer <b>cut</b>']);
    assert.match(await created.locator('td').nth(2).textContent(), new RegExp(`by ${ADMIN}$`));
    assert.equal(await page.locator('#projects b').count(), 0, 'the description is text, not markup');
    await page.getByLabel('New project id').fill(NEW_PROJECT);
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.locator('#projects').getByRole('alert').filter({ hasText: `ALREADY_EXISTS: project ${NEW_PROJECT} already exists` }).waitFor();
    assert.equal(await page.locator('#projects tbody tr', { hasText: NEW_PROJECT }).count(), 1, 'listed once');
  });

  await step('newcomer', async (page) => {
    await logOut(page);
    await logIn(page, NEWCOMER, NEWCOMER_PASSWORD);
    assert.equal(await page.getByRole('link', { name: 'Admin' }).isVisible(), false, 'no Admin entry for an editor');
    assert.deepEqual(await page.locator('#project option').allTextContents(), [OTHER]);

    await go(page, `#/search`);
    await page.locator('#search-q').fill(CLIP.replace('.mov', ''));
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/search'));
    await page.locator('#search-q').press('Enter');
    const answer = await answered;
    assert.equal(answer.status(), 200);
    assert.equal((await answer.json()).total, 0, 'the search answers nothing of the first project');
    assert.equal(await page.locator('.card').count(), 0, 'nothing of the first project in search');
    const searched = await rest('GET', `/api/v1/search?q=A003C001&project=${FEATURE}`, {
      token: (await rest('POST', '/api/v1/auth/login', { json: { username: NEWCOMER, password: NEWCOMER_PASSWORD } })).body.access_token,
    });
    assert.equal(searched.status, 403, JSON.stringify(searched.body));
    await noViolations(page, 'the search page (newcomer)');

    await go(page, `#/asset/${encodeURIComponent(assetId)}`);
    await page.getByRole('alert').filter({ hasText: `NOT_FOUND: no asset ${assetId}` }).waitFor();
    // asset.js (the asset page) shows its refusal without a level-one heading: its own page's business.
    await noViolations(page, 'the asset URL (newcomer)', ['page-has-heading-one']);
    await page.screenshot({ path: join(TARGET, 'newcomer-asset.png'), fullPage: true });

    await go(page, `#/admin/audit/${FEATURE}`);
    await page.getByRole('alert').filter({ hasText: `PERMISSION_DENIED: ${NEWCOMER} may not administer in project ${FEATURE}` }).waitFor();
    assert.equal(await page.locator('#audit tbody tr').count(), 0);
    await noViolations(page, 'the audit URL (newcomer)');
    await page.screenshot({ path: join(TARGET, 'newcomer-audit.png'), fullPage: true });

    await go(page, `#/admin`);
    await page.getByRole('alert').filter({ hasText: `PERMISSION_DENIED: ${NEWCOMER} administers no project` }).waitFor();
    await logOut(page);
  });

  assert.deepEqual(problems(), [], 'no console errors, page errors or dialogs');
});

test('cluster: the admin page follows the cluster live: a worker appears with its job and goes, no click', { timeout: 300_000 }, async () => {
  await step('cluster-live', async (page) => {
    // long enough to be held by a worker for some seconds
    makeOriginal(join(node.cards, LONG), { reel: 'L002', seconds: 30, size: '640x360' });
    await fresh(page);
    await logIn(page, ADMIN, ADMIN_PASSWORD);
    await go(page, '#/admin');
    await page.locator('#cluster-state', { hasText: 'live' }).waitFor();
    await page.locator('#cluster tbody tr', { hasText: 'this node' }).waitFor();
    const workers = page.locator('#cluster-workers tbody');
    await workers.getByText('No worker holds a job of your projects right now.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Look again' }).count(), 0, 'nothing to click');
    // (the page has everything it asks for at its opening: the audit chain's status is the last)
    await page.locator('#audit-chain', { hasText: /^Chain verified/ }).waitFor();
    // every request the page makes from now on: none (the stream is already open)
    const asked = [];
    const record = (r) => asked.push(new URL(r.url()).pathname);
    page.on('request', record);
    // the job is queued by someone else (the test's own REST call), not by this page
    const token = (await rest('POST', '/api/v1/auth/login', { json: { username: ADMIN, password: ADMIN_PASSWORD } })).body.access_token;
    const queued = await rest('POST', '/api/v1/ingest', { token, json: { paths: [join(node.cards, LONG)], project: FEATURE, copy: false } });
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    const row = workers.locator('tr', { hasText: LONG });
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.locator('th').textContent(), /^(node|worker)-\S+$/, 'the worker that holds it, by its id');
    assert.equal(await row.locator('td').nth(1).textContent(), FEATURE);
    assert.match(await row.locator('td').nth(2).textContent(), /^\d+ %/);
    await page.locator('#cluster').screenshot({ path: join(TARGET, 'admin-cluster-live.png'), caret: 'initial' });
    // and it goes once the job is done
    await workers.getByText('No worker holds a job of your projects right now.').waitFor({ timeout: 120_000 });
    page.off('request', record);
    assert.deepEqual(asked, [], 'the page asked nothing: the cluster list came on its event stream');
    await noViolations(page, 'the admin page with the live cluster');
  });
  assert.deepEqual(problems(), [], 'no console errors, page errors or dialogs');
});

test('ingest: a watch folder chosen as the source fills the path and mode; its originals are copied in', { timeout: 300_000 }, async () => {
  await step('watch-folder', async (page) => {
    await fresh(page);
    await logIn(page, ADMIN, ADMIN_PASSWORD);
    await page.locator('#project').selectOption(FEATURE);
    await go(page, '#/ingest');
    await page.locator('#stream-state', { hasText: 'live' }).waitFor();
    const watch = join(node.cards, 'watch');
    const option = `watch folder ${watch} (copy)`;
    const from = page.getByLabel('From');
    await from.locator('option', { hasText: option }).waitFor({ state: 'attached' });
    await from.selectOption({ label: option });
    assert.equal(await page.getByLabel(/^Path on the node/).inputValue(), watch);
    assert.equal(await page.getByLabel(/^Copy them into the store/).isChecked(), true, 'the watch folder copies');
    await page.getByRole('button', { name: 'Ingest', exact: true }).click();
    const row = page.locator('#view tbody tr', { hasText: WATCHED }).first();
    await row.locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 120_000 });
    const copied = readdirSync(join(node.store, 'originals'), { recursive: true }).map(String).filter((f) => f.endsWith(WATCHED));
    assert.ok(copied.length > 0, `the original was copied into the store's originals/: ${copied}`);
    await noViolations(page, 'the ingest page with a watch folder chosen');
  });
  assert.deepEqual(problems(), [], 'no console errors, page errors or dialogs');
});

test('ingest: a quarantined job is retried from the queue and runs again', { timeout: 300_000 }, async () => {
  await step('retry', async (page) => {
    await fresh(page);
    await logIn(page, ADMIN, ADMIN_PASSWORD);
    await page.locator('#project').selectOption(FEATURE);
    const row = await ingest(page, BROKEN);
    await row.locator('.state', { hasText: 'QUARANTINED' }).waitFor({ timeout: 120_000 });
    assert.match(await row.locator('.error').textContent(), /^[A-Z_]+: ./, 'the classified error and its message');
    await page.locator('#quarantine tbody tr', { hasText: BROKEN }).waitFor();
    await noViolations(page, 'the ingest page with a quarantined job');
    await page.screenshot({ path: join(TARGET, 'ingest-quarantine.png'), fullPage: true });

    // Every state the row shows from here on, as the event stream delivers it.
    await page.evaluate((file) => {
      window.seenStates = [];
      const rows = document.querySelector('#view tbody');
      new MutationObserver(() => {
        for (const tr of rows.querySelectorAll('tr')) {
          if (tr.textContent.includes(file)) window.seenStates.push(tr.dataset.state);
        }
      }).observe(rows, { subtree: true, childList: true, characterData: true });
    }, BROKEN);
    await row.getByRole('button', { name: `retry ${BROKEN}` }).click();
    await page.waitForFunction(() => window.seenStates.some((s) => s === 'QUEUED' || s === 'RUNNING'), null, { timeout: 60_000 });
    // It is the same input, so it fails again and returns to quarantine: the retry really ran.
    await page.waitForFunction(() => {
      const i = window.seenStates.findIndex((s) => s === 'QUEUED' || s === 'RUNNING');
      return i >= 0 && window.seenStates.slice(i).includes('QUARANTINED');
    }, null, { timeout: 120_000 });
    const token = (await rest('POST', '/api/v1/auth/login', { json: { username: ADMIN, password: ADMIN_PASSWORD } })).body.access_token;
    const audit = await rest('GET', `/api/v1/admin/audit?project=${FEATURE}&action=RETRY&outcome=allow`, { token });
    assert.equal(audit.body.entries.length, 1, JSON.stringify(audit.body));
    await logOut(page);
  });
  assert.deepEqual(problems(), [], 'no console errors, page errors or dialogs');
});

test('session: an ended session returns to log-in and keeps the form; log-out revokes the refresh token', { timeout: 300_000 }, async () => {
  await step('session', async (page) => {
    await fresh(page);
    await logIn(page, ADMIN, ADMIN_PASSWORD);
    await go(page, `#/admin`);
    const typed = 'half-typed-name';
    await page.getByLabel('New user name').fill(typed);
    await page.getByLabel('What the key is for').fill('nightly render');

    // The session ends on the node (every token of the user revoked, as an admin or a password reset does).
    const token = (await rest('POST', '/api/v1/auth/login', { json: { username: ADMIN, password: ADMIN_PASSWORD } })).body.access_token;
    assert.equal((await rest('POST', `/api/v1/admin/users/${ADMIN}/revoke-tokens`, { token })).status, 204);

    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await noViolations(page, 'the log-in dialog over an ended session');
    await page.screenshot({ path: join(TARGET, 'session-ended.png'), fullPage: true });
    await logIn(page, ADMIN, ADMIN_PASSWORD);
    // The page beneath is the same: the fields still hold what was typed, and the call went through.
    assert.equal(await page.getByLabel('New user name').inputValue(), typed);
    await page.getByText(/^API key \S+ \(shown once, copy it now\): gk_/).waitFor();
    await page.locator('#keys tbody tr', { hasText: 'nightly render' }).waitFor();

    const refresh = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gateway.session')).refresh);
    await logOut(page);
    const after = await rest('POST', '/api/v1/auth/refresh', { json: { refresh_token: refresh } });
    assert.equal(after.status, 401, `the refresh token no longer works after log-out: ${JSON.stringify(after.body)}`);
  });
  assert.deepEqual(problems(), [], 'no console errors, page errors or dialogs');
});

test('keyboard: every page is usable with the keyboard alone, its focus in reading order and drawn', { timeout: 300_000 }, async () => {
  await step('keyboard', async (page) => {
    await fresh(page);
    // log in with the keyboard: the dialog takes the focus
    await page.getByRole('dialog').waitFor();
    await page.keyboard.type(ADMIN);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText(`Logged in as ${ADMIN}`).waitFor();
    await page.locator('#project').selectOption(FEATURE);
    await page.locator('#stream-state', { hasText: 'live' }).waitFor();
    await page.locator('#view tbody tr', { hasText: CLIP }).first().waitFor();
    // (the page has everything it asks for at its opening: the quarantine list is the last)
    await page.locator('#quarantine tbody tr', { hasText: BROKEN }).waitFor();
    assert.deepEqual(await focusProblems(page), [], 'the ingest page');

    // to the search page by Tab and Enter on its link, then a query typed and sent with Enter
    await focusTop(page);
    await tabTo(page, (el) => el.tagName === 'A' && el.textContent === 'Search');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    await tabTo(page, (el) => el.id === 'search-q');
    await page.keyboard.type('A003C001');
    await page.keyboard.press('Enter');
    await page.locator('.card', { hasText: CLIP }).waitFor();
    assert.deepEqual(await focusProblems(page), [], 'the search page with a result');

    // the result opened with Enter; the player found by Tab and driven by keys
    await focusTop(page);
    await tabTo(page, (el) => el.closest('.card') && el.tagName === 'A');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: CLIP }).waitFor();
    await page.waitForFunction(() => document.querySelector('gw-player video')?.readyState >= 2, null, { timeout: 30_000 });
    assert.deepEqual(await focusProblems(page), [], 'the asset page');
    await focusTop(page);
    await tabTo(page, (el) => el.getAttribute('role') === 'group' && el.classList.contains('player'));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.locator('#player-frame', { hasText: /^frame 3 of / }).waitFor();
    assert.equal(await page.locator('#player-tc').textContent(), '01:00:00:02');

    await go(page, `#/conform`);
    await page.getByRole('heading', { level: 1, name: 'Conform' }).waitFor();
    const edl = join(node.dir, 'keyboard.edl');
    writeFileSync(edl, ['TITLE: keyboard', 'FCM: NON-DROP FRAME', '',
      '001  A003C001 V     C        01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00', ''].join('\n'));
    await page.getByLabel('Edit file').setInputFiles(edl);
    await focusTop(page);
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent === 'Conform');
    await page.keyboard.press('Enter');
    await page.locator('#conform-summary').waitFor({ timeout: 60_000 });
    assert.deepEqual(await focusProblems(page), [], 'the conform page with its report');

    await go(page, `#/admin`);
    await page.locator('#cluster tbody tr', { hasText: 'this node' }).waitFor();
    await page.locator('#audit-chain', { hasText: /^Chain verified/ }).waitFor();
    assert.deepEqual(await focusProblems(page), [], 'the admin page');
    await logOut(page);
    assert.deepEqual(await focusProblems(page), [], 'the log-in dialog');
  });
  assert.deepEqual(problems(), [], 'no console errors, page errors or dialogs');
});

/**
 * Presses Tab until the focused element is the one wanted (at most 200 times); fails when focus
 * runs past the end of the page (the page ends before the wanted control: start with focusTop).
 */
async function tabTo(page, wanted) {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const [found, left] = await page.evaluate(`[(${wanted.toString()})(document.activeElement), document.activeElement === document.body || !document.hasFocus()]`);
    if (found) return;
    if (left) throw new Error(`Tab ran past the end of the page before reaching ${wanted}`);
  }
  throw new Error(`Tab never reached ${wanted}`);
}
