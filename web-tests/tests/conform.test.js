// The conform page's options in the browser against a real node: an edit read at a chosen rate with
// handles, written as OpenTimelineIO with status markers; the report's ambiguous event lists its
// candidates, the short one says so, the status filter hides rows, and the downloads (timeline,
// JSON and HTML reports) hold what the page shows; a ProRes render's progress arrives on the
// conform's event stream (no polling) and reaches done; an upload that is not an edit shows the
// node's reason. No console errors; axe-core finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startNode, gateway, makeOriginal, rest, jobDone } from './node.js';
import { openBrowser, axe, TARGET, BROWSER } from './browser.js';

const PROJECT = 'feature';
const USER = 'eve';
const PASSWORD = 'web-conform-test-1';
let node;
let browser;

before(async () => {
  node = await startNode();
  // Two originals carry reel R001 over the same timecode (an ambiguous event); R002 once.
  for (const [dir, file, reel] of [['cam_a', 'R001_take1.mov', 'R001'], ['cam_b', 'R001_take2.mov', 'R001'], ['cam_a', 'R002_take1.mov', 'R002']]) {
    mkdirSync(join(node.cards, dir), { recursive: true });
    makeOriginal(join(node.cards, dir, file), { reel, seconds: 3, size: '160x90' });
  }
  writeFileSync(join(node.dir, 'options.edl'), edl('options test', [
    ['001', 'R001', '01:00:00:10', '01:00:01:00', '10:00:00:00', '10:00:00:15'],
    ['002', 'R002', '01:00:00:05', '01:00:01:05', '10:00:00:15', '10:00:01:15'],
    ['003', 'R003', '01:00:00:00', '01:00:01:00', '10:00:01:15', '10:00:02:15']]));
  writeFileSync(join(node.dir, 'render.edl'), edl('render test', [
    ['001', 'R002', '01:00:01:00', '01:00:02:00', '10:00:00:00', '10:00:01:00']]));
  writeFileSync(join(node.dir, 'not_an_edit.edl'), randomBytes(2048));
  gateway('user', 'add', USER, `--password=${PASSWORD}`, `--grant=${PROJECT}=editor`, `--store=${node.store}`);
  gateway('user', 'add', 'ingester', '--password=web-conform-ingest-1', `--grant=${PROJECT}=assistant`, `--store=${node.store}`);
  // the originals, ingested over REST (the ingest page has its own tests)
  const token = (await rest(node, 'POST', '/api/v1/auth/login', { json: { username: 'ingester', password: 'web-conform-ingest-1' } })).body.access_token;
  const queued = await rest(node, 'POST', '/api/v1/ingest', { token, json: { paths: [join(node.cards, 'cam_a'), join(node.cards, 'cam_b')], project: PROJECT, copy: false } });
  assert.equal(queued.status, 202, JSON.stringify(queued.body));
  for (const j of queued.body.jobs) await jobDone(node, j.job_id, token);
  browser = await openBrowser();
}, { timeout: 360_000 });

after(async () => {
  await browser?.close();
  await node?.stop();
});

function edl(title, events) {
  return [`TITLE: ${title}`, 'FCM: NON-DROP FRAME', '',
    ...events.map(([n, reel, si, so, ri, ro]) => `${n}  ${reel.padEnd(8)} V     C        ${si} ${so} ${ri} ${ro}`), ''].join('\n');
}

async function step(name, fn) {
  try {
    await fn(browser.page);
  } catch (e) {
    const shot = join(TARGET, `failure-conform-${name}.png`);
    await browser.page.screenshot({ path: shot, fullPage: true, caret: 'initial' }).catch(() => {});
    e.message += `\n(screenshot: ${shot})`;
    throw e;
  }
}

async function download(page, button) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

