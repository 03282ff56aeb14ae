import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { discoveryPath, readDiscovery } from "../src/core/discovery.js";
import { PanelError } from "../src/core/errors.js";

const dir = mkdtempSync(join(tmpdir(), "discovery-"));
const read = (p: string) => readFile(p, "utf8");
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const rejectsWith = (p: Promise<unknown>, kind: string, re: RegExp) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof PanelError, String(e));
    assert.equal(e.kind, kind);
    assert.match(e.message, re);
    return true;
  });

test("discovery path on macOS, Linux and Windows, and with the agent's --home", () => {
  assert.equal(discoveryPath("/Users/ana", "darwin"), "/Users/ana/.gateway-agent/agent.json");
  assert.equal(discoveryPath("/home/ana/", "linux"), "/home/ana/.gateway-agent/agent.json");
  assert.equal(discoveryPath("C:\\Users\\ana", "win32"), "C:\\Users\\ana\\.gateway-agent\\agent.json");
  assert.equal(discoveryPath("C:\\Users\\ana", "win10"), "C:\\Users\\ana\\.gateway-agent\\agent.json");
  assert.equal(discoveryPath("/Users/ana", "darwin", "/Volumes/fast/agent/"), "/Volumes/fast/agent/agent.json");
  assert.equal(discoveryPath("/Users/ana", "darwin", "  "), "/Users/ana/.gateway-agent/agent.json");
});

test("a good discovery file gives port, token and a loopback base URL whatever base_url says", async () => {
  const token = "A".repeat(43);
  const p = write("ok.json", JSON.stringify({ version: 1, port: 47474, token, pid: 12, base_url: "http://evil.example:1" }));
  const d = await readDiscovery(read, p);
  assert.deepEqual(d, { version: 1, port: 47474, token, pid: 12, baseUrl: "http://127.0.0.1:47474", path: p });
});

test("a missing file means the agent is not running, with the command to start it", async () => {
  await rejectsWith(
    readDiscovery(read, join(dir, "nope.json")),
    "agent_not_running",
    /^the gateway agent is not running \(start it with \.\/gateway agent serve\): no discovery file at .*nope\.json$/,
  );
});

test("bad files say what is wrong and where", async () => {
  await rejectsWith(readDiscovery(read, write("empty.json", "")), "discovery_invalid", /empty\.json is empty/);
  await rejectsWith(readDiscovery(read, write("bad.json", "{port:")), "discovery_invalid", /bad\.json is not JSON/);
  await rejectsWith(readDiscovery(read, write("arr.json", "[1]")), "discovery_invalid", /not a JSON object/);
  await rejectsWith(readDiscovery(read, write("v2.json", '{"version":2,"port":1,"token":"t"}')), "discovery_invalid", /has version 2; this panel speaks version 1/);
  await rejectsWith(readDiscovery(read, write("port.json", '{"version":1,"port":70000,"token":"t"}')), "discovery_invalid", /no valid port \(70000\)/);
  await rejectsWith(readDiscovery(read, write("tok.json", '{"version":1,"port":1,"token":""}')), "discovery_invalid", /has no token/);
});

test("an unreadable file (a folder here) is reported with the reason", async () => {
  await rejectsWith(readDiscovery(read, dir), "discovery_invalid", /cannot read the agent's discovery file .*EISDIR/);
});
