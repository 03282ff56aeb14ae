import { api, imageUrl } from './api.js';
import { h, showError } from './dom.js';

/** One asset: metadata, timecode, checksums, renditions and thumbnails. */
class GwAsset extends HTMLElement {
  async connectedCallback() {
    const id = this.getAttribute('asset-id');
    try {
      const m = await api(`/api/v1/assets/${encodeURIComponent(id)}`);
      this.render(m);
      const t = await api(`/api/v1/assets/${encodeURIComponent(id)}/thumbnails`);
      this.thumbnails(t);
    } catch (e) { showError(this, e); }
  }

  render(m) {
    const media = m.media || {};
    const video = media.video ? `${media.video.codec} ${media.video.width}×${media.video.height}` : 'none (audio only)';
    const audio = (media.audio || []).map((a) => `${a.codec} ${a.channels} ch ${a.sample_rate} Hz`).join(', ') || 'none';
    const rows = [
      ['Project', m.project], ['Original', m.original_path], ['Container', media.container],
      ['Frame rate', media.frame_rate], ['Duration', `${media.duration_frames} frames`],
      ['Start timecode', media.start_timecode || '—'], ['Reel', media.reel || '—'],
      ['Video', video], ['Audio', audio], ['Camera', media.camera ? JSON.stringify(media.camera) : '—'],
      ...Object.entries(m.checksums || {}).map(([k, v]) => [`Checksum ${k}`, v]),
      ...Object.entries(m.metadata || {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ];
    const dl = h('dl', { class: 'kv' });
    rows.forEach(([k, v]) => dl.append(h('dt', {}, k), h('dd', {}, v ?? '—')));
    const warnings = (media.warnings || []).map((w) => h('li', {}, w));
    const renditions = h('tbody');
    for (const r of m.renditions || []) {
      renditions.append(h('tr', {}, h('td', {}, r.profile), h('td', {}, r.path), h('td', {}, r.mime_type), h('td', {}, `${r.size_bytes}`)));
    }
    this.thumbs = h('div', { class: 'thumbs' });
    this.replaceChildren(
      h('h1', {}, m.name),
      h('section', { class: 'panel', 'aria-labelledby': 'meta-title' }, h('h2', { id: 'meta-title' }, 'Metadata'), dl,
        warnings.length ? h('ul', { class: 'error' }, warnings) : null),
      h('section', { class: 'panel', 'aria-labelledby': 'thumbs-title' }, h('h2', { id: 'thumbs-title' }, 'Thumbnails'), this.thumbs),
      h('section', { class: 'panel', 'aria-labelledby': 'rend-title' }, h('h2', { id: 'rend-title' }, 'Renditions'),
        h('table', {}, h('thead', {}, h('tr', {}, ['Profile', 'File', 'Type', 'Bytes'].map((t) => h('th', { scope: 'col' }, t)))), renditions)));
  }

  thumbnails(t) {
    for (const th of t.thumbnails || []) {
      const img = h('img', { alt: `Frame ${th.frame}`, width: th.width_px, height: th.height_px });
      imageUrl(th.url).then((u) => { img.src = u; }).catch(() => { img.alt = `Frame ${th.frame} (not available)`; });
      this.thumbs.append(h('figure', {}, img, h('figcaption', {}, th.timecode || `frame ${th.frame}`)));
    }
    if (!this.thumbs.firstChild) this.thumbs.append(h('p', { class: 'muted' }, 'No thumbnails.'));
  }
}
customElements.define('gw-asset', GwAsset);
