// The console when the network or the session changes under it, in the browser against a real
// node (access tokens of 45 s) behind a relay the test can cut: the job event stream that is
// dropped reconnects with Last-Event-ID and catches up on what happened meanwhile (a replay of the
// missed events, not a new snapshot); the session is refreshed before its token runs out without
// a log-in; the console asks nothing at intervals (no polling), it waits for the stream. No console
// errors other than the failed loads the cut provokes; axe-core finds nothing. A 60 s clip plays
// through to its last frame in one continuous play, across a refresh of the session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startNode, gateway, makeOriginal, rest as restCall, jobDone } from './node.js';
import { startProxy } from './proxy.js';
import { openBrowser, axe, TARGET } from './browser.js';

const PROJECT = 'feature';
const USER = 'dora';
const PASSWORD = 'web-resilience-1';
const TTL_S = 45;
let node;
let proxy;
let browser;
/** The 60 s clip's asset id, once the player test has ingested it. */
let longPlay = null;

before(async () => {
  node = await startNode({ accessTokenTtlS: TTL_S });
  proxy = await startProxy(node.httpPort);
  mkdirSync(node.cards, { recursive: true });
  for (const name of ['before_drop.mov', 'during_drop.mov']) makeOriginal(join(node.cards, name), { seconds: 2 });
  // played across a refresh of the session: longer than a token's life
  makeOriginal(join(node.cards, 'long_play.mov'), { seconds: 60, size: '320x180' });
  gateway('user', 'add', USER, `--password=${PASSWORD}`, `--grant=${PROJECT}=assistant`, `--store=${node.store}`);
  browser = await openBrowser();
}, { timeout: 360_000 });

after(async () => {
  await browser?.close();
  await proxy?.close();
  await node?.stop();
});

async function step(name, fn) {
  try {
    await fn(browser.page);
  } catch (e) {
    const shot = join(TARGET, `failure-resilience-${name}.png`);
    await browser.page.screenshot({ path: shot, fullPage: true, caret: 'initial' }).catch(() => {});
    e.message += `\n(screenshot: ${shot})`;
    throw e;
  }
}

const rest = (method, path, options) => restCall(node, method, path, options);

const session = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('gateway.session')));

