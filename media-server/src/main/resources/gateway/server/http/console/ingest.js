import { api, follow } from './api.js';
import { h, showError, project } from './dom.js';

const FINISHED_BADLY = new Set(['QUARANTINED', 'FAILED']);

/** "1 min 05 s", "12 s". */
function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * The speed and ETA of one running job, from the events as they arrive. ETA: the time the rest
 * takes at the pace of the percent gained since the page first saw it running. fps: the frames of
 * media the worker decoded per second (frames_done between two events over the time between them),
 * smoothed (an exponential moving average, so one late event does not make it jump); none until two
 * events with frames have come.
 */
class Speed {
  constructor(job) {
    this.since = { at: performance.now(), percent: job.percent };
    this.last = null;
    this.fps = null;
  }

  update(job) {
    const now = performance.now();
    this.frames(job, now);
    const parts = [];
    if (this.fps !== null) parts.push(`${this.fps < 10 ? this.fps.toFixed(1) : Math.round(this.fps)} fps`);
    const gained = job.percent - this.since.percent;
    if (gained > 0 && now > this.since.at) parts.push(`ETA ${duration(((100 - job.percent) / gained) * ((now - this.since.at) / 1000))}`);
    return parts.join(' · ');
  }

  frames(job, now) {
    if (job.frames_done == null) return;
    const last = this.last;
    if (!last || job.frames_done < last.frames) { this.last = { at: now, frames: job.frames_done }; return; }
    const seconds = (now - last.at) / 1000;
    // a snapshot and an event in the same instant say nothing about speed
    if (job.frames_done === last.frames || seconds < 0.05) return;
    const fps = (job.frames_done - last.frames) / seconds;
    this.fps = this.fps === null ? fps : 0.7 * this.fps + 0.3 * fps;
    this.last = { at: now, frames: job.frames_done };
  }
}

/**
 * Ingest: a path or one of the project's watch folders, copy or reference; the project's queue,
 * live from the event stream, with a retry for failed jobs; and the quarantine list.
 */
