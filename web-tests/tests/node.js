// Starts a REAL gateway node for the browser tests: ./gateway serve on free loopback ports with
// plaintext HTTP (allowed on loopback only), a fresh store, a user made with ./gateway user add.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// the folder of this file (import.meta.dirname needs Node 20.11; Debian 12 has 18)
const HERE = fileURLToPath(new URL('.', import.meta.url));

export const REPO = resolve(HERE, '..', '..');

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/** Runs ./gateway with args; throws with its output when it fails. */
export function gateway(...args) {
  return execFileSync(join(REPO, 'gateway'), args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A short QuickTime camera original made by ffmpeg (the launcher installs it for the tests): test
 * pattern in H.264, a sine tone in AAC (so the node draws a waveform), a timecode track starting at
 * {@code timecode} with the reel name {@code reel}. {@code rate} is ffmpeg's ("25", "30000/1001").
 */
export function makeOriginal(path, { seconds = 3, rate = '25', timecode = '01:00:00:00', reel = null, size = '320x180' } = {}) {
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k',
    '-timecode', timecode];
  if (reel) args.push('-metadata:s:v:0', `reel_name=${reel}`);
  execFileSync('ffmpeg', [...args, path]);
}

/**
 * accessTokenTtlS: the node's auth.access-token-ttl-s (default 900), short for a test of the
 * session's refresh. watchFolders: [{name, project, copy}], folders made under the cards folder
 * and configured as the node's ingest.watch-folders (settle-s 3600: the node itself ingests
 * nothing from them while a test runs; the console ingests them on request).
 */
export async function startNode({ readyTimeoutMs = 300_000, accessTokenTtlS = null, watchFolders = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-web-'));
  for (const w of watchFolders) mkdirSync(join(dir, 'cards', w.name), { recursive: true });
  const watch = watchFolders.map((w) => `{path: ${join(dir, 'cards', w.name)}, project: ${w.project}, copy: ${!!w.copy}, settle-s: 3600}`);
  const [http, grpc, cluster] = [await freePort(), await freePort(), await freePort()];
  const config = join(dir, 'node.yaml');
  writeFileSync(config, [
    'server:', '  host: 127.0.0.1', `  http-port: ${http}`, `  grpc-port: ${grpc}`, '  tls:', '    enabled: false',
    'store:', `  dir: ${join(dir, 'data')}`,
    'cluster:', `  port: ${cluster}`, '  members: [127.0.0.1]',
    'ingest:', '  local-workers: 1', `  roots: [${join(dir, 'cards')}]`, `  watch-folders: [${watch.join(', ')}]`,
    ...(accessTokenTtlS ? ['auth:', `  access-token-ttl-s: ${accessTokenTtlS}`] : []), ''].join('\n'));
  const child = spawn(join(REPO, 'gateway'), ['serve', '--config', config], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Its process group, named in a file until it is stopped: the launcher ends a node that a killed
  // test run left behind by this id (./gateway test, after the browser tests).
  const pidFile = join(REPO, 'web-tests', 'target', `node-${child.pid}.pid`);
  mkdirSync(join(REPO, 'web-tests', 'target'), { recursive: true });
  writeFileSync(pidFile, `${child.pid}\n`);
  let log = '';
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`node not ready within ${readyTimeoutMs} ms:\n${log}`)), readyTimeoutMs);
    const seen = (chunk) => {
      log += chunk;
      if (log.includes('gateway ready')) { clearTimeout(timer); ok(); }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`node exited with ${code}:\n${log}`)); });
  });
  return {
    dir,
    url: `http://127.0.0.1:${http}`,
    httpPort: http,
    store: join(dir, 'data'),
    cards: join(dir, 'cards'),
    log: () => log,
    /** Stops the node and removes its folder (GATEWAY_WEB_KEEP=1 keeps it to look at). */
    stop: () => new Promise((ok) => {
      const clean = () => {
        rmSync(pidFile, { force: true });
        if (!process.env.GATEWAY_WEB_KEEP) rmSync(dir, { recursive: true, force: true });
        ok();
      };
      if (child.exitCode !== null) { clean(); return; }
      child.once('exit', clean);
      process.kill(-child.pid, 'SIGTERM');
    }),
  };
}

/** A REST call of the test itself, straight to the node: its status and JSON answer. */
export async function rest(node, method, path, { token, json } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${node.url}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * Waits until the node says the job is DONE (asked every 200 ms, for at most timeoutMs). token: a
 * bearer token, or a function giving one for each question (tokens that may expire meanwhile).
 */
export async function jobDone(node, jobId, token, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const bearer = typeof token === 'function' ? await token() : token;
    const job = (await rest(node, 'GET', `/api/v1/jobs/${encodeURIComponent(jobId)}`, { token: bearer })).body;
    if (job.state === 'DONE') return job;
    if (Date.now() > until || job.state === 'QUARANTINED') {
      throw new Error(`job ${jobId} not done within ${timeoutMs} ms: ${JSON.stringify(job)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