test('a dropped event stream reconnects and catches up; the session is refreshed; no polling', { timeout: 300_000 }, async () => {
  const requests = [];
  browser.page.on('request', (r) => requests.push({ url: r.url(), headers: r.headers(), at: Date.now() }));
  let first;

  await step('login', async (page) => {
    await page.goto(`${proxy.url}/#/ingest`);
    await page.getByRole('dialog').getByLabel('User name').fill(USER);
    await page.getByRole('dialog').getByLabel('Password').fill(PASSWORD);
    await page.getByRole('dialog').getByRole('button', { name: 'Log in' }).click();
    await page.getByText(`Logged in as ${USER}`).waitFor();
    first = await session(page);
    await page.locator('#stream-state', { hasText: 'live' }).waitFor();
  });

  await step('no-polling', async (page) => {
    // Nothing changes on the node for 5 s (well before the token's refresh is due): the page, left
    // alone, asks the node for nothing; it waits on the event stream it has open.
    // (the page has asked what it needs once: the roots, the quarantine, the admin entry)
    await page.locator('#ingest-roots', { hasText: 'Paths must lie within' }).waitFor();
    await page.locator('#quarantine', { hasText: 'Nothing is quarantined.' }).waitFor();
    await page.waitForFunction(() => performance.getEntriesByType('resource')
      .some((e) => e.name.endsWith('/api/v1/auth/me') && e.responseEnd > 0));
    const from = requests.length;
    await page.waitForTimeout(5_000);
    assert.ok(Date.now() < first.accessExpires - 30_000, 'the window ended before a refresh was due');
    assert.deepEqual(requests.slice(from).map((r) => r.url), [], 'no request while nothing happens');
  });

  await step('ingest', async (page) => {
    await page.getByLabel(/^Path on the node/).fill(join(node.cards, 'before_drop.mov'));
    await page.getByRole('button', { name: 'Ingest', exact: true }).click();
    await page.locator('tr', { hasText: 'before_drop.mov' }).locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 120_000 });
  });

  await step('refresh', async (page) => {
    // The access token lives 45 s: the stream ends when it expires, the page refreshes the session
    // (no log-in) and follows on.
    await page.waitForFunction((access) => JSON.parse(sessionStorage.getItem('gateway.session')).access !== access,
      first.access, { timeout: (TTL_S + 30) * 1000 });
    const now = await session(page);
    assert.notEqual(now.refresh, first.refresh, 'a new refresh token (rotated)');
    assert.equal(await page.getByRole('dialog').isVisible(), false, 'no log-in dialog');
    await page.getByText(`Logged in as ${USER}`).waitFor();
    await page.locator('#stream-state', { hasText: 'live' }).waitFor({ timeout: 10_000 });
    assert.ok(requests.some((r) => r.url.endsWith('/api/v1/auth/refresh')), 'the page called /auth/refresh');
  });

  await step('drop', async (page) => {
    const token = (await rest('POST', '/api/v1/auth/login', { json: { username: USER, password: PASSWORD } })).body.access_token;
    const held = await session(page);
    const mark = proxy.mark();
    proxy.drop();
    await page.locator('#stream-state', { hasText: /reconnecting|stream error/ }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(TARGET, 'resilience-dropped.png'), caret: 'initial' });
    // While the page cannot reach the node, a job is ingested and finishes.
    const queued = await rest('POST', '/api/v1/ingest', { token, json: { paths: [join(node.cards, 'during_drop.mov')], project: PROJECT, copy: false } });
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    const job = await jobDone(node, queued.body.jobs[0].job_id, token);
    assert.equal(await page.locator('tr', { hasText: 'during_drop.mov' }).count(), 0, 'the page did not learn of it while cut off');
    // The cut lasts until the page's reconnect attempts need a refresh (due 30 s before the token
    // expires), which cannot reach the node either: that is not a refused session, no log-in.
    await page.waitForFunction((due) => Date.now() > due + 2_000, held.accessExpires - 30_000, { timeout: (TTL_S + 10) * 1000 });
    assert.equal(await page.getByRole('dialog').isVisible(), false, 'a refresh that cannot reach the node does not end the session');
    proxy.resume();
    const row = page.locator('tr', { hasText: 'during_drop.mov' });
    await row.locator('.state', { hasText: 'DONE' }).waitFor({ timeout: 30_000 });
    await page.locator('#stream-state', { hasText: 'live' }).waitFor();
    assert.equal(await page.getByRole('dialog').isVisible(), false, 'still logged in');
    assert.notEqual((await session(page)).access, held.access, 'refreshed once the node was reachable');
    // It caught up by a replay: the stream it reopened named the last event it had seen, and the
    // node answered with the missed job events, not a new snapshot.
    const reopened = requests.filter((r) => r.url.includes('/api/v1/jobs/events') && r.headers['last-event-id']);
    assert.ok(reopened.length > 0, 'the stream was reopened with Last-Event-ID');
    const streams = proxy.since(mark).filter((t) => t.includes('text/event-stream'));
    assert.ok(streams.length > 0, 'a stream was reopened through the relay');
    const last = streams[streams.length - 1];
    assert.ok(last.includes(`event: job\ndata: {"job_id":"${job.job_id}"`), `the missed job's events were replayed:\n${last.slice(0, 2000)}`);
    assert.doesNotMatch(last, /event: snapshot/, 'caught up by replay, not by a snapshot');
    assert.equal(await page.locator('#view tbody tr', { hasText: 'before_drop.mov' }).count(), 1, 'the earlier row is still there, once');
    assert.deepEqual(await axe(page), [], 'axe on the ingest page after the reconnect');
  });

  // The cut provokes failed loads of the event stream and of the refresh (reset, refused); nothing
  // else may appear.
  const cut = [`${proxy.url}/api/v1/jobs/events`, `${proxy.url}/api/v1/auth/refresh`];
  const left = browser.problems.filter((p) => !(cut.some((u) => p.url.startsWith(u))
    && /^Failed to load resource: net::ERR_[A-Z_]+$/.test(p.text)));
  assert.deepEqual(left.map((p) => `${p.text} (${p.url})`), [], 'no console errors, page errors or dialogs');
});

