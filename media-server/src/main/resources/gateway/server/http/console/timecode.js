// Exact timecode arithmetic in whole frames (no floating-point time): a rate is a rational
// {num, den}; a label counts at the rate's timecode base (30 at 29.97); drop-frame skips labels
// ;00 and ;01 (;00-;03 at 59.94) of every minute not divisible by ten, as SMPTE 12M says.
// The same rules as the node's gateway.model.time.Timecode.

/** "30000/1001", "25" or "25/1" → {num, den}; throws on anything else. */
export function parseRate(text) {
  const m = /^\s*(\d{1,9})\s*(?:\/\s*(\d{1,9}))?\s*$/.exec(String(text ?? ''));
  if (!m) throw new Error(`frame rate '${text}' is not N or N/D`);
  const num = Number(m[1]);
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (num <= 0 || den <= 0) throw new Error(`frame rate '${text}' must be positive`);
  return { num, den };
}

/** A rate for people: "25 fps", "29.97 fps", "23.976 fps" (display only, never arithmetic). */
export function rateLabel(text) {
  try {
    const r = parseRate(text);
    const v = r.num / r.den;
    return `${Number.isInteger(v) ? v : (Math.round(v * 1000) / 1000).toString()} fps`;
  } catch { return String(text ?? '—'); }
}

/** Frames per timecode second: the rate rounded up (30 at 29.97, 24 at 23.976). */
export function timecodeBase(rate) {
  return Math.floor((rate.num + rate.den - 1) / rate.den);
}

export function supportsDropFrame(rate) {
  return (rate.num === 30000 || rate.num === 60000) && rate.den === 1001;
}

function dropCount(rate) {
  return timecodeBase(rate) / 15; // 2 at 29.97, 4 at 59.94
}

export function framesPerDay(rate, dropFrame) {
  const base = timecodeBase(rate);
  return dropFrame ? (base * 600 - dropCount(rate) * 9) * 144 : base * 86400;
}

/**
 * "HH:MM:SS:FF" (or with ';' before the frames: drop-frame) at {@code rate} → {frames since
 * midnight, dropFrame}. A label that does not exist (frame ;00 of minute 1 in drop-frame) throws.
 */
export function parseTimecode(text, rate) {
  const m = /^(\d{2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/.exec(String(text ?? '').trim());
  if (!m) throw new Error(`timecode '${text}' is not HH:MM:SS:FF`);
  const [h, mi, s, f] = [m[1], m[2], m[3], m[5]].map(Number);
  const dropFrame = m[4] === ';' || m[4] === ',';
  const base = timecodeBase(rate);
  if (mi > 59 || s > 59 || f >= base) throw new Error(`timecode '${text}' is out of range at ${rate.num}/${rate.den}`);
  if (dropFrame && !supportsDropFrame(rate)) throw new Error(`timecode '${text}' is drop-frame, defined only at 29.97 and 59.94`);
  const nominal = ((h * 60 + mi) * 60 + s) * base + f;
  if (!dropFrame) return { frames: nominal, dropFrame };
  const drop = dropCount(rate);
  if (s === 0 && mi % 10 !== 0 && f < drop) throw new Error(`timecode '${text}' does not exist in drop-frame`);
  const minutes = h * 60 + mi;
  return { frames: nominal - drop * (minutes - Math.floor(minutes / 10)), dropFrame };
}

/** The label of a frame count since midnight (wrapping at 24 hours). */
export function formatTimecode(framesSinceMidnight, rate, dropFrame) {
  if (!Number.isSafeInteger(framesSinceMidnight) || framesSinceMidnight < 0) {
    throw new Error(`frame ${framesSinceMidnight} has no timecode`);
  }
  const base = timecodeBase(rate);
  let frame = framesSinceMidnight % framesPerDay(rate, dropFrame);
  if (dropFrame) {
    const drop = dropCount(rate);
    const perTen = base * 600 - drop * 9;
    const perMinute = base * 60 - drop;
    const tens = Math.floor(frame / perTen);
    const rest = frame % perTen;
    let skipped = drop * 9 * tens;
    if (rest >= drop) skipped += drop * Math.floor((rest - drop) / perMinute);
    frame += skipped;
  }
  const ff = frame % base;
  const total = Math.floor(frame / base);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}${dropFrame ? ';' : ':'}${two(ff)}`;
}

/**
 * The frame a media time shows (the frame whose interval [n·den/num, (n+1)·den/num) holds it):
 * the media time of a presented frame is its start, so the nearest boundary is taken first so
 * that 1.0009999 s at 1000/1 is frame 1, not 0. The result is an integer.
 */
export function frameAt(seconds, rate) {
  const exact = (seconds * rate.num) / rate.den;
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) < 1e-3 ? nearest : Math.floor(exact);
}

/** A media time inside frame {@code frame} (its middle), safe to seek to. */
export function secondsOf(frame, rate) {
  return ((2 * frame + 1) * rate.den) / (2 * rate.num);
}

/** A clock for one clip: its rate, its first frame's label and its fragment index. */
export class ClipClock {
  /**
   * @param rateText the asset's rational rate ("24000/1001")
   * @param startTimecode its first frame's label, or null (counts from 00:00:00:00)
   * @param fragments the stream's fragment index [{start_frame, duration_frames}] (frames of the clip)
   * @param timecodeRateText the rate the start timecode counts at, when it is not the clip's
   */
  constructor(rateText, startTimecode, fragments, timecodeRateText = rateText) {
    this.rate = parseRate(rateText);
    this.timecodeRate = parseRate(timecodeRateText);
    const start = startTimecode ? parseTimecode(startTimecode, this.timecodeRate) : { frames: 0, dropFrame: false };
    this.startFrames = start.frames;
    this.dropFrame = start.dropFrame;
    this.fragments = [...(fragments || [])].sort((a, b) => a.start_frame - b.start_frame);
    const last = this.fragments[this.fragments.length - 1];
    this.frames = last ? last.start_frame + last.duration_frames : null;
  }

  /** The clip frame shown at a media time, kept within the frames the fragment index holds. */
  frameAt(seconds) {
    const f = Math.max(0, frameAt(seconds, this.rate));
    return this.frames === null ? f : Math.min(f, this.frames - 1);
  }

  /** The fragment (index in the list) that holds clip frame {@code frame}, or -1. */
  fragmentOf(frame) {
    return this.fragments.findIndex((x) => frame >= x.start_frame && frame < x.start_frame + x.duration_frames);
  }

  /** The source timecode of clip frame {@code frame}. */
  label(frame) {
    return formatTimecode(this.startFrames + frame, this.timecodeRate, this.dropFrame);
  }
}