class GwIngest extends HTMLElement {
  connectedCallback() {
    const path = h('input', { type: 'text', id: 'ingest-path', name: 'path', required: true, placeholder: '/mnt/cards/A001' });
    this.source = h('select', { id: 'ingest-source', name: 'source' }, h('option', { value: '' }, 'a path I type'));
    this.roots = h('p', { class: 'muted', id: 'ingest-roots' });
    const copy = h('input', { type: 'radio', id: 'ingest-copy', name: 'mode', value: 'copy' });
    const reference = h('input', { type: 'radio', id: 'ingest-reference', name: 'mode', value: 'reference', checked: true });
    this.result = h('div', { 'aria-live': 'polite' });
    this.source.addEventListener('change', () => {
      const w = this.watchFolders?.[this.source.value];
      if (!w) return;
      path.value = w.path;
      (w.copy ? copy : reference).checked = true;
    });
    const form = h('form', { class: 'panel', 'aria-labelledby': 'ingest-title' },
      h('h1', { id: 'ingest-title' }, 'Ingest'),
      h('div', { class: 'row' },
        h('label', { for: 'ingest-source' }, 'From', this.source),
        h('label', { for: 'ingest-path' }, 'Path on the node (a file or folder within ingest.roots)', path),
        h('fieldset', { class: 'mode' },
          h('legend', {}, 'Originals'),
          h('label', { class: 'inline', for: 'ingest-reference' }, reference, 'Reference them where they are'),
          h('label', { class: 'inline', for: 'ingest-copy' }, copy, 'Copy them into the store (card offload, verified)')),
        h('button', { type: 'submit' }, 'Ingest')),
      this.roots,
      this.result);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      this.result.replaceChildren();
      try {
        const out = await api('/api/v1/ingest', { json: { paths: [path.value], project: project(), copy: copy.checked } });
        this.result.replaceChildren(h('p', {}, `Queued ${out.jobs.length} job(s).`));
        out.jobs.forEach((j) => this.upsert(j));
      } catch (e) { showError(this.result, e); }
    });
    this.streamState = h('span', { class: 'stream-state', id: 'stream-state' }, 'connecting…');
    this.rows = h('tbody');
    this.jobs = new Map();
    this.speeds = new Map();
    this.quarantineRows = h('tbody');
    this.quarantineOut = h('div', { 'aria-live': 'polite' });
    this.append(form,
      h('section', { class: 'panel', 'aria-labelledby': 'queue-title' },
        h('h2', { id: 'queue-title' }, 'Queue ', this.streamState),
        h('table', {},
          h('caption', { class: 'muted' }, 'Jobs of this project, newest state from the node as it happens'),
          h('thead', {}, h('tr', {}, ['File', 'State', 'Progress', 'Asset', 'Error', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
          this.rows)),
      h('section', { class: 'panel', 'aria-labelledby': 'quarantine-title' },
        h('h2', { id: 'quarantine-title' }, 'Quarantine'),
        h('p', { class: 'muted' }, 'Jobs that failed twice (or lost their worker three times) and are not tried again until someone retries them.'),
        this.quarantineOut,
        h('table', { id: 'quarantine' },
          h('caption', { class: 'visually-hidden' }, 'Quarantined jobs'),
          h('thead', {}, h('tr', {}, ['File', 'Error', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
          this.quarantineRows)));
    this.loadSources();
    this.loadQuarantine();
    this.stop = follow(`/api/v1/jobs/events?project=${encodeURIComponent(project())}`, (name, data) => {
      if (name === 'snapshot') { this.jobs.clear(); this.rows.replaceChildren(); data.jobs.forEach((j) => this.upsert(j)); }
      else if (name === 'job') {
        const before = this.jobs.get(data.job_id)?.dataset.state;
        this.upsert(data);
        // The quarantine list follows the stream: re-read when a job enters or leaves it.
        if ((before === 'QUARANTINED') !== (data.state === 'QUARANTINED')) this.loadQuarantine();
      } else if (name === 'end') this.streamState.textContent = `reconnecting (${data.message})`;
    }, (state, e) => {
      this.streamState.textContent = state === 'live' ? 'live' : state === 'error' ? `stream error: ${e.message}` : 'reconnecting…';
    });
  }

  disconnectedCallback() { this.stop?.(); }

  /** The project's watch folders (as choices) and the roots paths must lie in. */
  async loadSources() {
    try {
      const s = await api(`/api/v1/ingest/sources?project=${encodeURIComponent(project())}`);
      this.watchFolders = Object.fromEntries(s.watch_folders.map((w, i) => [String(i), w]));
      this.source.replaceChildren(h('option', { value: '' }, 'a path I type'),
        ...s.watch_folders.map((w, i) => h('option', { value: String(i) },
          `watch folder ${w.path} (${w.copy ? 'copy' : 'reference'})`)));
      this.roots.textContent = s.roots.length
        ? `Paths must lie within: ${s.roots.join(', ')}.`
        : 'The node accepts any path it can read (no ingest.roots configured).';
    } catch (e) {
      // Without the ingest grant the form cannot be used: say why, once, where the answer appears.
      showError(this.result, e);
    }
  }

  async loadQuarantine() {
    try {
      const { jobs } = await api(`/api/v1/jobs/quarantine?project=${encodeURIComponent(project())}`);
      this.quarantineRows.replaceChildren(...(jobs.length ? jobs.map((j) => {
        const name = j.path.split('/').pop();
        return h('tr', { 'data-job': j.job_id },
          h('td', { class: 'path', title: j.path }, name),
          h('td', { class: 'error' }, j.error ? `${j.error.reason}: ${j.error.message}` : ''),
          h('td', {}, this.retryButton(j, name, this.quarantineOut)));
      }) : [h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'Nothing is quarantined.'))]));
    } catch (e) { showError(this.quarantineOut, e); }
  }

  retryButton(job, name, out) {
    return h('button', { type: 'button', class: 'secondary small', 'aria-label': `retry ${name}`,
      onclick: async () => {
        out.replaceChildren();
        try {
          this.upsert(await api(`/api/v1/jobs/${encodeURIComponent(job.job_id)}/retry`, { method: 'POST' }));
          this.loadQuarantine();
        } catch (e) { showError(out, e); }
      } }, 'Retry');
  }

  upsert(job) {
    let row = this.jobs.get(job.job_id);
    if (!row) {
      row = h('tr', { 'data-job': job.job_id });
      this.jobs.set(job.job_id, row);
      this.rows.prepend(row);
    }
    row.dataset.state = job.state;
    const pct = Math.max(0, Math.min(100, job.percent | 0));
    const speed = job.state === 'RUNNING' ? this.speed(job).update(job) : '';
    const name = job.path.split('/').pop();
    const err = job.error ? `${job.error.reason}: ${job.error.message}` : '';
    row.replaceChildren(
      h('td', { class: 'path', title: job.path }, name),
      h('td', { class: `state state-${job.state}` }, job.state),
      h('td', { class: 'nowrap' }, h('progress', { max: 100, value: pct, 'aria-label': `${name} progress` }), ` ${pct} %`,
        speed ? h('span', { class: 'speed muted' }, ` · ${speed}`) : null),
      h('td', {}, job.asset_id && job.state === 'DONE' ? h('a', { href: `#/asset/${encodeURIComponent(job.asset_id)}`, 'aria-label': `open ${name}` }, 'open') : ''),
      h('td', { class: 'error' }, err),
      h('td', {}, FINISHED_BADLY.has(job.state) ? this.retryButton(job, name, this.result) : ''));
    if (job.state !== 'RUNNING') this.speeds.delete(job.job_id);
  }

  /** The ETA's measure of a running job, from the first event that showed it running. */
  speed(job) {
    if (!this.speeds.has(job.job_id)) this.speeds.set(job.job_id, new Speed(job));
    return this.speeds.get(job.job_id);
  }
}
customElements.define('gw-ingest', GwIngest);
