// Bundles the panel (esbuild), lays out dist/plugin (manifest, HTML, CSS, JS, icons) and zips it
// into dist/<id>_<version>.ccx (a .ccx is a zip of the plugin folder). Type checking is `tsc`
// before this script (see package.json "build").
import { build } from "esbuild";
import { zipSync, unzipSync, strFromU8 } from "fflate";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync, crc32 } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "plugin");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const manifest = JSON.parse(readFileSync(join(root, "plugin", "manifest.json"), "utf8"));

if (manifest.version !== pkg.version) {
  fail(`plugin/manifest.json version ${manifest.version} differs from package.json version ${pkg.version}`);
}

rmSync(join(root, "dist"), { recursive: true, force: true });
mkdirSync(join(out, "icons"), { recursive: true });

await build({
  entryPoints: [join(root, "src", "ui", "main.ts")],
  outfile: join(out, "index.js"),
  bundle: true,
  format: "iife",
  platform: "neutral",
  target: "es2020",
  external: ["premierepro", "uxp", "fs", "os"],
  sourcemap: false,
  logLevel: "warning",
});

for (const f of ["manifest.json", "index.html", "styles.css"]) copyFileSync(join(root, "plugin", f), join(out, f));

// Icons: flat squares drawn here (no binary files in the repository); @1x and @2x per manifest icon.
const icons = [...manifest.icons, ...manifest.entrypoints.flatMap((e) => e.icons ?? [])];
for (const icon of icons) {
  for (const scale of icon.scale) {
    const path = icon.path.replace(/\.png$/, `@${scale}x.png`);
    writeFileSync(join(out, path), png(icon.width * scale, icon.height * scale, [0x2f, 0x7d, 0xc4]));
  }
}

const files = {};
for (const f of walk(out)) files[relative(out, f).split("\\").join("/")] = readFileSync(f);
const ccx = join(root, "dist", `${manifest.id}_${manifest.version}.ccx`);
writeFileSync(ccx, zipSync(files, { level: 9 }));

// Read it back: the zip must hold a manifest v5 at its root and every file it names.
const back = unzipSync(readFileSync(ccx));
const m = JSON.parse(strFromU8(back["manifest.json"] ?? fail(`${ccx} has no manifest.json at its root`)));
if (m.manifestVersion !== 5) fail(`${ccx}: manifestVersion is ${m.manifestVersion}, not 5`);
if (!back[m.main]) fail(`${ccx}: main ${m.main} is missing`);
if (!back["index.js"]) fail(`${ccx}: index.js is missing`);
console.log(`built ${relative(root, ccx)} (${statSync(ccx).size} bytes, ${Object.keys(back).length} files)`);

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

function png(w, h, [r, g, b]) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const edge = x < w / 8 || y < h / 8 || x >= w - w / 8 || y >= h - h / 8;
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = edge ? 255 : r;
      raw[o + 1] = edge ? 255 : g;
      raw[o + 2] = edge ? 255 : b;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function fail(msg) {
  console.error(`build: ${msg}`);
  process.exit(1);
}
