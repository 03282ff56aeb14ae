import { api, imageUrl } from './api.js';
import { h, showError } from './dom.js';
import { ClipClock, formatTimecode, parseRate, rateLabel } from './timecode.js';
import './player.js';
import './waveform.js';

/** Streaming renditions the player can use, best first. */
const STREAMS = ['stream-hi', 'stream-lo'];

function section(id, title, ...content) {
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

/** The ingest's own bookkeeping keys, as people read them; any other key (a camera's, an ALE column) shows as it came. */
const LABELS = {
  ingest_mode: 'Ingest mode',
  intake_root: 'Ingested from (root)',
  ascmhl_generation: 'ASC MHL record',
  intake_xxh64: 'xxh64 at intake',
  intake_md5: 'MD5 at intake',
  intake_size_bytes: 'Size at intake',
  original_size_bytes: 'Size of the original',
  intake_modified_ms: 'Modified (at intake)',
  original_modified_ms: 'Modified (the original)',
};
const MODES = { reference: 'reference (the original stays where it was)', copy: 'copy (into the store)' };

/** An instant as a local date and time, the exact instant kept in the ISO form. */
function when(value) {
  const d = value === undefined || value === null || value === '' ? null : new Date(value);
  if (!d || Number.isNaN(d.getTime())) return value ? String(value) : '—';
  return `${d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })} (${d.toISOString()})`;
}

function bytes(n) {
  const v = Number(n);
  if (!Number.isFinite(v)) return String(n);
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = v;
  let unit = '';
  for (const u of units) { if (scaled < 1024) break; scaled /= 1024; unit = u; }
  return unit ? `${v.toLocaleString()} bytes (${scaled.toFixed(1)} ${unit})` : `${v.toLocaleString()} bytes`;
}

function metadataRow(key, value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (key === 'ingest_mode') return [LABELS[key], MODES[text] || text];
  if (key.endsWith('_modified_ms')) return [LABELS[key] || key, when(Number(text))];
  if (key.endsWith('_size_bytes')) return [LABELS[key] || key, bytes(text)];
  return [LABELS[key] || key, text];
}

/**
 * One asset: a player on its stream rendition with a frame-accurate timecode display, the waveform,
 * metadata, timecode, checksums, where it is used, thumbnails and renditions.
 */
class GwAsset extends HTMLElement {
  async connectedCallback() {
    const id = this.getAttribute('asset-id');
    try {
      const m = await api(`/api/v1/assets/${encodeURIComponent(id)}`);
      this.render(m);
      await Promise.all([this.player(m), this.waveform(m), this.thumbnails(id)]);
    } catch (e) { showError(this, e); }
  }

  render(m) {
    const media = m.media || {};
    this.m = m;
    const tc = media.start_timecode;
    const video = media.video ? `${media.video.codec} ${media.video.width}×${media.video.height}` : 'none (audio only)';
    const audio = (media.audio || []).map((a) => `${a.codec} ${a.channels} ch ${a.sample_rate} Hz`).join(', ') || 'none';
    const camera = media.camera ? [media.camera.make, media.camera.model, media.camera.serial && `serial ${media.camera.serial}`].filter(Boolean).join(' ') : '—';
    const meta = h('dl', { class: 'kv' });
    [['Project', m.project], ['Original', m.original_path], ['Container', media.container],
      ['Video', video], ['Audio', audio], ['Camera', camera], ['Clip name', media.clip_name || '—'],
      ['Ingested', when(m.ingested_at)],
      ...Object.entries(m.metadata || {}).map(([k, v]) => metadataRow(k, v)),
    ].forEach(([k, v]) => meta.append(h('dt', {}, k), h('dd', {}, v ?? '—')));

    const time = h('dl', { class: 'kv', id: 'asset-timecode' });
    const rows = [['Frame rate', `${rateLabel(media.frame_rate)} (${media.frame_rate})${media.variable_frame_rate ? ', variable' : ''}`], ['Duration', `${media.duration_frames} frames`]];
    try {
      const clock = new ClipClock(media.frame_rate, tc?.value, [], tc?.rate || media.frame_rate);
      const n = media.duration_frames;
      rows.push(['Start timecode', tc ? tc.value : '— (counted from 00:00:00:00)'],
        ['End timecode (last frame)', n > 0 ? clock.label(n - 1) : '—'],
        ['Length', n > 0 ? formatTimecode(n, parseRate(tc?.rate || media.frame_rate), false) : '—'],
        ['Reel', media.reel || '—']);
    } catch (e) { rows.push(['Timecode', `cannot be read: ${e.message}`]); }
    rows.forEach(([k, v]) => time.append(h('dt', {}, k), h('dd', {}, v)));

    const sums = h('dl', { class: 'kv mono' });
    Object.entries(m.checksums || {}).filter(([, v]) => v).forEach(([k, v]) => sums.append(h('dt', {}, `Original ${k}`), h('dd', {}, v)));
    if (!sums.firstChild) sums.append(h('dt', {}, 'Original'), h('dd', {}, 'no checksums recorded'));

    const used = m.used_in || [];
    const renditions = h('tbody');
    for (const r of m.renditions || []) {
      renditions.append(h('tr', {}, h('td', {}, r.profile), h('td', { class: 'path' }, r.path), h('td', {}, r.mime_type),
        h('td', { class: 'num' }, `${r.size_bytes}`), h('td', { class: 'mono' }, r.checksums?.xxh64 || '—')));
    }
    const warnings = (media.warnings || []).map((w) => h('li', {}, w));
    this.thumbs = h('div', { class: 'thumbs' });
    this.playerSlot = h('div');
    this.waveSlot = h('div');
    this.replaceChildren(...[
      h('h1', {}, m.name),
      h('p', { class: 'muted subtitle' }, [m.project, media.reel && `reel ${media.reel}`, tc?.value, `${media.duration_frames} frames @ ${rateLabel(media.frame_rate)}`].filter(Boolean).join(' · ')),
      warnings.length ? h('ul', { class: 'error' }, warnings) : null,
      h('div', { class: 'asset-top' },
        section('player-title', 'Player', this.playerSlot),
        h('div', {},
          section('tc-title', 'Timecode', time),
          section('used-title', 'Used in', used.length
            ? h('ul', { id: 'used-in' }, used.map((s) => h('li', {}, s)))
            : h('p', { class: 'muted', id: 'used-in' }, 'Not used in any conformed sequence yet.')))),
      section('wave-title', 'Waveform', this.waveSlot),
      section('meta-title', 'Metadata', meta),
      section('sums-title', 'Checksums', sums),
      section('thumbs-title', 'Thumbnails', this.thumbs),
      section('rend-title', 'Renditions',
        h('table', {}, h('thead', {}, h('tr', {}, ['Profile', 'File', 'Type', 'Bytes', 'xxHash64'].map((t) => h('th', { scope: 'col' }, t)))), renditions)),
    ].filter(Boolean));
  }

  async player(m) {
    const profile = STREAMS.find((p) => (m.renditions || []).some((r) => r.profile === p));
    if (!profile) {
      this.playerSlot.replaceChildren(h('p', { class: 'muted' }, 'No stream rendition: nothing to play.'));
      return;
    }
    const tc = m.media.start_timecode;
    this.gwPlayer = h('gw-player');
    this.playerSlot.replaceChildren(this.gwPlayer);
    try {
      await this.gwPlayer.load({ assetId: m.asset_id, profile, rate: m.media.frame_rate, startTimecode: tc?.value,
        timecodeRate: tc?.rate, name: m.name });
    } catch (e) { showError(this.playerSlot, e); this.gwPlayer = null; }
  }

  async waveform(m) {
    if (!(m.renditions || []).some((r) => r.profile === 'waveform')) {
      this.waveSlot.replaceChildren(h('p', { class: 'muted' }, 'No sound: no waveform.'));
      return;
    }
    try {
      const data = await api(`/api/v1/assets/${encodeURIComponent(m.asset_id)}/waveform`);
      const rate = parseRate(m.media.frame_rate);
      const wave = h('gw-waveform');
      this.waveSlot.replaceChildren(wave);
      wave.show(data, (m.media.duration_frames * rate.den) / rate.num);
      wave.addEventListener('seek', (ev) => {
        if (this.gwPlayer?.clock) this.gwPlayer.seekFrame(this.gwPlayer.clock.frameAt(ev.detail.seconds));
        else wave.playhead(ev.detail.seconds);
      });
      this.gwPlayer?.addEventListener('frame', (ev) => wave.playhead(ev.detail.seconds));
    } catch (e) { showError(this.waveSlot, e); }
  }

  async thumbnails(id) {
    let t;
    try { t = await api(`/api/v1/assets/${encodeURIComponent(id)}/thumbnails`); } catch (e) { showError(this.thumbs, e); return; }
    for (const th of t.thumbnails || []) {
      const img = h('img', { alt: `Frame ${th.frame}`, width: th.width_px, height: th.height_px });
      imageUrl(th.url).then((u) => { img.src = u; }).catch(() => { img.alt = `Frame ${th.frame} (not available)`; });
      const fig = h('figure', {}, img, h('figcaption', {}, th.timecode || `frame ${th.frame}`));
      if (this.gwPlayer) {
        // a thumbnail is a way into the clip: it moves the player there
        const go = h('button', { type: 'button', class: 'thumb', 'aria-label': `Go to ${th.timecode || `frame ${th.frame}`}`,
          onclick: () => { this.gwPlayer.step(th.frame - this.gwPlayer.frame); this.gwPlayer.surface.focus(); } }, fig);
        this.thumbs.append(go);
      } else {
        this.thumbs.append(fig);
      }
    }
    if (!this.thumbs.firstChild) this.thumbs.append(h('p', { class: 'muted' }, 'No thumbnails.'));
  }
}
customElements.define('gw-asset', GwAsset);
