import { api, follow, imageUrl } from './api.js';
import { h, showError, project } from './dom.js';
import { parseTimecode, parseRate } from './timecode.js';

const RECENT_KEY = 'gateway.recentEdits';
const RECENT_MAX = 5;
const RECENT_MAX_CHARS = 512 * 1024;
/** Every status the report can hold, in the order the page lists them. */
const STATUSES = ['matched', 'short_handles', 'ambiguous', 'rate_mismatch', 'out_of_range', 'unmatched', 'invalid'];
const RATES = ['', '23.976', '24', '25', '29.97', '30', '48', '50', '59.94', '60'];
const FORMATS = [['', 'the edit’s own format'], ['otio', 'OpenTimelineIO (.otio)'], ['edl', 'CMX 3600 EDL'],
  ['fcp7xml', 'Final Cut Pro 7 XML'], ['fcpxml', 'FCPXML'], ['ale', 'Avid ALE']];

/** Edits conformed from this browser, newest first (text only; kept in this browser's storage). */
function recentEdits() {
  try { return JSON.parse(localStorage.getItem(RECENT_KEY) || '[]'); } catch { return []; }
}

function remember(name, text) {
  if (text.length > RECENT_MAX_CHARS) return;
  const list = recentEdits().filter((e) => e.name !== name);
  list.unshift({ name, text, when: new Date().toISOString() });
  try { localStorage.setItem(RECENT_KEY, JSON.stringify(list.slice(0, RECENT_MAX))); } catch { /* storage full: not remembered */ }
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Conform: upload an edit (or pick a recent one), options, progress, then the report. */
class GwConform extends HTMLElement {
  connectedCallback() {
    this.file = h('input', { type: 'file', id: 'conform-file', accept: '.edl,.xml,.fcpxml,.otio,.ale,.txt' });
    this.recent = h('select', { id: 'conform-recent' });
    this.rate = h('select', { id: 'conform-rate' }, RATES.map((r) => h('option', { value: r }, r || 'as the list says (24 if none)')));
    this.handles = h('input', { type: 'number', id: 'conform-handles', min: 0, max: 999999, value: 0, inputmode: 'numeric' });
    this.to = h('select', { id: 'conform-to' }, FORMATS.map(([v, t]) => h('option', { value: v }, t)));
    this.markers = h('input', { type: 'checkbox', id: 'conform-markers' });
    this.render = h('input', { type: 'checkbox', id: 'conform-render' });
    this.strict = h('input', { type: 'checkbox', id: 'conform-strict' });
    this.progress = h('div', { 'aria-live': 'polite', id: 'conform-progress' });
    this.report = h('div', { id: 'conform-report' });
    this.fillRecent();
    const form = h('form', { class: 'panel', 'aria-labelledby': 'conform-title' },
      h('h1', { id: 'conform-title' }, 'Conform'),
      h('p', { class: 'muted' }, 'Link every event of an edit (CMX 3600 EDL, FCP 7 XML, FCPXML, OpenTimelineIO, ALE) to the project’s originals; the report shows what matched and why not.'),
      h('div', { class: 'row' },
        h('label', { for: 'conform-file' }, 'Edit file', this.file),
        h('label', { for: 'conform-recent' }, 'or a recent edit', this.recent)),
      h('fieldset', { class: 'options' }, h('legend', {}, 'Options'),
        h('div', { class: 'row' },
          h('label', { for: 'conform-rate' }, 'Rate of an EDL', this.rate),
          h('label', { for: 'conform-handles' }, 'Handles (frames)', this.handles),
          h('label', { for: 'conform-to' }, 'Conformed timeline as', this.to)),
        h('div', { class: 'row' },
          h('label', { class: 'inline', for: 'conform-markers' }, this.markers, 'Status markers on the timeline'),
          h('label', { class: 'inline', for: 'conform-render' }, this.render, 'Render a ProRes master'),
          h('label', { class: 'inline', for: 'conform-strict' }, this.strict, 'Strict reading (stop at the first bad event)'))),
      h('button', { type: 'submit' }, 'Conform'),
      this.progress);
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.submit(); });
    this.append(form, this.report);
  }

  disconnectedCallback() { this.stopFollowing?.(); }

  fillRecent() {
    const list = recentEdits();
    this.recent.replaceChildren(h('option', { value: '' }, list.length ? '—' : 'none yet'),
      ...list.map((e, i) => h('option', { value: String(i) }, `${e.name} (${e.when.slice(0, 16).replace('T', ' ')})`)));
  }

  async edit() {
    const f = this.file.files[0];
    if (f) return { name: f.name, text: await f.text() };
    const i = this.recent.value;
    if (i !== '') return recentEdits()[Number(i)] || null;
    return null;
  }

  async submit() {
    this.stopFollowing?.();
    this.report.replaceChildren();
    const edit = await this.edit();
    if (!edit) { showError(this.progress, { message: 'choose an edit file, or a recent edit' }); return; }
    const q = new URLSearchParams({ project: project(), file_name: edit.name });
    if (this.rate.value) q.set('rate', this.rate.value);
    if (this.handles.value && this.handles.value !== '0') q.set('handles', this.handles.value);
    if (this.to.value) q.set('to', this.to.value);
    if (this.markers.checked) q.set('markers', 'true');
    if (this.render.checked) q.set('render', 'true');
    if (this.strict.checked) q.set('strict', 'true');
    this.progress.replaceChildren(h('p', {}, h('progress', { 'aria-label': 'Conforming' }), ` Conforming ${edit.name}…`));
    try {
      const out = await api(`/api/v1/conform?${q}`, { method: 'POST', body: edit.text, headers: { 'Content-Type': 'application/octet-stream' } });
      remember(edit.name, edit.text);
      this.fillRecent();
      this.progress.replaceChildren(h('p', {}, `Conformed ${edit.name}: ${out.report.events.length} event(s).`));
      this.show(out);
      if (out.output_dir) this.follow(out.conform_id);
    } catch (e) { showError(this.progress, e); }
  }

  /** Consolidation and render run after the answer: their progress from the node's event stream, until done or failed. */
  follow(id) {
    const bar = h('progress', { max: 100, value: 0, 'aria-label': 'Render progress' });
    const text = h('span', { id: 'conform-stage' }, ' waiting');
    const line = h('p', {}, bar, text);
    this.progress.append(line);
    const stop = follow(`/api/v1/conforms/${encodeURIComponent(id)}/events`, (name, p) => {
      if (name !== 'progress') return;
      bar.value = p.percent;
      text.textContent = ` ${p.stage} ${p.percent} %${p.message ? ` — ${p.message}` : ''}`;
      line.dataset.stage = p.stage;
      if (p.stage === 'failed') line.classList.add('error');
      if (p.stage === 'done' || p.stage === 'failed') stop();
    }, (state, e) => { if (state === 'error') showError(line, e); });
    this.stopFollowing = stop;
  }

  show(out) {
    const r = out.report;
    const events = r.events || [];
    const counts = Object.fromEntries(STATUSES.map((s) => [s, events.filter((e) => e.status === s).length]));
    const base = (r.edit || 'edit').replace(/\.[^.]*$/, '');
    const filter = h('fieldset', { class: 'filter' }, h('legend', {}, 'Show'));
    const shown = new Set(STATUSES);
    const rows = h('tbody');
    const apply = () => { for (const tr of rows.children) tr.hidden = !shown.has(tr.dataset.status); };
    for (const s of STATUSES.filter((x) => counts[x] > 0)) {
      const box = h('input', { type: 'checkbox', checked: true, id: `show-${s}` });
      box.addEventListener('change', () => { if (box.checked) shown.add(s); else shown.delete(s); apply(); });
      filter.append(h('label', { class: 'inline', for: `show-${s}` }, box, h('span', { class: `status st-${s}` }, s.replaceAll('_', ' ')), ` ${counts[s]}`));
    }
    this.pictures = new Map();
    const wanted = [];
    events.forEach((e) => rows.append(this.row(e, wanted)));
    const summary = STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s.replaceAll('_', ' ')}`).join(', ');
    this.report.replaceChildren(h('section', { class: 'panel', 'aria-labelledby': 'report-title' },
      h('h2', { id: 'report-title' }, 'Report: ', r.edit),
      h('p', { id: 'conform-summary', class: r.all_matched ? 'ok' : 'error' },
        `${events.length} event(s): ${summary || 'none'}${r.all_matched ? ' — all matched.' : ' — not all matched.'}`),
      (r.problems || []).length ? h('ul', { class: 'error' }, r.problems.map((p) => h('li', {}, `line ${p.line}${p.event ? `, event ${p.event}` : ''}: ${p.message}`))) : null,
      out.consolidation_summary ? h('p', {}, out.consolidation_summary) : null,
      h('div', { class: 'row downloads' },
        h('button', { type: 'button', class: 'secondary', onclick: () => download(out.conformed_file_name, 'application/octet-stream', out.conformed_timeline) }, `Download ${out.conformed_file_name}`),
        h('button', { type: 'button', class: 'secondary', onclick: () => download(`${base}.conform-report.json`, 'application/json', `${JSON.stringify(r, null, 2)}\n`) }, 'Download report (JSON)'),
        h('button', { type: 'button', class: 'secondary', onclick: () => download(`${base}.conform-report.html`, 'text/html', out.report_html) }, 'Download report (HTML)')),
      filter,
      h('div', { class: 'scroll' }, h('table', { class: 'report' },
        h('caption', { class: 'muted' }, 'One row per event of the edit; the picture is the original’s frame nearest the source in.'),
        h('thead', {}, h('tr', {}, ['Picture', 'Event', 'Track', 'Record in / out', 'Source in / out', 'Reel', 'Clip name', 'Status', 'Method', 'Original', 'Message'].map((t) => h('th', { scope: 'col' }, t)))),
        rows))));
    this.loadPictures(wanted);
  }

  /** The rows' pictures in event order, four requests at a time (a long edit must not flood the node). */
  loadPictures(wanted) {
    const generation = (this.generation = (this.generation || 0) + 1);
    const next = async () => {
      while (wanted.length && generation === this.generation && this.isConnected) {
        const [cell, e] = wanted.shift();
        await this.picture(cell, e);
      }
    };
    for (let i = 0; i < 4; i++) next();
  }

  row(e, wanted) {
    const pic = h('td', { class: 'pic' });
    const message = h('td', { class: 'message' }, e.message || '');
    if ((e.candidates || []).length) {
      message.append(h('details', {}, h('summary', {}, `${e.candidates.length} candidate(s)`),
        h('ul', { class: 'candidates' }, e.candidates.map((c) => h('li', {},
          h('a', { href: `#/asset/${encodeURIComponent(c.asset_id)}` }, c.name || c.asset_id),
          ` ${c.original_path || ''}`)))));
    }
    const tr = h('tr', { 'data-status': e.status, class: `st-row-${e.status}` },
      pic, h('td', {}, e.event ?? ''), h('td', {}, e.track ?? ''),
      h('td', { class: 'tc' }, h('span', {}, e.record_in ?? ''), h('span', {}, e.record_out ?? '')),
      h('td', { class: 'tc' }, h('span', {}, e.source_in ?? ''), h('span', {}, e.source_out ?? '')),
      h('td', {}, e.reel ?? ''), h('td', { class: 'clip' }, e.clip_name ?? ''),
      h('td', {}, h('span', { class: `status st-${e.status}` }, e.status.replaceAll('_', ' '))),
      h('td', {}, e.match_method ?? ''),
      h('td', { class: 'original' }, e.asset_id
        ? h('a', { href: `#/asset/${encodeURIComponent(e.asset_id)}`, title: e.original_path || '' }, (e.original_path || e.asset_id).split('/').pop())
        : '—'),
      message);
    if (e.asset_id) wanted.push([pic, e]);
    return tr;
  }

  /** The original's thumbnail nearest the event's source in (the poster when none is nearer). */
  async picture(cell, e) {
    try {
      if (!this.pictures.has(e.asset_id)) this.pictures.set(e.asset_id, api(`/api/v1/assets/${encodeURIComponent(e.asset_id)}/thumbnails`));
      const t = await this.pictures.get(e.asset_id);
      let url = t.poster?.url;
      const thumbs = t.thumbnails || [];
      if (thumbs.length && e.source_frames && thumbs[0].timecode) {
        const first = parseTimecode(thumbs[0].timecode, parseRate(t.rate)).frames - thumbs[0].frame;
        const at = e.source_frames.start - first;
        url = thumbs.reduce((best, th) => (Math.abs(th.frame - at) < Math.abs(best.frame - at) ? th : best)).url;
      }
      if (!url) return;
      const img = h('img', { alt: `Original of event ${e.event}: ${e.clip_name || e.reel || e.asset_id}`, loading: 'lazy' });
      cell.replaceChildren(img);
      img.src = await imageUrl(url);
    } catch { cell.replaceChildren(h('span', { class: 'muted' }, 'no picture')); }
  }
}
customElements.define('gw-conform', GwConform);
