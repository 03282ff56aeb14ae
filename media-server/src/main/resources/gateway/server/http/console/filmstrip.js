import { api, imageUrl } from './api.js';
import { h } from './dom.js';
import { ClipClock } from './timecode.js';

/**
 * Scrubbing a result's filmstrip with the pointer: the node's filmstrip (one sprite of small frames
 * spread over the clip, and its index of tiles) is fetched on the first pointer move over the
 * poster, then the tile under the pointer is drawn on a canvas over it, with its timecode.
 * pictures: the asset's /thumbnails answer; hit: the search hit (rate, start timecode).
 */
export function scrubber(frame, pictures, hit) {
  if (!pictures.filmstrip?.url || !pictures.filmstrip?.index_url) return;
  const canvas = h('canvas', { class: 'scrub', 'aria-hidden': 'true', hidden: true });
  const label = h('span', { class: 'scrub-tc', 'aria-hidden': 'true', hidden: true });
  frame.append(canvas, label);
  let loading = null;
  let strip = null;
  let clock = null;
  try { clock = new ClipClock(hit.frame_rate, hit.start_timecode, []); } catch { clock = null; }
  const load = () => {
    loading ??= Promise.all([api(pictures.filmstrip.index_url), imageUrl(pictures.filmstrip.url)])
      .then(([index, url]) => new Promise((ok, fail) => {
        const img = new Image();
        img.onload = () => ok({ index, img });
        img.onerror = () => fail(new Error('the filmstrip did not decode'));
        img.src = url;
      }))
      .then((s) => { strip = s; })
      .catch(() => { strip = null; });
    return loading;
  };
  const draw = (ev) => {
    if (!strip || strip.index.tiles.length === 0) return;
    const r = frame.getBoundingClientRect();
    const x = Math.min(Math.max((ev.clientX - r.left) / r.width, 0), 0.9999);
    const tile = strip.index.tiles[Math.floor(x * strip.index.tiles.length)];
    if (canvas.width !== tile.width_px) { canvas.width = tile.width_px; canvas.height = tile.height_px; }
    canvas.getContext('2d').drawImage(strip.img, tile.x_px, tile.y_px, tile.width_px, tile.height_px, 0, 0, canvas.width, canvas.height);
    canvas.dataset.frame = String(tile.frame);
    label.textContent = clock ? clock.label(tile.frame) : `frame ${tile.frame}`;
    canvas.hidden = false;
    label.hidden = false;
  };
  let inside = false;
  frame.addEventListener('pointerenter', () => { inside = true; load(); });
  frame.addEventListener('pointermove', (ev) => { if (strip) draw(ev); else load().then(() => { if (inside) draw(ev); }); });
  frame.addEventListener('pointerleave', () => { inside = false; canvas.hidden = true; label.hidden = true; });
}
