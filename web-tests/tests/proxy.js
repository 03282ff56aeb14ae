// A TCP relay between the browser and the node that the test can cut: every open connection is
// destroyed at once (a dropped network, a restarted load balancer) and new ones are refused until
// the test lets them through again. It keeps what the node sent on each connection (the first
// 256 KiB), so a test can tell a replay of missed events from a new snapshot.
import { createServer, connect } from 'node:net';

const KEEP = 256 * 1024;

export async function startProxy(targetPort) {
  const open = new Set();
  /** [{from: 'node', text}] per connection, in the order they were opened. */
  const connections = [];
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) { client.destroy(); return; }
    const upstream = connect(targetPort, '127.0.0.1');
    const seen = { text: '' };
    connections.push(seen);
    open.add(client);
    open.add(upstream);
    upstream.on('data', (chunk) => { if (seen.text.length < KEEP) seen.text += chunk.toString('latin1'); });
    client.pipe(upstream);
    upstream.pipe(client);
    const gone = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const s of [client, upstream]) { s.on('error', gone); s.on('close', gone); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** What the node sent on each connection opened from now on. */
    mark: () => connections.length,
    since: (mark) => connections.slice(mark).map((c) => c.text),
    /** Cuts every connection and refuses new ones until resume(). */
    drop() { refusing = true; for (const s of open) s.destroy(); },
    resume() { refusing = false; },
    close: () => new Promise((ok) => { for (const s of open) s.destroy(); server.close(ok); }),
  };
}
