import assert from "node:assert/strict";
import { test } from "node:test";
import type { Plan } from "../src/core/contract.js";
import {
  base64,
  formatBytes,
  formatConformTotals,
  formatDuration,
  formatFrameRate,
  formatTimecode,
  framesToTimecode,
  planRows,
  planSummary,
  posterDataUrl,
  safeFileName,
} from "../src/core/format.js";

test("bytes, rates and durations for people", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(999), "999 B");
  assert.equal(formatBytes(950_000), "950 KB");
  assert.equal(formatBytes(1_400_000_000), "1.4 GB");
  assert.equal(formatBytes(-1), "?");
  assert.equal(formatDuration(0.2), "under 1 s");
  assert.equal(formatDuration(45), "45 s");
  assert.equal(formatDuration(185), "3 min 05 s");
  assert.equal(formatDuration(3720), "1 h 02 min");
  assert.equal(formatDuration(7199), "2 h 00 min");
});

test("timecode display: start TC with the rate as editors name it, durations as timecode", () => {
  assert.equal(formatFrameRate("25/1"), "25");
  assert.equal(formatFrameRate("24000/1001"), "23.976");
  assert.equal(formatFrameRate("30000/1001"), "29.97");
  assert.equal(formatFrameRate("60000/1001"), "59.94");
  assert.equal(formatFrameRate("nonsense"), "nonsense");
  assert.equal(formatTimecode("01:00:00:00", "25/1"), "01:00:00:00 @ 25");
  assert.equal(formatTimecode("14:00:00;00", "30000/1001"), "14:00:00;00 @ 29.97");
  assert.equal(formatTimecode(null, "25/1"), "no timecode");
  assert.equal(formatTimecode("1:0:0", "25/1"), "1:0:0 (unrecognised)");
  assert.equal(framesToTimecode(250, "25/1"), "00:00:10:00");
  assert.equal(framesToTimecode(240, "24000/1001"), "00:00:10:00");
  assert.equal(framesToTimecode(90_001, "25/1"), "01:00:00:01");
  assert.equal(framesToTimecode(-1, "25/1"), "?");
  assert.equal(framesToTimecode(10, null), "?");
});

const plan: Plan = {
  plan_id: "p1",
  project: "demo",
  link_bytes_per_second: 2_000_000,
  assets: [
    { asset_id: "a", name: "A001C003", order: 0, choices: { edit: { bytes: 30_000_000, cached_bytes: 0 } } },
    { asset_id: "b", name: "B002C011", order: 1, choices: { edit: { bytes: 20_000_000, cached_bytes: 20_000_000 } } },
  ],
  totals: {
    "stream-lo": { bytes: 5_000_000, cached_bytes: 5_000_000, to_fetch_bytes: 0, seconds: 0 },
    edit: { bytes: 50_000_000, cached_bytes: 20_000_000, to_fetch_bytes: 30_000_000, seconds: 15 },
  },
};

test("plan rows: edit first, bytes, cached, time at the measured rate", () => {
  const rows = planRows(plan);
  assert.deepEqual(
    rows.map((r) => [r.choice, r.label, r.bytes, r.cached, r.toFetch, r.time]),
    [
      ["edit", "edit proxy", "50.0 MB", "20.0 MB cached", "30.0 MB", "about 15 s at 2.0 MB/s"],
      ["stream-lo", "stream-lo (lightest)", "5.0 MB", "all cached", "0 B", "nothing to fetch"],
    ],
  );
  assert.equal(
    planSummary(plan),
    "2 clips — edit proxy: 30.0 MB to fetch of 50.0 MB, about 15 s at 2.0 MB/s; stream-lo (lightest): 0 B to fetch of 5.0 MB, nothing to fetch",
  );
});

test("plan rows before any transfer was measured say the time is unknown", () => {
  const p: Plan = { ...plan, link_bytes_per_second: null, totals: { edit: { bytes: 10, cached_bytes: 0, to_fetch_bytes: 10, seconds: null } } };
  assert.equal(planRows(p)[0]?.time, "time unknown (no transfer measured yet)");
});

test("conform totals", () => {
  assert.equal(formatConformTotals({ events: 3, matched: 3, unmatched: 0, ambiguous: 0 }), "3 of 3 events matched, 0 unmatched, 0 ambiguous — all matched");
  assert.equal(formatConformTotals({ events: 3, matched: 1, unmatched: 1, ambiguous: 1 }), "1 of 3 events matched, 1 unmatched, 1 ambiguous");
});

test("base64 matches Node's for every padding case; posters become data URLs", () => {
  for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 1000]) {
    const b = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255);
    assert.equal(base64(b), Buffer.from(b).toString("base64"), `length ${n}`);
  }
  assert.equal(posterDataUrl(new Uint8Array([0xff, 0xd8, 0xff])), "data:image/jpeg;base64,/9j/");
});

test("file names made from sequence names", () => {
  assert.equal(safeFileName("demo cut v1"), "demo cut v1");
  assert.equal(safeFileName("reel 3/v12: final?"), "reel 3_v12_ final_");
  assert.equal(safeFileName(".hidden"), "_hidden");
  assert.equal(safeFileName("   "), "sequence");
});
