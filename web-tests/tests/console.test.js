// The web console in Chromium against a real node: log in; ingest with live progress (SSE); search
// by a misspelled reel, see the poster and scrub its filmstrip; the asset page plays one second of
// the stream rendition and its timecode display advances, frame by frame with the keys; conform a
// (corpus) EDL and see matched and unmatched rows with the right counts; a clip named with HTML
// renders as text on the search grid, the asset page and the conform report; no console errors;
// axe-core finds no violations on any page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNode, gateway, makeOriginal } from './node.js';
import { openBrowser, axe, TARGET, BROWSER } from './browser.js';

const PROJECT = 'feature';
const USER = 'ana';
const PASSWORD = 'web-console-test-1';
const XSS = '<img src=x onerror=alert(1)>';
const CORPUS_EDL = process.env.GATEWAY_CORPORA && join(process.env.GATEWAY_CORPORA, 'edl/otio-cmx3600/screening_example.edl');
let node;
let browser;

/**
 * The edit to conform: the corpus's screening_example.edl (9 events at 24 fps; the test makes the
 * originals of the first two), or, without the corpora, a list written here in the same style with
 * the same first two events and two others. Then what the report must count.
 */
function screeningEdit() {
  if (CORPUS_EDL && existsSync(CORPUS_EDL)) {
    return { path: CORPUS_EDL, name: 'screening_example.edl', events: 9, matched: 2, unmatched: 7 };
  }
  const path = join(node.dir, 'screening_style.edl');
  writeFileSync(path, [
    'TITLE:   Example_Screening.01', 'FCM: NON-DROP FRAME', '',
    '001  ZZ100_50 V     C        01:00:04:05 01:00:05:12 00:59:53:11 00:59:54:18 ',
    '* FROM CLIP NAME:  ZZ100_501 (LAY3) ', '* SOURCE FILE: ZZ100_501.LAY3.01',
    '002  ZZ100_50 V     C        01:00:06:13 01:00:08:15 00:59:54:18 00:59:56:20 ',
    '* FROM CLIP NAME:  ZZ100_502A (LAY3) ', '* SOURCE FILE: ZZ100_502A.LAY3.02',
    '003  ZZ100_50 V     C        01:00:08:09 01:00:09:13 00:59:56:20 00:59:58:00 ',
    '* FROM CLIP NAME:  ZZ100_503A (LAY1) ', '* SOURCE FILE: ZZ100_503A.LAY1.01',
    '004  ZZ100_50 V     C        01:00:10:01 01:00:14:20 00:59:58:00 01:00:02:19 ',
    '* FROM CLIP NAME:  ZZ100_504C (LAY1) ', '* SOURCE FILE: ZZ100_504C.LAY1.02', ''].join('\r\n'));
  return { path, name: 'screening_style.edl', events: 4, matched: 2, unmatched: 2 };
}

before(async () => {
  node = await startNode();
  mkdirSync(join(node.cards, 'screening'), { recursive: true });
  // the clip's name is not its reel: the search below finds it by the (misspelled) reel
  makeOriginal(join(node.cards, 'sunrise_take2.mov'), { reel: 'A002C004', timecode: '01:00:00:00', seconds: 3 });
  makeOriginal(join(node.cards, `${XSS}.mov`), { reel: 'X001', seconds: 1, size: '160x90' });
  // long enough to be seen running for a few seconds: the queue's fps comes from its frames decoded
  makeOriginal(join(node.cards, 'long_take.mov'), { reel: 'L001', seconds: 40, size: '640x360' });
  // the originals of the screening list's first two events: 01:00:00:00 - 01:00:09:00 at 24 fps
  for (const [file, reel] of [['ZZ100_501.LAY3.01.mov', 'ZZ100_501'], ['ZZ100_502A.LAY3.02.mov', 'ZZ100_502A']]) {
    makeOriginal(join(node.cards, 'screening', file), { reel, rate: '24', seconds: 9, size: '160x90' });
  }
  // ingest needs the assistant role (an editor may read and conform, not ingest)
  gateway('user', 'add', USER, `--password=${PASSWORD}`, `--grant=${PROJECT}=assistant`, `--store=${node.store}`);
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
    const shot = join(TARGET, `failure-${name}.png`);
    await browser.page.screenshot({ path: shot, fullPage: true, caret: 'initial' }).catch(() => {});
    e.message += `\n(screenshot: ${shot})`;
    throw e;
  }
}

