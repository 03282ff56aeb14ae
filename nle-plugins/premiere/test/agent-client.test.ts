import assert from "node:assert/strict";
import { test } from "node:test";
import { AgentClient, type HttpFetch, type HttpResponse } from "../src/core/agent-client.js";
import type { Discovery } from "../src/core/discovery.js";
import { PanelError } from "../src/core/errors.js";

// Unit tests of the client's error mapping and rediscovery, with a scripted transport. The real
// agent is exercised in integration.test.ts.

const disc = (port: number, token: string): Discovery => ({ version: 1, port, token, pid: null, baseUrl: `http://127.0.0.1:${port}`, path: "/h/agent.json" });

function answer(status: number, body: string): HttpResponse {
  const bytes = new TextEncoder().encode(body);
  return { status, headers: { get: () => null }, text: async () => body, arrayBuffer: async () => bytes.buffer };
}

function transport(script: (url: string, auth: string) => HttpResponse | Error) {
  const seen: { url: string; auth: string; method: string; body?: string; type?: string }[] = [];
  const http: HttpFetch = async (url, init) => {
    const auth = init.headers["Authorization"] ?? "";
    const entry: { url: string; auth: string; method: string; body?: string; type?: string } = { url, auth, method: init.method };
    if (init.body !== undefined) entry.body = init.body;
    const type = init.headers["Content-Type"];
    if (type !== undefined) entry.type = type;
    seen.push(entry);
    const r = script(url, auth);
    if (r instanceof Error) throw r;
    return r;
  };
  return { http, seen };
}

const isPanel = (kind: string, re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof PanelError, String(e));
  assert.equal(e.kind, kind);
  assert.match(e.message, re);
  return true;
};

test("requests carry the bearer token and JSON bodies", async () => {
  const { http, seen } = transport(() => answer(202, '{"job_id":"j","assets":[]}'));
  const c = new AgentClient(async () => disc(5, "tok"), http);
  await c.local({ asset_ids: ["a"] }, "edit");
  assert.deepEqual(seen, [
    { url: "http://127.0.0.1:5/v1/local", auth: "Bearer tok", method: "POST", body: '{"asset_ids":["a"],"profile":"edit"}', type: "application/json" },
  ]);
  assert.equal(await c.eventsUrl(), "ws://127.0.0.1:5/v1/events?access_token=tok");
});

test("a 401 re-reads the discovery file (the agent restarted with a new token) and retries once", async () => {
  let token = "old";
  const { http, seen } = transport((_, auth) => (auth === "Bearer new" ? answer(200, '{"total":0,"offline":false,"hits":[]}') : answer(401, '{"error":{"reason":"UNAUTHENTICATED","message":"bad token"}}')));
  const c = new AgentClient(async () => disc(5, token), http);
  await c.discovery();
  token = "new";
  const r = await c.search("x", "demo", 5);
  assert.equal(r.total, 0);
  assert.equal(seen.length, 2);
  assert.equal(seen[0]!.url, "http://127.0.0.1:5/v1/search?q=x&project=demo&limit=5");
});

test("a 401 with an unchanged token says the token was refused and what to do", async () => {
  const { http } = transport(() => answer(401, '{"error":{"reason":"UNAUTHENTICATED","message":"missing or wrong token"}}'));
  const c = new AgentClient(async () => disc(5, "tok"), http);
  await assert.rejects(c.status(), isPanel("unauthenticated", /refused the panel's token \(401: missing or wrong token\); the token in \/h\/agent\.json .*restart the agent/));
});

test("a 401 while the agent takes the panel's token is the agent's own login ending: log the agent in again", async () => {
  const { http, seen } = transport((url) =>
    url.endsWith("/v1/status")
      ? answer(200, '{"agent":{},"connection":{},"login":{},"cache":{}}')
      : answer(401, '{"error":{"reason":"UNAUTHENTICATED","message":"the session of ana expired at 2026-12-07T01:00:00Z: log in again"}}'),
  );
  const c = new AgentClient(async () => disc(5, "tok"), http);
  await assert.rejects(
    c.local({ query: "A001", project: "demo" }, "edit"),
    isPanel("login_expired", /^the agent's login to the gateway has ended \(the session of ana expired at 2026-12-07T01:00:00Z: log in again\): log the agent in again \(\.\/gateway agent login --server HOST:PORT --user NAME\), then retry \(POST \/v1\/local\)$/),
  );
  assert.deepEqual(seen.map((s) => s.url.replace("http://127.0.0.1:5", "")), ["/v1/local", "/v1/status"]);
});

test("a 503 is 'gateway offline', not a failure of the panel", async () => {
  const { http } = transport(() => answer(503, '{"error":{"reason":"UNAVAILABLE","message":"gateway 10.0.0.5:9090 unreachable"}}'));
  const c = new AgentClient(async () => disc(5, "tok"), http);
  await assert.rejects(c.plan({ query: "q", project: "p" }), isPanel("gateway_offline", /^the gateway is offline: gateway 10\.0\.0\.5:9090 unreachable \(cached clips/));
});

test("other errors carry the agent's message and reason; a non-contract answer says so", async () => {
  const c1 = new AgentClient(async () => disc(5, "tok"), transport(() => answer(404, '{"error":{"reason":"NOT_FOUND","message":"no asset abc"}}')).http);
  await assert.rejects(c1.asset("abc"), isPanel("agent_error", /^no asset abc \(NOT_FOUND, HTTP 404 on GET \/v1\/assets\/abc\)$/));
  const c2 = new AgentClient(async () => disc(5, "tok"), transport(() => answer(404, "<html>nope</html>")).http);
  await assert.rejects(c2.status(), isPanel("protocol", /HTTP 404 and no v1 error body .*older than API v1/));
  const c3 = new AgentClient(async () => disc(5, "tok"), transport(() => answer(200, '{"ok":true}')).http);
  await assert.rejects(c3.status(), isPanel("protocol", /GET \/v1\/status is not API v1: missing agent, connection, login, cache/));
});

test("nothing listening: 'not running'; a restart on another port is followed", async () => {
  const refused = new Error("fetch failed: ECONNREFUSED");
  const c1 = new AgentClient(async () => disc(5, "tok"), transport(() => refused).http);
  await assert.rejects(c1.status(), isPanel("agent_not_running", /^the gateway agent is not running \(start it with \.\/gateway agent serve\): nothing answers on 127\.0\.0\.1:5/));

  let port = 5;
  const ok = '{"agent":{},"connection":{},"login":{},"cache":{}}';
  const { http, seen } = transport((url) => (url.startsWith("http://127.0.0.1:6/") ? answer(200, ok) : refused));
  const c2 = new AgentClient(async () => disc(port, "tok"), http);
  await c2.discovery();
  port = 6;
  await c2.status();
  assert.deepEqual(seen.map((s) => s.url), ["http://127.0.0.1:5/v1/status", "http://127.0.0.1:6/v1/status"]);
});
