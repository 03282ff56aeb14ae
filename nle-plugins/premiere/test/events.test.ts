import assert from "node:assert/strict";
import { test } from "node:test";
import type { AgentEvent } from "../src/core/contract.js";
import { PanelError } from "../src/core/errors.js";
import { AgentEvents, ConformTracker, JobTracker, downloadHint, parseEvent, type SocketHandlers } from "../src/core/events.js";

test("parseEvent keeps the contract's event types and drops the rest", () => {
  assert.deepEqual(parseEvent('{"type":"job.done","job_id":"j"}'), { type: "job.done", job_id: "j" });
  assert.equal(parseEvent('{"type":"something.new"}'), null);
  assert.equal(parseEvent("not json"), null);
  assert.equal(parseEvent("[]"), null);
});

const progress = (job: string, done: number, total: number, eta: number | null): AgentEvent => ({
  type: "job.progress",
  job_id: job,
  asset_id: "a",
  bytes_done: done,
  bytes_total: total,
  bytes_per_second: 2_000_000,
  eta_seconds: eta,
  total: { bytes_done: done, bytes_total: total, eta_seconds: eta },
});

test("a job tracker follows its own job only, to done", () => {
  const t = new JobTracker("j1", [
    { asset_id: "a", path: "/c/a.mov", order: 0 },
    { asset_id: "b", path: "/c/b.mov", order: 1 },
  ]);
  assert.equal(t.handle(progress("other", 1, 2, 1)), "ignored");
  assert.equal(t.handle(progress("j1", 40_000_000, 100_000_000, 30)), "progress");
  assert.equal(t.progressLine(), "0 of 2 clips local, 40.0 MB of 100.0 MB (40 %), 2.0 MB/s, about 30 s left");
  assert.equal(t.handle({ type: "job.asset_done", job_id: "j1", asset_id: "a", path: "/c/a.mov", order: 0 }), "asset_done");
  assert.equal(t.done.get("a"), "/c/a.mov");
  assert.equal(t.handle({ type: "job.done", job_id: "j1" }), "done");
  assert.equal(t.handle({ type: "job.failed", job_id: "j1", asset_id: null, error: { reason: "X", message: "late" } }), "ignored");
});

test("a failed job names the clip and the agent's reason", () => {
  const t = new JobTracker("j1", [{ asset_id: "a", path: "/c/a.mov", order: 0 }]);
  assert.equal(
    t.handle({ type: "job.failed", job_id: "j1", asset_id: "a", error: { reason: "RESOURCE_EXHAUSTED", message: "the cache disk is full" } }),
    "failed",
  );
  assert.equal(t.failureMessage(new Map([["a", "A001C003"]])), "making the clips local failed (A001C003): the cache disk is full (RESOURCE_EXHAUSTED)");
});

test("a full cache disk and a gateway gone mid-download say what to do (the agent's own messages)", () => {
  const names = new Map([["a", "A001C003"]]);
  const full = new JobTracker("j1", [{ asset_id: "a", path: "/c/a.mov", order: 0 }]);
  full.handle({ type: "job.failed", job_id: "j1", asset_id: "a", error: { reason: "IO", message: "cannot write to /c/demo/A001C003__ca38b1d4.mov.part: No space left on device" } });
  assert.equal(
    full.failureMessage(names),
    "making the clips local failed (A001C003): cannot write to /c/demo/A001C003__ca38b1d4.mov.part: No space left on device (IO); the agent's cache disk is full: free space there (or start the agent with --max-cache-bytes) and import again",
  );
  // The agent's own words for a full disk (AgentEventsIT): recognised by its reason alone too.
  assert.equal(
    downloadHint("STORAGE_FULL", "the disk is full at /c/demo/A.mov.part"),
    downloadHint("IO", "No space left on device"),
  );
  assert.equal(downloadHint("IO", "the disk is full at /c/demo/A.mov.part"), null);
  const gone = new JobTracker("j2", [{ asset_id: "a", path: "/c/a.mov", order: 0 }]);
  gone.handle({ type: "job.failed", job_id: "j2", asset_id: "a", error: { reason: "UNAVAILABLE", message: "rendition edit of a: the node closed the stream at byte 1048576; the next attempt resumes there" } });
  assert.match(gone.failureMessage(names), /\(UNAVAILABLE\); the gateway went away during the download: import again once it is back \(the download resumes where it stopped\)$/);
});

test("a conform tracker keeps the totals and the report", () => {
  const t = new ConformTracker("c1");
  assert.equal(t.handle({ type: "conform.progress", conform_id: "c1", step: "linking", done: 2, total: 5 }), "progress");
  assert.equal(t.progressLine(), "conform: linking 2 of 5");
  const totals = { events: 5, matched: 4, unmatched: 1, ambiguous: 0 };
  assert.equal(t.handle({ type: "conform.done", conform_id: "c1", totals, report_html: "/e.html", report_json: "/e.json" }), "done");
  assert.deepEqual(t.totals, totals);
  assert.equal(t.reportHtml, "/e.html");
  assert.equal(t.handle({ type: "conform.progress", conform_id: "c2", step: "x", done: 1, total: 1 }), "ignored");
});

/** A scripted socket: the test drives open / message / close. */
function scripted() {
  type S = { url: string; h: SocketHandlers; closed: boolean };
  const sockets: S[] = [];
  const waiting: ((s: S) => void)[] = [];
  const open = (url: string, h: SocketHandlers) => {
    const s = { url, h, closed: false };
    sockets.push(s);
    waiting.splice(0).forEach((w) => w(s));
    return { close: () => { s.closed = true; } };
  };
  /** The socket number n (0-based), once the client opened it. */
  const nth = (n: number) => (sockets[n] ? Promise.resolve(sockets[n]) : new Promise<S>((res) => waiting.push((s) => sockets[n] === s && res(s))));
  return { sockets, open, nth };
}

test("the events socket hands events to subscribers and reconnects when the agent drops it", async () => {
  const { sockets, open, nth } = scripted();
  const ev = new AgentEvents(async () => "ws://127.0.0.1:1/v1/events?access_token=t", open, 10);
  const got: AgentEvent[] = [];
  ev.subscribe((e) => got.push(e));
  const connected = ev.connect();
  (await nth(0)).h.open();
  await connected;
  assert.equal(sockets[0]!.url, "ws://127.0.0.1:1/v1/events?access_token=t");
  sockets[0]!.h.message('{"type":"connection","state":"offline","server":"h:1"}');
  sockets[0]!.h.message("garbage");
  assert.deepEqual(got, [{ type: "connection", state: "offline", server: "h:1" }]);
  const reopened = new Promise<void>((res) => ev.onState((s) => s === "connecting" && res()));
  sockets[0]!.h.close(1006, "");
  await reopened;
  await nth(1);
  assert.equal(sockets.length, 2, "a second socket after the drop");
  ev.close();
});

test("a socket that cannot open rejects with a message; a 1008 close means the token", async () => {
  const { open, nth } = scripted();
  const ev = new AgentEvents(async () => "ws://x", open, 10);
  const p = ev.connect();
  (await nth(0)).h.error("ECONNREFUSED");
  await assert.rejects(p, (e: unknown) => e instanceof PanelError && e.kind === "agent_not_running" && /ECONNREFUSED/.test(e.message));
  const q = ev.connect();
  (await nth(1)).h.close(1008, "bad token");
  await assert.rejects(q, (e: unknown) => e instanceof PanelError && e.kind === "unauthenticated");
  ev.close();
});
