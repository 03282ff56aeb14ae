// Starts a REAL gateway node for the browser tests: ./gateway serve on free loopback ports with
// plaintext HTTP (allowed on loopback only), a fresh store, a user made with ./gateway user add.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');

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

/** A short QuickTime original made by GStreamer (2 s of test pattern, H.264, 25 fps). */
export function makeOriginal(path) {
  execFileSync('gst-launch-1.0', ['-q', 'videotestsrc', 'num-buffers=50', 'pattern=smpte',
    '!', 'video/x-raw,width=640,height=360,framerate=25/1', '!', 'x264enc', '!', 'qtmux',
    '!', 'filesink', `location=${path}`]);
}

export async function startNode({ readyTimeoutMs = 300_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-web-'));
  const [http, grpc, cluster] = [await freePort(), await freePort(), await freePort()];
  const config = join(dir, 'node.yaml');
  writeFileSync(config, [
    'server:', '  host: 127.0.0.1', `  http-port: ${http}`, `  grpc-port: ${grpc}`, '  tls:', '    enabled: false',
    'store:', `  dir: ${join(dir, 'data')}`,
    'cluster:', `  port: ${cluster}`, '  members: [127.0.0.1]',
    'ingest:', '  local-workers: 1', `  roots: [${join(dir, 'cards')}]`, ''].join('\n'));
  const child = spawn(join(REPO, 'gateway'), ['serve', '--config', config], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
    store: join(dir, 'data'),
    cards: join(dir, 'cards'),
    log: () => log,
    stop: () => new Promise((ok) => {
      if (child.exitCode !== null) { ok(); return; }
      child.once('exit', ok);
      process.kill(-child.pid, 'SIGTERM');
    }),
  };
}
