// The console's timecode arithmetic (media-server/.../console/timecode.js) without a browser:
// exact frame counts, drop-frame labels, the frame a media time shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRate, parseTimecode, formatTimecode, frameAt, secondsOf, ClipClock } from '../../media-server/src/main/resources/gateway/server/http/console/timecode.js';

const NTSC = parseRate('30000/1001');
const FILM = parseRate('24000/1001');

test('labels and frame counts agree with the facts the corpora assert', () => {
  // corpora README: 10:03:00;05 drop-frame is frame 1084319 at 30000/1001; 00:59:56:12 non-drop is
  // 107892 at 29.97; 14:11:44:09 at 24000/1001 is 1226505.
  assert.deepEqual(parseTimecode('10:03:00;05', NTSC), { frames: 1084319, dropFrame: true });
  assert.equal(formatTimecode(1084319, NTSC, true), '10:03:00;05');
  assert.equal(parseTimecode('00:59:56:12', NTSC).frames, 107892);
  assert.equal(parseTimecode('14:11:44:09', FILM).frames, 1226505);
  assert.equal(formatTimecode(1226505, FILM, false), '14:11:44:09');
});

test('drop-frame skips ;00 and ;01 except every tenth minute', () => {
  const oneMinute = parseTimecode('00:00:59;29', NTSC).frames;
  assert.equal(formatTimecode(oneMinute + 1, NTSC, true), '00:01:00;02');
  assert.equal(formatTimecode(parseTimecode('00:09:59;29', NTSC).frames + 1, NTSC, true), '00:10:00;00');
  assert.throws(() => parseTimecode('00:01:00;00', NTSC), /does not exist/);
  assert.equal(formatTimecode(parseTimecode('01:00:00;00', NTSC).frames, NTSC, true), '01:00:00;00');
  // one hour of drop-frame is 107892 frames: the labels keep pace with the clock
  assert.equal(parseTimecode('01:00:00;00', NTSC).frames, 107892);
  // every label of a day round-trips (sampled every 97 frames)
  for (let f = 0; f < 2_589_408; f += 97) {
    assert.equal(parseTimecode(formatTimecode(f, NTSC, true), NTSC).frames, f);
  }
  // 59.94 drops four
  const P60 = parseRate('60000/1001');
  assert.equal(formatTimecode(parseTimecode('00:00:59;59', P60).frames + 1, P60, true), '00:01:00;04');
});

test('a media time shows the frame whose interval holds it; seeking lands inside the frame', () => {
  for (const rate of [NTSC, FILM, parseRate('25'), parseRate('60000/1001')]) {
    for (let f = 0; f < 5000; f += 13) {
      const start = (f * rate.den) / rate.num;
      assert.equal(frameAt(start, rate), f, `start of frame ${f} at ${rate.num}/${rate.den}`);
      assert.equal(frameAt(secondsOf(f, rate), rate), f);
      assert.equal(frameAt(Math.round(start * 1e6) / 1e6, rate), f, 'microsecond-rounded media time');
    }
  }
});

test('a clip clock counts from the start timecode and stays within the fragment index', () => {
  const clock = new ClipClock('30000/1001', '00:59:59;28', [
    { start_frame: 30, duration_frames: 30 }, { start_frame: 0, duration_frames: 30 }]);
  assert.equal(clock.label(0), '00:59:59;28');
  assert.equal(clock.label(2), '01:00:00;00');
  assert.equal(clock.frameAt(100), 59, 'past the end: the last frame');
  assert.equal(clock.fragmentOf(31), 1);
  assert.equal(new ClipClock('25/1', null, []).label(26), '00:00:01:01');
  assert.throws(() => new ClipClock('25/1', '01:00:00;00', []), /drop-frame/);
});
