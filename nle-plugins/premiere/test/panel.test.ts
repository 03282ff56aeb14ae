import assert from "node:assert/strict";
import { test } from "node:test";
import { AgentClient, type HttpFetch } from "../src/core/agent-client.js";
import type { Asset, Status } from "../src/core/contract.js";
import { PanelError } from "../src/core/errors.js";
import { AgentEvents } from "../src/core/events.js";
import { exportPathFor, findClip, PanelLogic, statusView, statusViewOfError } from "../src/core/panel.js";
import { FakeHost } from "./fake-host.js";

// The panel's own decisions before any agent call: these fail in Premiere, so the agent must not
// be asked anything (the transport records every request).

function panelWith(host: FakeHost) {
  const requests: string[] = [];
  const http: HttpFetch = async (url) => {
    requests.push(url);
    throw new Error("no agent in this test");
  };
  const agent = new AgentClient(async () => ({ version: 1, port: 1, token: "t", pid: null, baseUrl: "http://127.0.0.1:1", path: "x" }), http);
  const events = new AgentEvents(async () => "ws://none", () => ({ close: () => undefined }));
  return { panel: new PanelLogic(host, agent, events, { idleTimeoutMs: 1000 }), requests };
}

const asset: Asset = {
  asset_id: "a1", project: "demo", name: "A001C003", reel: "A001C003", original_path: "/o/A001C003.mov", original_name: "A001C003.mov",
  start_timecode: "01:00:00:00", frame_rate: "25/1", duration_frames: 250, audio_channels: 2, profiles: ["edit"], cached: { edit: null },
};

const rejectsHost = (p: Promise<unknown>, re: RegExp) =>
  assert.rejects(p, (e: unknown) => e instanceof PanelError && e.kind === "host" && re.test(e.message));

test("import with no project open: a clear message and no download", async () => {
  const { panel, requests } = panelWith(new FakeHost(null));
  await rejectsHost(panel.importAssets([asset], () => undefined), /^Premiere Pro could not find the open project: no project is open$/);
  assert.deepEqual(requests, []);
});

test("import when the ingest setting cannot be turned off stops before any download", async () => {
  const host = new FakeHost({ name: "p", path: "/p/p.prproj" });
  host.failOn.disableIngest = "Project.executeTransaction(\"Turn ingest off (gateway)\") returned false";
  const { panel, requests } = panelWith(host);
  await rejectsHost(panel.importAssets([asset], () => undefined), /could not turn the project's ingest setting off: Project\.executeTransaction.*returned false/);
  assert.deepEqual(requests, []);
  assert.ok(!host.methods().includes("importFiles"));
});

test("import of nothing says search first", async () => {
  const { panel } = panelWith(new FakeHost({ name: "p", path: "/p/p.prproj" }));
  await assert.rejects(panel.importAssets([], () => undefined), /nothing to import: search first/);
});

test("conform needs a project name, a saved project and an active sequence", async () => {
  await assert.rejects(panelWith(new FakeHost({ name: "p", path: "/p/p.prproj" })).panel.sendToConform(" ", () => undefined), /give the gateway project/);
  await rejectsHost(panelWith(new FakeHost({ name: "p", path: "" }, { name: "s" })).panel.sendToConform("demo", () => undefined), /save the Premiere project first/);
  await rejectsHost(panelWith(new FakeHost({ name: "p", path: "/p/p.prproj" }, null)).panel.sendToConform("demo", () => undefined), /no active sequence/);
});

test("an export that Premiere refuses is reported with the call that failed", async () => {
  const host = new FakeHost({ name: "p", path: "/p/p.prproj" }, { name: "cut" }, false);
  host.failOn.exportActiveSequence = "ProjectConverter.exportAsFinalCutProXML returned false for /p/cut.xml";
  const { panel, requests } = panelWith(host);
  await rejectsHost(panel.sendToConform("demo", () => undefined), /^Premiere Pro could not export the sequence "cut" to \/p\/cut\.xml: ProjectConverter\.exportAsFinalCutProXML returned false/);
  assert.deepEqual(requests, []);
});

test("export paths sit beside the project, OTIO or FCP 7 XML, with the project's separators", () => {
  assert.equal(exportPathFor("/Users/ana/show/show.prproj", "reel 3 v12", "otio"), "/Users/ana/show/reel 3 v12.otio");
  assert.equal(exportPathFor("/Users/ana/show/show.prproj", "a/b", "fcp7xml"), "/Users/ana/show/a_b.xml");
  assert.equal(exportPathFor("D:\\Shows\\show.prproj", "cut", "otio"), "D:\\Shows\\cut.otio");
});

test("clips are matched to paths across separators, and case-insensitively on Windows drives only", () => {
  const clips = [{ path: "C:/Cache/demo/A.mov", ref: 1 }, { path: "/cache/demo/B.mov", ref: 2 }];
  assert.equal(findClip(clips, "c:\\cache\\demo\\a.mov")?.ref, 1);
  assert.equal(findClip(clips, "/cache/demo/B.mov")?.ref, 2);
  assert.equal(findClip(clips, "/cache/demo/b.mov"), undefined);
});

test("status strip: online, offline and relogging read as sentences; errors become a state", () => {
  const s: Status = {
    agent: { version: "1", port: 47474 },
    connection: { state: "offline", server: "gw:9090", since: "2026-12-01T10:00:00Z" },
    login: { logged_in: true, user: "ana" },
    cache: { root: "/c", total_bytes: 0, max_cache_bytes: null },
    link_bytes_per_second: null,
  };
  const v = statusView(s);
  assert.equal(v.gateway, "offline");
  assert.equal(v.login, "logged in as ana");
  assert.equal(v.message, "gateway gw:9090 offline since 2026-12-01T10:00:00Z: cached clips and search still work");
  assert.equal(statusView({ ...s, connection: { ...s.connection, state: "relogging" } }).message, "logging in again to gw:9090");
  assert.equal(statusView({ ...s, login: { logged_in: false, user: null } }).login, "not logged in (./gateway agent login)");
  const e = statusViewOfError(new PanelError("agent_not_running", "the gateway agent is not running (start it with ./gateway agent serve)"));
  assert.equal(e.agent, "not running");
  assert.equal(statusViewOfError(new PanelError("unauthenticated", "refused")).agent, "error");
});
