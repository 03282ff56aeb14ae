import type { ChoiceTotals, ConformTotals, Plan } from "./contract.js";

/** Bytes for people: 1000-based, one decimal from MB up ("0 B", "950 KB", "1.4 GB"). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "?";
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ["KB", "MB", "GB", "TB", "PB"];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const unit = units[i] ?? "PB";
  return i === 0 ? `${Math.round(v)} ${unit}` : `${v.toFixed(1)} ${unit}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Seconds for people: "under 1 s", "45 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 1) return "under 1 s";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m === 60 ? `${h + 1} h 00 min` : `${h} h ${String(m).padStart(2, "0")} min`;
}

/** An exact rational rate ("24000/1001", "25/1", "25") as [numerator, denominator], or null. */
export function parseRate(rate: string | null | undefined): [number, number] | null {
  if (!rate) return null;
  const m = /^\s*(\d+)\s*(?:\/\s*(\d+))?\s*$/.exec(rate);
  if (!m) return null;
  const num = Number(m[1]);
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (num <= 0 || den <= 0) return null;
  return [num, den];
}

/** "25", "23.976", "29.97", "59.94": a rate as editors name it. */
export function formatFrameRate(rate: string | null | undefined): string {
  const r = parseRate(rate);
  if (!r) return rate ?? "?";
  const v = r[0] / r[1];
  if (Number.isInteger(v)) return String(v);
  return (Math.floor(v * 1000) / 1000).toFixed(3).replace(/0+$/, "").replace(/\.$/, "");
}

/**
 * A frame count as timecode at the rate's nominal frame count per second (non-drop: this is a
 * duration display, not a position), e.g. 250 at 25/1 → "00:00:10:00".
 */
export function framesToTimecode(frames: number, rate: string | null | undefined): string {
  const r = parseRate(rate);
  if (!r || !Number.isInteger(frames) || frames < 0) return "?";
  const fps = Math.round(r[0] / r[1]);
  const ff = frames % fps;
  const totalSeconds = Math.floor(frames / fps);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(Math.floor(totalSeconds / 3600))}:${p(Math.floor(totalSeconds / 60) % 60)}:${p(totalSeconds % 60)}:${p(ff)}`;
}

/** The start timecode as shown in the list: "01:00:00:00 @ 25", or "no timecode". */
export function formatTimecode(startTimecode: string | null | undefined, rate: string | null | undefined): string {
  if (!startTimecode) return "no timecode";
  if (!/^\d{2}:\d{2}:\d{2}[:;]\d{2}$/.test(startTimecode)) return `${startTimecode} (unrecognised)`;
  return rate ? `${startTimecode} @ ${formatFrameRate(rate)}` : startTimecode;
}

export const CHOICE_LABELS: Record<string, string> = {
  edit: "edit proxy",
  "stream-lo": "stream-lo (lightest)",
};

export interface PlanRow {
  choice: string;
  label: string;
  bytes: string;
  cached: string;
  toFetch: string;
  time: string;
}

/** One row per rendition choice of a take-away plan, edit first. */
export function planRows(plan: Plan): PlanRow[] {
  const order = (c: string) => (c === "edit" ? 0 : c === "stream-lo" ? 1 : 2);
  return Object.keys(plan.totals)
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((choice) => {
      const t = plan.totals[choice] as ChoiceTotals;
      return {
        choice,
        label: CHOICE_LABELS[choice] ?? choice,
        bytes: formatBytes(t.bytes),
        cached: t.cached_bytes >= t.bytes && t.bytes > 0 ? "all cached" : `${formatBytes(t.cached_bytes)} cached`,
        toFetch: formatBytes(t.to_fetch_bytes),
        time: planTime(t, plan.link_bytes_per_second),
      };
    });
}

function planTime(t: ChoiceTotals, link: number | null): string {
  if (t.to_fetch_bytes === 0) return "nothing to fetch";
  if (t.seconds === null || link === null) return "time unknown (no transfer measured yet)";
  return `about ${formatDuration(t.seconds)} at ${formatRate(link)}`;
}

/** A one-line plan summary for the status line. */
export function planSummary(plan: Plan): string {
  const n = plan.assets.length;
  const rows = planRows(plan);
  const parts = rows.map((r) => `${r.label}: ${r.toFetch} to fetch of ${r.bytes}, ${r.time}`);
  return `${n} clip${n === 1 ? "" : "s"} — ${parts.join("; ")}`;
}

export function formatConformTotals(t: ConformTotals): string {
  const all = t.unmatched === 0 && t.ambiguous === 0;
  return `${t.matched} of ${t.events} events matched, ${t.unmatched} unmatched, ${t.ambiguous} ambiguous${all ? " — all matched" : ""}`;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (with padding), for `data:` URLs of posters. */
export function base64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + "=";
  }
  return out;
}

export function posterDataUrl(jpeg: Uint8Array): string {
  return "data:image/jpeg;base64," + base64(jpeg);
}

/** A file name made from a sequence name: letters, digits, space, . - _ kept; the rest becomes "_". */
export function safeFileName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9 ._-]/g, "_").replace(/^\.+/, "_").trim().slice(0, 120);
  return s === "" ? "sequence" : s;
}