test('the player plays on after the session was refreshed and the token it started with expired', { timeout: 300_000 }, async () => {
  const media = [];
  const onResponse = (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/v1/media/')) media.push({ path: new URL(r.url()).pathname, method: r.request().method(), status: r.status(), at: Date.now() });
  };
  browser.problems.length = 0; // (the previous test's provoked failures are its own)
  await step('player-refresh', async (page) => {
    // (a new token every 30 s: the ingest may outlast one of these 45 s tokens)
    let held = null;
    const login = async () => {
      if (!held || Date.now() - held.at > 30_000) {
        held = { at: Date.now(), token: (await rest('POST', '/api/v1/auth/login', { json: { username: USER, password: PASSWORD } })).body.access_token };
      }
      return held.token;
    };
    const queued = await rest('POST', '/api/v1/ingest', { token: await login(), json: { paths: [join(node.cards, 'long_play.mov')], project: PROJECT, copy: false } });
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    const job = await jobDone(node, queued.body.jobs[0].job_id, login, 180_000);
    longPlay = job.asset_id;
    page.on('response', onResponse);
    await page.evaluate((id) => { location.hash = `#/asset/${encodeURIComponent(id)}`; }, job.asset_id);
    await page.getByRole('heading', { level: 1, name: 'long_play.mov' }).waitFor();
    await page.waitForFunction(() => document.querySelector('gw-player video')?.readyState >= 2, null, { timeout: 30_000 });
    await page.evaluate(() => {
      window.__videoErrors = [];
      const v = document.querySelector('gw-player video');
      v.addEventListener('error', () => window.__videoErrors.push(`${v.error?.code} ${v.error?.message} @${v.currentTime} ${Date.now()}`));
    });
    // the token the media cookie was set with
    const started = await session(page);
    await page.getByRole('group', { name: /^Player of/ }).focus();
    // It plays a little, is paused (as an editor looks at a frame) while the session is refreshed and
    // the first token runs out, then plays on. (One continuous play to the end: the next test.)
    await page.keyboard.press('l');
    await page.waitForFunction(() => document.querySelector('gw-player video').currentTime > 1, null, { timeout: 20_000 });
    await page.keyboard.press('k');
    await page.waitForFunction((access) => JSON.parse(sessionStorage.getItem('gateway.session')).access !== access,
      started.access, { timeout: (TTL_S + 30) * 1000 });
    const refreshedAt = Date.now();
    await page.waitForFunction((until) => Date.now() > until, started.accessExpires + 2_000, { timeout: (TTL_S + 10) * 1000 });
    const expiredAt = await page.evaluate(() => document.querySelector('gw-player video').currentTime);
    await page.keyboard.press('l');
    // and it plays on: two more seconds of the clip, its timecode display following
    const events = [];
    await page.exposeFunction('__playerEvent', (e) => events.push(e)).catch(() => {});
    await page.evaluate(() => ['pause', 'error', 'emptied', 'stalled', 'waiting', 'loadstart'].forEach((n) =>
      document.querySelector('gw-player video').addEventListener(n, () => window.__playerEvent?.(`${n} @${document.querySelector('gw-player video').currentTime}`))));
    await page.waitForFunction((t) => document.querySelector('gw-player video').currentTime > t + 2, expiredAt, { timeout: 20_000 })
      .catch(async (e) => {
        const v = await page.evaluate(() => { const el = document.querySelector('gw-player video'); return { t: el.currentTime, paused: el.paused, network: el.networkState, ready: el.readyState, error: el.error?.message }; });
        e.message += `\nerrors ${(await page.evaluate(() => window.__videoErrors)).slice(0, 3)}; session ${JSON.stringify(started)} refreshed ${refreshedAt}`;
        e.message += `\nvideo ${JSON.stringify(v)} from ${expiredAt}; events ${events.join(', ')}; media ${JSON.stringify(media)}`;
        throw e;
      });
    assert.equal(await page.evaluate(() => document.querySelector('gw-player video').error), null, 'no media error');
    assert.doesNotMatch(await page.locator('#player-state').textContent(), /cannot play/);
    const tc = await page.locator('#player-tc').textContent();
    assert.match(tc, /^01:00:\d\d:\d\d$/);
    assert.ok(tc >= '01:00:03:00', `the timecode display moved on: ${tc}`);
    await page.keyboard.press('k');
    // the media cookie was set again for the new token once the session was refreshed, and no
    // media request was refused
    assert.ok(media.some((m) => m.method === 'POST' && m.path === '/api/v1/media/session' && m.status === 204 && m.at >= refreshedAt - 5_000),
      `the media cookie set again after the refresh: ${JSON.stringify(media)}`);
    assert.deepEqual(media.filter((m) => m.status >= 400), [], 'no media request refused');
  });
  browser.page.off('response', onResponse);
  assert.deepEqual(browser.problems.map((p) => `${p.text} (${p.url})`), [], 'no console errors, page errors or dialogs');
});