test('conform: options, candidates, filter, downloads, render progress by events, a bad upload', { timeout: 300_000 }, async () => {
  const requests = [];
  browser.page.on('request', (r) => requests.push(r.url()));

  await step('login', async (page) => {
    await page.goto(`${node.url}/#/conform`);
    await page.getByRole('dialog').getByLabel('User name').fill(USER);
    await page.getByRole('dialog').getByLabel('Password').fill(PASSWORD);
    await page.getByRole('dialog').getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conform' }).waitFor();
  });

  await step('not-an-edit', async (page) => {
    await page.getByLabel('Edit file').setInputFiles(join(node.dir, 'not_an_edit.edl'));
    await page.getByRole('button', { name: 'Conform', exact: true }).click();
    const alert = page.locator('#conform-progress [role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.textContent(), /^[A-Z_]+: .{10,}/, 'the node\'s reason and message');
    assert.doesNotMatch(await alert.textContent(), /Exception|\tat /, 'no stack trace');
    assert.equal(await page.locator('#conform-report').textContent(), '', 'no report');
  });

  await step('options', async (page) => {
    await page.getByLabel('Edit file').setInputFiles(join(node.dir, 'options.edl'));
    await page.getByLabel('Rate of an EDL').selectOption('25');
    await page.getByLabel('Handles (frames)').fill('12');
    await page.getByLabel('Conformed timeline as').selectOption('otio');
    await page.getByLabel('Status markers on the timeline').check();
    const answered = page.waitForRequest((r) => r.url().includes('/api/v1/conform?'));
    await page.getByRole('button', { name: 'Conform', exact: true }).click();
    const query = new URL((await answered).url()).searchParams;
    assert.deepEqual(Object.fromEntries([...query].filter(([k]) => k !== 'project' && k !== 'file_name')),
      { rate: '25', handles: '12', to: 'otio', markers: 'true' });
    await page.locator('#conform-summary').waitFor({ timeout: 60_000 });
    const status = async (n) => page.locator('table.report tbody tr').nth(n).getAttribute('data-status');
    assert.deepEqual([await status(0), await status(1), await status(2)], ['ambiguous', 'short_handles', 'unmatched']);
    assert.match(await page.locator('#conform-summary').textContent(), /^3 event\(s\): 1 short handles, 1 ambiguous, 1 unmatched/);
    // the ambiguous event's candidates: both originals, links to their asset pages
    const row = page.locator('tr[data-status="ambiguous"]');
    await row.getByText('2 candidate(s)').click();
    await row.getByRole('link', { name: 'R001_take1.mov' }).waitFor();
    await row.getByRole('link', { name: 'R001_take2.mov' }).waitFor();
    assert.match(await page.locator('tr[data-status="short_handles"]').textContent(), /handle/i);
    // the filter hides a status and shows it again
    await page.getByRole('checkbox', { name: /ambiguous/ }).uncheck();
    assert.equal(await row.isVisible(), false);
    assert.equal(await page.locator('table.report tbody tr').locator('visible=true').count(), 2);
    await page.getByRole('checkbox', { name: /ambiguous/ }).check();
    assert.equal(await row.isVisible(), true);
    await noViolations(page, 'the conform report with candidates open');
    await page.screenshot({ path: join(TARGET, 'conform-options.png'), fullPage: true, caret: 'initial' });
    if (BROWSER === 'firefox') return; // Playwright's BiDi driver of Firefox reports no downloads
    const timeline = await download(page, /^Download .*\.otio$/);
    assert.equal(timeline.name, 'options.conformed.otio');
    const otio = JSON.parse(timeline.text);
    assert.equal(otio.OTIO_SCHEMA.split('.')[0], 'Timeline');
    assert.match(timeline.text, /"markers"\s*:\s*\[\s*\{/, 'status markers on the timeline');
    const json = JSON.parse((await download(page, 'Download report (JSON)')).text);
    assert.deepEqual(json.events.map((e) => e.status), ['ambiguous', 'short_handles', 'unmatched']);
    const html = await download(page, 'Download report (HTML)');
    assert.equal(html.name, 'options.conform-report.html');
    assert.match(html.text, /<html[\s>]/i);
    assert.match(html.text, /R003/);
  });

  await step('render', async (page) => {
    await page.getByLabel('Edit file').setInputFiles(join(node.dir, 'render.edl'));
    await page.getByLabel('Handles (frames)').fill('0');
    await page.getByLabel('Conformed timeline as').selectOption('');
    await page.getByLabel('Status markers on the timeline').uncheck();
    await page.getByLabel('Render a ProRes master').check();
    await page.getByRole('button', { name: 'Conform', exact: true }).click();
    await page.locator('#conform-summary', { hasText: 'all matched' }).waitFor({ timeout: 60_000 });
    const line = page.locator('#conform-progress p[data-stage]');
    await page.locator('#conform-progress p[data-stage="done"]').waitFor({ timeout: 120_000 });
    assert.equal(await line.locator('progress').evaluate((p) => p.value), 100);
    assert.match(await line.textContent(), /done 100 %/);
    assert.ok(requests.some((u) => /\/api\/v1\/conforms\/[^/]+\/events$/.test(u)), 'followed on the event stream');
    assert.deepEqual(requests.filter((u) => /\/api\/v1\/conforms\/[^/]+$/.test(u)), [], 'never asked for the progress (no polling)');
    await noViolations(page, 'the conform page after a render');
    await page.screenshot({ path: join(TARGET, 'conform-render.png'), fullPage: true, caret: 'initial' });
  });

  // The bad upload is refused with 400 or 422 on purpose; nothing else may appear.
  const left = browser.problems.filter((p) => !(p.url.startsWith(`${node.url}/api/v1/conform?`)
    && /^Failed to load resource: the server responded with a status of (400|422) /.test(p.text)));
  assert.deepEqual(left.map((p) => `${p.text} (${p.url})`), [], 'no console errors, page errors or dialogs');
});

async function noViolations(page, what) {
  assert.deepEqual(await axe(page), [], `axe on ${what}`);
}
