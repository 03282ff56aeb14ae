import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { strFromU8, unzipSync } from "fflate";

// Reads the .ccx that `npm run build` wrote (run it first) as Creative Cloud would: a zip with the
// manifest at its root.

const dist = join(process.cwd(), "dist");

function ccx(): Record<string, Uint8Array> {
  const files = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith(".ccx")) : [];
  assert.equal(files.length, 1, `exactly one .ccx in ${dist} (run npm run build first); found ${JSON.stringify(files)}`);
  return unzipSync(readFileSync(join(dist, files[0]!)));
}

test("the .ccx holds a manifest v5 for Premiere Pro 25.6+ with a panel entrypoint", () => {
  const zip = ccx();
  const m = JSON.parse(strFromU8(zip["manifest.json"]!)) as Record<string, any>;
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  assert.equal(m["manifestVersion"], 5);
  assert.equal(m["version"], pkg.version);
  assert.match(m["id"], /^[a-z0-9.-]+$/);
  assert.deepEqual(m["host"], { app: "premierepro", minVersion: "25.6.0" });
  const panels = (m["entrypoints"] as any[]).filter((e) => e.type === "panel");
  assert.equal(panels.length, 1);
  assert.ok(panels[0].id && panels[0].label?.default, "the panel has an id and a label");
  assert.ok(zip[m["main"]], `main ${m["main"]} is in the zip`);
  assert.match(strFromU8(zip[m["main"]]!), /<script src="index\.js"><\/script>/);
  assert.ok(zip["index.js"] && zip["index.js"].length > 1000, "the bundled panel script");
});

test("permissions: loopback http and ws only, full file-system access, opening .html reports", () => {
  const m = JSON.parse(strFromU8(ccx()["manifest.json"]!)) as Record<string, any>;
  const p = m["requiredPermissions"];
  const domains: string[] = p.network.domains;
  for (const d of ["http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost"]) assert.ok(domains.includes(d), d);
  assert.ok(domains.every((d) => /^(http|ws):\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(d)), `loopback only: ${domains.join(", ")}`);
  assert.equal(p.localFileSystem, "fullAccess");
  assert.deepEqual(p.launchProcess.extensions, [".html"]);
});

test("every icon the manifest names is a PNG in the zip at each scale", () => {
  const zip = ccx();
  const m = JSON.parse(strFromU8(zip["manifest.json"]!)) as Record<string, any>;
  const icons = [...m["icons"], ...m["entrypoints"].flatMap((e: any) => e.icons ?? [])];
  assert.ok(icons.length >= 2);
  for (const i of icons) {
    for (const s of i.scale as number[]) {
      const path = (i.path as string).replace(/\.png$/, `@${s}x.png`);
      const png = zip[path];
      assert.ok(png, `${path} is in the zip`);
      assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${path} is a PNG`);
      const view = new DataView(png.buffer, png.byteOffset);
      assert.equal(view.getUint32(16), i.width * s, `${path} width`);
    }
  }
});