test('the 60 s clip plays through to its last second in one continuous play, across a refresh of the session', { timeout: 300_000 }, async () => {
  assert.ok(longPlay, 'the previous test ingested the 60 s clip');
  browser.problems.length = 0;
  const media = [];
  const onResponse = (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/v1/media/')) media.push(`${r.request().method()} ${r.status()} ${r.request().headers().range || ''}`);
  };
  await step('play-through', async (page) => {
    page.on('response', onResponse);
    // a fresh page of the asset: the player starts from the clip's first frame
    await page.evaluate(() => { location.hash = '#/ingest'; });
    await page.getByRole('heading', { name: 'Ingest' }).waitFor();
    await page.evaluate((id) => { location.hash = `#/asset/${encodeURIComponent(id)}`; }, longPlay);
    await page.getByRole('heading', { level: 1, name: 'long_play.mov' }).waitFor();
    await page.waitForFunction(() => document.querySelector('gw-player video')?.readyState >= 2, null, { timeout: 30_000 });
    // What the element went through while it played: any error, stall or wait, and the longest gap
    // between two advances of its clock (a stall shows as a gap, whatever the events say).
    await page.evaluate(() => {
      const v = document.querySelector('gw-player video');
      window.__play = { events: [], lastAdvance: null, longestGapMs: 0, last: v.currentTime };
      for (const n of ['error', 'stalled', 'emptied', 'abort', 'ended']) v.addEventListener(n, () => window.__play.events.push(`${n} @${v.currentTime.toFixed(2)}${v.error ? ` ${v.error.code} ${v.error.message}` : ''}`));
      v.addEventListener('timeupdate', () => {
        const p = window.__play;
        const now = performance.now();
        if (v.currentTime > p.last) {
          if (p.lastAdvance !== null) p.longestGapMs = Math.max(p.longestGapMs, now - p.lastAdvance);
          p.lastAdvance = now;
          p.last = v.currentTime;
        }
      });
    });
    const started = await session(page);
    await page.getByRole('group', { name: /^Player of/ }).focus();
    await page.keyboard.press('l');
    // 60 s of media at 1x; the token (45 s) is refreshed on the way
    await page.waitForFunction(() => document.querySelector('gw-player video').ended, null, { timeout: 150_000, polling: 250 })
      .catch(async (e) => {
        const v = await page.evaluate(() => { const el = document.querySelector('gw-player video'); return { t: el.currentTime, paused: el.paused, ready: el.readyState, network: el.networkState, error: el.error?.message, play: window.__play }; });
        e.message += `\nvideo ${JSON.stringify(v)}; media ${media.join(', ')}`;
        throw e;
      });
    const play = await page.evaluate(() => { const el = document.querySelector('gw-player video'); return { t: el.currentTime, d: el.duration, error: el.error, ...window.__play }; });
    assert.equal(play.error, null, 'no media error');
    assert.ok(play.d > 59.9 && play.d < 60.1, `the element knows the whole clip: ${play.d} s`);
    assert.ok(play.t >= 59.9, `it reached the last second: ${play.t} s`);
    assert.deepEqual(play.events.map((e) => e.split(' ')[0]), ['ended'], `no error, stall or reload on the way: ${play.events.join(', ')}`);
    assert.ok(play.longestGapMs < 3_000, `the clock never stood still for 3 s while playing (longest: ${Math.round(play.longestGapMs)} ms)`);
    assert.notEqual((await session(page)).access, started.access, 'the play outlasted a token (refreshed on the way)');
    // the last frame is on the display: 01:00:59:24 at 25 fps from 01:00:00:00
    await page.locator('#player-tc', { hasText: /^01:00:59:2\d$/ }).waitFor({ timeout: 5_000 });
    assert.doesNotMatch(await page.locator('#player-state').textContent(), /cannot play/);
  });
  browser.page.off('response', onResponse);
  assert.deepEqual(browser.problems.map((p) => `${p.text} (${p.url})`), [], 'no console errors, page errors or dialogs');
});
