import assert from "node:assert/strict";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { AgentClient } from "../src/core/agent-client.js";
import type { Asset } from "../src/core/contract.js";
import { PanelError } from "../src/core/errors.js";
import { planRows } from "../src/core/format.js";
import { PanelLogic } from "../src/core/panel.js";
import { PremiereHost } from "../src/host/premiere.js";
import { FakeHost, convertWith } from "./fake-host.js";
import { FakePremiere, NAMESPACES } from "./fake-premierepro.js";
import { GATEWAY, freePort, startStack, type Stack } from "./harness.js";
import { agentFor } from "./node-adapters.js";

/**
 * The panel against a real node and a real agent (the live stack of nle-plugins/live, see harness.ts);
 * only Premiere is replaced, by a recording fake. Order matters: the last test stops the node. The
 * stack may be shared with the Resolve scripts' live tests, which run first and may have cached
 * A001C003 already: the tests count what is cached rather than assume an empty cache.
 */
describe("panel against a real agent and node", { timeout: 30 * 60_000 }, () => {
  let stack: Stack;
  let agent: AgentClient;
  let panel: PanelLogic;
  let host: FakeHost;
  let events: ReturnType<typeof agentFor>["events"];
  let all: Asset[] = [];

  before(async () => {
    stack = await startStack();
    mkdirSync(join(stack.dir, "premiere"), { recursive: true });
    ({ agent, events } = agentFor(stack.agentHome));
    host = new FakeHost(
      { name: "cut", path: join(stack.dir, "premiere", "cut.prproj") },
      { name: "demo cut v1" },
      true,
      convertWith(GATEWAY, stack.edl, "25"),
    );
    panel = new PanelLogic(host, agent, events, { idleTimeoutMs: 120_000 });
  });

  after(async () => {
    events?.close();
    await stack?.close();
  });

  test("status: agent running, gateway online, logged in as demo", async () => {
    const v = await panel.status();
    assert.equal(v.agent, "running", v.message);
    assert.equal(v.gateway, "online");
    assert.equal(v.login, `logged in as ${stack.user}`);
  });

  test("search finds the demo's three originals, with posters", async () => {
    const r = await panel.search("", stack.project, 50);
    assert.equal(r.offline, false);
    all = r.hits;
    assert.deepEqual(all.map((a) => a.reel).sort(), ["A001C003", "B002C011", "SR001"]);
    const a = all.find((x) => x.reel === "A001C003")!;
    assert.equal(a.start_timecode, "01:00:00:00");
    assert.equal(a.original_name, "A001C003.mov");
    const jpeg = await agent.poster(a.asset_id);
    assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff], "poster is a JPEG");
  });

  test("take-away plan of the result: bytes per rendition choice, what is cached counted once", async () => {
    const plan = await panel.plan("", stack.project, all);
    assert.equal(plan.assets.length, 3);
    const edit = plan.totals["edit"];
    assert.ok(edit && edit.bytes > 0, "edit bytes");
    // Each asset's edit proxy is cached whole or not at all, as the search said before the plan.
    let cached = 0;
    for (const a of plan.assets) {
      const hit = all.find((h) => h.asset_id === a.asset_id)!;
      const c = a.choices["edit"]!;
      assert.equal(c.cached_bytes, hit.cached["edit"] ? c.bytes : 0, `${a.name}: cached bytes`);
      cached += c.cached_bytes;
    }
    assert.equal(edit.cached_bytes, cached);
    assert.equal(edit.to_fetch_bytes, edit.bytes - cached);
    assert.ok(edit.to_fetch_bytes > 0, "something is left to fetch before the import");
    const rows = planRows(plan);
    assert.equal(rows[0]?.choice, "edit");
  });

  test("import: ingest off first, files made local, imported into bin 'demo', metadata written", async () => {
    const lines: string[] = [];
    const report = await panel.importAssets(all, (l) => lines.push(l));
    const m = host.methods();
    assert.ok(m.indexOf("disableIngest") < m.indexOf("importFiles"), `ingest off before import: ${m.join(",")}`);
    assert.equal(report.ingestTurnedOff, true);
    assert.deepEqual(report.binsCreated, [stack.project]);
    const imports = host.calls.filter((c) => c.method === "importFiles");
    assert.equal(imports.length, 1);
    const [paths, bin] = imports[0]!.args as [string[], string];
    assert.equal(bin, stack.project);
    assert.equal(paths.length, 3);
    for (const p of paths) {
      assert.ok(p.startsWith(join(stack.agentHome, "cache", stack.project)), `stable cache path: ${p}`);
      assert.ok(existsSync(p) && statSync(p).size > 0, `file is local: ${p}`);
    }
    assert.equal(host.metadata.length, 3);
    const a = host.metadata.find((x) => x.metadata.reel === "A001C003")!;
    const asset = all.find((x) => x.reel === "A001C003")!;
    assert.deepEqual(a.metadata, {
      assetId: asset.asset_id,
      reel: "A001C003",
      originalName: "A001C003.mov",
      startTimecode: "01:00:00:00",
      frameRate: "25/1",
    });
    assert.ok(lines.some((l) => /local/.test(l)), "progress lines were shown");
  });

  test("plan after import: everything cached", async () => {
    const plan = await panel.plan("", stack.project, all);
    const edit = plan.totals["edit"]!;
    assert.equal(edit.to_fetch_bytes, 0);
    assert.equal(planRows(plan)[0]?.time, "nothing to fetch");
  });

  test("send to conform: exports the active sequence, submits it, shows totals, opens the report", async () => {
    const r = await panel.sendToConform(stack.project, () => undefined);
    assert.equal(host.exports.length, 1);
    assert.equal(host.exports[0]!.path, join(stack.dir, "premiere", "demo cut v1.otio"));
    assert.equal(host.exports[0]!.format, "otio");
    assert.equal(r.totals.events, 1);
    assert.equal(r.totals.matched, 1);
    assert.equal(r.reportHtml, host.exports[0]!.path + ".conform-report.html");
    assert.ok(existsSync(r.reportHtml), "report saved beside the edit");
    assert.deepEqual(host.opened, [r.reportHtml]);
  });

  test("Premiere's own API (a recording fake of it under the real PremiereHost): import and send to conform", async () => {
    const dir = join(stack.dir, "premiere-api");
    mkdirSync(dir, { recursive: true });
    const premiere = new FakePremiere({ name: "cut", path: join(dir, "cut.prproj") }, { name: "demo cut v2" }, true, convertWith(GATEWAY, stack.edl, "25"));
    const own = agentFor(stack.agentHome);
    try {
      const p = new PanelLogic(new PremiereHost(premiere.modules()), own.agent, own.events, { idleTimeoutMs: 120_000 });
      await p.importAssets(all, () => undefined);
      const apis = premiere.apis();
      assert.ok(apis.indexOf("IngestSettings.setIngestEnabled") < apis.indexOf("Project.importFiles"), `ingest off first: ${apis.join(",")}`);
      assert.equal(premiere.ingestEnabled, false);
      const imports = premiere.named("Project.importFiles") as [string[], boolean, string][];
      assert.equal(imports.length, 1, "one import call");
      const [paths, suppressUI, bin] = imports[0]!;
      assert.equal(bin, stack.project);
      assert.equal(suppressUI, true);
      assert.equal(paths.length, 3);
      for (const path of paths) assert.ok(path.startsWith(join(stack.agentHome, "cache", stack.project)) && existsSync(path), path);
      const asset = all.find((x) => x.reel === "A001C003")!;
      const clip = premiere.bin(stack.project)!.items.find((i) => i.mediaPath.includes("A001C003"))!;
      assert.deepEqual(JSON.parse(clip.projectXmp)[NAMESPACES.projectColumns], {
        GatewayAssetId: asset.asset_id, GatewayReel: "A001C003", GatewayOriginalName: "A001C003.mov", GatewayStartTC: "01:00:00:00",
      });
      assert.equal(JSON.parse(clip.clipXmp)[NAMESPACES.dynamicMedia].tapeName, "A001C003");

      const r = await p.sendToConform(stack.project, () => undefined);
      const otio = join(dir, "demo cut v2.otio");
      assert.deepEqual(premiere.named("ProjectConverter.exportAsOpenTimelineIO"), [["demo cut v2", otio, true]]);
      assert.equal(r.totals.matched, 1);
      assert.equal(r.reportHtml, otio + ".conform-report.html");
      assert.ok(existsSync(r.reportHtml));
      assert.deepEqual(premiere.opened, [r.reportHtml]);
    } finally {
      own.events.close();
    }
  });

  test("an exported edit the gateway cannot read: a clear message in the panel, no report", async () => {
    const dir = join(stack.dir, "premiere-bad");
    mkdirSync(dir, { recursive: true });
    const bad = new FakeHost({ name: "cut", path: join(dir, "cut.prproj") }, { name: "notes" }, true, (path) => writeFileSync(path, "just words, not a timeline"));
    const p = new PanelLogic(bad, agent, events, { idleTimeoutMs: 120_000 });
    await assert.rejects(p.sendToConform(stack.project, () => undefined), (e: unknown) => {
      assert.ok(e instanceof PanelError, String(e));
      assert.match(e.message, /notes\.otio is not an edit we recognise \(CMX 3600 EDL, OTIO JSON/, e.message);
      return true;
    });
    assert.deepEqual(bad.opened, []);
    assert.equal(existsSync(join(dir, "notes.otio.conform-report.html")), false);
  });

  test("a wrong token: a clear 'refused' message, not a crash", async () => {
    const bad = new AgentClient(
      async () => ({ version: 1, port: stack.agentPort, token: "wrong", pid: null, baseUrl: `http://127.0.0.1:${stack.agentPort}`, path: "test" }),
      (url, init) => fetch(url, init),
    );
    await assert.rejects(bad.status(), (e: unknown) => e instanceof PanelError && e.kind === "unauthenticated" && /refused the panel's token/.test(e.message));
  });

  test("agent not running: status says so", async () => {
    const port = await freePort();
    const gone = new AgentClient(
      async () => ({ version: 1, port, token: "t", pid: null, baseUrl: `http://127.0.0.1:${port}`, path: "stale.json" }),
      (url, init) => fetch(url, init),
    );
    const v = await new PanelLogic(host, gone, events).status();
    assert.equal(v.agent, "not running");
    assert.match(v.message, /gateway agent is not running \(start it with \.\/gateway agent serve\)/);
  });

  test("node stopped: status offline, search answers from the cache, plan/import say 'offline'", async () => {
    await stack.stopNode();
    const v = await panel.status();
    assert.equal(v.agent, "running");
    assert.equal(v.gateway, "offline", v.message);
    const r = await panel.search("A001C003", stack.project, 10);
    assert.equal(r.offline, true);
    assert.equal(r.hits[0]?.reel, "A001C003");
    await assert.rejects(
      agent.local({ query: "B002C011", project: stack.project }, "stream-lo"),
      (e: unknown) => e instanceof PanelError && e.kind === "gateway_offline" && /gateway is offline/.test(e.message),
    );
  });
});