/**
 * A screenshot under target/. caret 'initial': Playwright hides the caret with an inline <style>,
 * which the console's Content-Security-Policy blocks (and Firefox reports as an error).
 */
async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: join(TARGET, name), fullPage, caret: 'initial' });
  // and what a laptop's screen (1366x768) shows first
  if (fullPage) await page.screenshot({ path: join(TARGET, `laptop-${name}`), caret: 'initial' });
}

async function noViolations(page, what) {
  assert.deepEqual(await axe(page), [], `axe on ${what}`);
}

async function ingest(page, path, label) {
  await page.getByLabel(/^Path on the node/).fill(path);
  await page.getByRole('button', { name: 'Ingest' }).click();
  // The row's state comes from the event stream; DONE only once the asset is searchable.
  await page.locator('tr', { hasText: label }).locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 120_000 });
}

async function search(page, text) {
  const q = page.getByRole('combobox', { name: /^Query/ });
  await q.fill(text);
  await q.press('Enter');
}

test('the console: log in, ingest live, search, player, conform, escaping, accessibility', { timeout: 420_000 }, async () => {
  await step('login', async (page) => {
    const res = await page.goto(`${node.url}/`);
    const csp = res.headers()['content-security-policy'];
    assert.match(csp, /default-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|script-src/, 'scripts only from the node, none inline');
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script in the page');
    await page.getByRole('dialog').waitFor();
    await noViolations(page, 'the log-in dialog');
    await shot(page, 'login.png');
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
    // a real file beside the roots, named through them: refused with the node's reason
    copyFileSync(join(node.cards, 'sunrise_take2.mov'), join(node.dir, 'elsewhere.mov'));
    await page.getByLabel(/^Path on the node/).fill(join(node.cards, '..', 'elsewhere.mov'));
    await page.getByRole('button', { name: 'Ingest' }).click();
    await page.getByRole('alert').filter({ hasText: /^PERMISSION_DENIED: .*elsewhere\.mov.*ingest\.roots/ }).waitFor();
    // Every state, percent and speed the row shows, as the event stream delivers them; and every
    // request the page makes meanwhile.
    await page.evaluate(() => {
      window.seenRows = [];
      window.seenLong = [];
      const rows = document.querySelector('#view tbody');
      new MutationObserver(() => {
        for (const tr of rows.querySelectorAll('tr')) {
          if (tr.textContent.includes('sunrise_take2.mov')) window.seenRows.push(`${tr.dataset.state} ${tr.querySelector('td.nowrap')?.textContent}`);
          if (tr.textContent.includes('long_take.mov')) window.seenLong.push(`${tr.dataset.state} ${tr.querySelector('td.nowrap')?.textContent}`);
        }
      }).observe(rows, { subtree: true, childList: true, characterData: true });
    });
    const asked = [];
    const record = (r) => asked.push(r.url());
    page.on('request', record);
    await ingest(page, join(node.cards, 'sunrise_take2.mov'), 'sunrise_take2.mov');
    page.off('request', record);
    const row = page.locator('tr', { hasText: 'sunrise_take2.mov' });
    assert.equal(await row.locator('progress').getAttribute('value'), '100');
    assert.match(await row.textContent(), /100 %/);
    const seen = await page.evaluate(() => window.seenRows);
    assert.ok(seen.some((t) => /^RUNNING +([1-9]|[1-9]\d) %/.test(t)), `the bar moved through the job's progress: ${seen.join(' | ')}`);
    assert.ok(seen.some((t) => /^RUNNING .*ETA \d+ s/.test(t)), `an ETA shown while running: ${seen.join(' | ')}`);
    // the progress came on the event stream: the page asked the node nothing else meanwhile
    assert.deepEqual(asked.map((u) => new URL(u).pathname), ['/api/v1/ingest']);
    // The speed of a running proxy job, in frames of media per second, from the frames the worker
    // reports through the job board (frames_done on the event stream), next to percent and ETA.
    await page.getByLabel(/^Path on the node/).fill(join(node.cards, 'long_take.mov'));
    await page.getByRole('button', { name: 'Ingest' }).click();
    const running = page.locator('tr', { hasText: 'long_take.mov' });
    await running.locator('td.nowrap', { hasText: / fps/ }).waitFor({ timeout: 120_000 });
    await page.locator('section[aria-labelledby="queue-title"]').screenshot({ path: join(TARGET, 'ingest-running-fps.png'), caret: 'initial' });
    await running.locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 120_000 });
    const long = await page.evaluate(() => window.seenLong);
    const fps = long.map((t) => /^RUNNING +\d+ %.* (\d+(?:\.\d)?) fps/.exec(t)).filter(Boolean).map((m) => Number(m[1]));
    assert.ok(fps.length > 0 && fps.every((f) => f > 0 && f < 100_000), `fps shown while running: ${long.join(' | ')}`);
    assert.ok(long.some((t) => /^RUNNING .*fps · ETA \d+ s/.test(t)), `fps beside the ETA: ${long.join(' | ')}`);
    assert.doesNotMatch(await page.locator('tr', { hasText: 'long_take.mov' }).textContent(), /fps/, 'no speed once done');
    await ingest(page, join(node.cards, `${XSS}.mov`), XSS);
    await ingest(page, join(node.cards, 'screening'), 'ZZ100_502A.LAY3.02.mov');
    await page.locator('tr', { hasText: 'ZZ100_501.LAY3.01.mov' }).locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 120_000 });
    await noViolations(page, 'the ingest page');
    await shot(page, 'ingest.png', true);
  });

  await step('search', async (page) => {
    await page.getByRole('link', { name: 'Search' }).click();
    const q = page.getByRole('combobox', { name: /^Query/ });
    await q.fill('A002');
    await page.getByRole('option', { name: 'A002C004' }).waitFor();
    await search(page, 'A002C04'); // the reel with one character missing: typo tolerance
    const card = page.locator('.card', { hasText: 'sunrise_take2.mov' });
    await card.waitFor();
    assert.match(await card.textContent(), /reel A002C004/);
    await card.locator('img.poster[src^="blob:"]').waitFor();
    const poster = await card.locator('img.poster').evaluate((img) => img.complete && img.naturalWidth);
    assert.ok(poster > 0, 'the poster decoded');
    // moving the pointer across the poster scrubs the filmstrip: another frame at each end
    const box = await card.locator('.frame').boundingBox();
    await page.mouse.move(box.x + 3, box.y + box.height / 2);
    await page.mouse.move(box.x + 6, box.y + box.height / 2);
    const scrub = card.locator('canvas.scrub');
    await scrub.waitFor();
    const first = await scrub.getAttribute('data-frame');
    await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2, { steps: 5 });
    const last = await scrub.getAttribute('data-frame');
    assert.ok(Number(first) < 5, `the left end shows an early frame (${first})`);
    assert.ok(Number(last) > 60, `the right end shows a late frame (${last} of 75)`);
    assert.match(await card.locator('.scrub-tc').textContent(), /^01:00:0\d:\d\d$/);
    await shot(page, 'search-scrub.png');
    await page.mouse.move(0, 0);
    await page.locator('.facets input[type=checkbox]').first().waitFor();
    await noViolations(page, 'the search page');
    await shot(page, 'search.png', true);
  });

  await step('player', async (page) => {
    await page.locator('.card', { hasText: 'sunrise_take2.mov' }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'sunrise_take2.mov' }).waitFor();
    const video = page.locator('gw-player video');
    await page.waitForFunction(() => document.querySelector('gw-player video')?.readyState >= 2, null, { timeout: 30_000 });
    const tc = page.locator('#player-tc');
    assert.equal(await tc.textContent(), '01:00:00:00');
    assert.match(await video.getAttribute('src'), /^\/api\/v1\/media\/[^?]+\/stream-(hi|lo)$/, 'no token in the URL');
    const player = page.getByRole('group', { name: /^Player of/ });
    await player.focus();
    await page.keyboard.press('l');
    await page.waitForFunction(() => document.querySelector('gw-player video').currentTime >= 1, null, { timeout: 20_000 });
    await page.keyboard.press('k');
    await page.waitForFunction(() => document.querySelector('gw-player video').paused);
    // K rests the picture on a frame boundary (a seek); until that seek lands the display may still
    // show the last frame presented while playing, which lags the element's clock by a frame or two
    await page.waitForFunction(() => {
      const v = document.querySelector('gw-player video');
      return !v.seeking && /^01:00:0[12]:\d\d$/.test(document.querySelector('#player-tc').textContent);
    }, null, { timeout: 10_000 }).catch(() => {});
    const played = await tc.textContent();
    assert.match(played, /^01:00:0[12]:\d\d$/, `one second played: ${played}`);
    const frameOf = async () => Number((await page.locator('#player-frame').textContent()).match(/frame (\d+)/)[1]);
    const at = await frameOf();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((f) => document.querySelector('#player-frame').textContent.startsWith(`frame ${f + 1} `), at);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((f) => document.querySelector('#player-frame').textContent.startsWith(`frame ${f - 1} `), at);
    // the display is the frame number as a label: 25 fps from 01:00:00:00
    // J plays backwards (stepping the time back), K stops
    const before = await frameOf();
    await page.keyboard.press('j');
    await page.waitForFunction((n) => Number(document.querySelector('#player-frame').textContent.match(/frame (\d+)/)[1]) < n - 5, before, { timeout: 20_000 });
    await page.keyboard.press('k');
    await page.waitForFunction(() => document.querySelector('#player-state').textContent === 'paused');
    const f = (await frameOf()) - 1; // the display counts frames from 1
    const two = (n) => String(n).padStart(2, '0');
    assert.equal(await tc.textContent(), `01:00:${two(Math.floor(f / 25))}:${two(f % 25)}`);
    await page.locator('gw-waveform canvas').waitFor();
    // the waveform is drawn: the sine's peaks stand above and below the lane's middle
    const drawn = await page.locator('gw-waveform canvas').evaluate((c) => {
      const g = c.getContext('2d');
      const lane = c.height; // one channel
      const column = (x) => [...Array(lane).keys()].filter((y) => { const [r, gr, b] = g.getImageData(x, y, 1, 1).data; return gr > 150 && r > 120 && b > 120; }).length;
      return { width: c.width, tall: column(Math.floor(c.width / 2)) };
    });
    assert.ok(drawn.width > 0 && drawn.tall >= 3, `the waveform is drawn: ${JSON.stringify(drawn)}`);
    assert.match(await page.locator('#asset-timecode').textContent(), /End timecode \(last frame\)01:00:02:24/);
    assert.match(await page.locator('#used-in').textContent(), /Not used/);
    await noViolations(page, 'the asset page');
    await shot(page, 'asset.png', true);
  });

  await step('asset-html-name', async (page) => {
    await page.getByRole('link', { name: 'Search' }).click();
    await search(page, 'onerror');
    const card = page.locator('.card', { hasText: XSS });
    await card.waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the name');
    await card.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `${XSS}.mov` }).waitFor();
    assert.equal(await page.locator('h1 img').count(), 0);
    await page.getByRole('heading', { name: 'Renditions' }).waitFor();
    await page.locator('.thumbs img[src^="blob:"]').first().waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    await shot(page, 'asset-html-name.png');
  });

  await step('conform', async (page) => {
    const edit = screeningEdit();
    await page.getByRole('link', { name: 'Conform' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conform' }).waitFor();
    await noViolations(page, 'the conform page');
    await page.getByLabel('Edit file').setInputFiles(edit.path);
    await page.getByLabel('Rate of an EDL').selectOption('24');
    await page.getByRole('button', { name: 'Conform', exact: true }).click();
    const rows = page.locator('table.report tbody tr');
    await page.locator('#conform-summary').waitFor({ timeout: 60_000 });
    assert.equal(await rows.count(), edit.events);
    assert.equal(await page.locator('table.report tbody tr[data-status="matched"]').count(), edit.matched);
    assert.equal(await page.locator('table.report tbody tr[data-status="unmatched"]').count(), edit.unmatched);
    assert.match(await page.locator('#conform-summary').textContent(), new RegExp(`${edit.matched} matched, ${edit.unmatched} unmatched`));
    // the original's picture on every matched row
    await page.waitForFunction((n) => [...document.querySelectorAll('tr[data-status="matched"] td.pic img')]
      .filter((img) => img.complete && img.naturalWidth > 0).length === n, edit.matched, { timeout: 20_000 });
    // the filter: unmatched rows hidden
    await page.getByRole('checkbox', { name: /unmatched/ }).uncheck();
    assert.equal(await rows.locator('visible=true').count(), edit.matched);
    await page.getByRole('checkbox', { name: /unmatched/ }).check();
    // the downloads: the report as JSON holds the same counts (Chromium only: Playwright's WebDriver
    // BiDi driver of Firefox reports no download events)
    if (BROWSER !== 'firefox') await downloads(page, edit);
    await noViolations(page, 'the conform report');
    await shot(page, 'conform.png', true);
  });

  async function downloads(page, edit) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report (JSON)' }).click()]);
    const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(report.totals.matched, edit.matched);
    assert.equal(report.totals.unmatched, edit.unmatched);
    const [timeline] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download .*\.edl$/ }).click()]);
    assert.match(readFileSync(await timeline.path(), 'utf8'), /ZZ100_50/);
  }

  await step('used-in', async (page) => {
    await page.locator('tr[data-status="matched"] td.original a').first().click();
    await page.locator('#used-in li').first().waitFor();
    assert.match(await page.locator('#used-in').textContent(), /Example_Screening\.01/);
  });

  await step('conform-html-name', async (page) => {
    const path = join(node.dir, 'html_name.edl');
    writeFileSync(path, ['TITLE: html name', 'FCM: NON-DROP FRAME', '',
      '001  X001     V     C        01:00:00:00 01:00:00:10 01:00:00:00 01:00:00:10',
      `* FROM CLIP NAME:  ${XSS}`, ''].join('\n'));
    await page.getByRole('link', { name: 'Conform' }).click();
    await page.getByLabel('Edit file').setInputFiles(path);
    await page.getByRole('button', { name: 'Conform', exact: true }).click();
    await page.locator('#conform-summary').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('td.clip', { hasText: XSS }).count(), 1, 'the clip name shows as text');
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the name');
    await shot(page, 'conform-html-name.png');
    // the recent edits keep both uploads
    assert.equal(await page.locator('#conform-recent option').count(), 3);
  });

  // Chromium logs every 4xx answer as a console error. The two the test provokes on purpose are the
  // server's right answers (a wrong password is 401, a path outside ingest.roots is 403, shown in the
  // page); only those exact lines are allowed.
  const expected = [
    { status: 401, url: '/api/v1/auth/login' },
    { status: 403, url: '/api/v1/ingest' },
  ];
  // In Firefox, Playwright's screenshot adds and removes a <style>body {}</style> to sync animations;
  // the console's CSP blocks it (no inline style) and Firefox reports that: only that exact style,
  // known by its hash, is allowed.
  const playwrightStyle = "sha256-YjaKGiklmzC6wjXA513HAMmzus8VE61XCOT+SmwNZWA="; // sha256 of 'body {}'
  const problems = browser.problems.filter((p) => !expected.some((x) => p.url === `${node.url}${x.url}`
    && p.text === `Failed to load resource: the server responded with a status of ${x.status} (${x.status === 401 ? 'Unauthorized' : 'Forbidden'})`)
    && !(BROWSER === 'firefox' && p.text.startsWith('page error: The page’s settings blocked an inline style (style-src-elem)') && p.text.includes(`'${playwrightStyle}'`)));
  assert.deepEqual(problems.map((p) => p.text), [], 'no console errors, page errors or dialogs');
});
