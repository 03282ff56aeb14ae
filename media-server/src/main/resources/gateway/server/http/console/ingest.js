import { api, follow } from './api.js';
import { h, showError, project } from './dom.js';

/** Ingest: a path, project, copy or reference; the project's queue, live from the event stream. */
class GwIngest extends HTMLElement {
  connectedCallback() {
    const path = h('input', { type: 'text', id: 'ingest-path', name: 'path', required: true, placeholder: '/mnt/cards/A001' });
    const copy = h('input', { type: 'checkbox', id: 'ingest-copy', name: 'copy' });
    this.result = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'panel', 'aria-labelledby': 'ingest-title' },
      h('h1', { id: 'ingest-title' }, 'Ingest'),
      h('div', { class: 'row' },
        h('label', {}, 'Path on the node (a file or folder within ingest.roots)', path),
        h('label', { class: 'inline' }, copy, 'Copy the originals into the store (otherwise reference them in place)'),
        h('button', { type: 'submit' }, 'Ingest')),
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
    this.append(form, h('section', { class: 'panel', 'aria-labelledby': 'queue-title' },
      h('h2', { id: 'queue-title' }, 'Queue ', this.streamState),
      h('table', {},
        h('caption', { class: 'muted' }, 'Jobs of this project, newest state from the node as it happens'),
        h('thead', {}, h('tr', {}, ['File', 'State', 'Progress', 'Asset', 'Error'].map((t) => h('th', { scope: 'col' }, t)))),
        this.rows)));
    this.stop = follow(`/api/v1/jobs/events?project=${encodeURIComponent(project())}`, (name, data) => {
      if (name === 'snapshot') { this.jobs.clear(); this.rows.replaceChildren(); data.jobs.forEach((j) => this.upsert(j)); }
      else if (name === 'job') this.upsert(data);
      else if (name === 'end') this.streamState.textContent = `reconnecting (${data.message})`;
    }, (state, e) => {
      this.streamState.textContent = state === 'live' ? 'live' : state === 'error' ? `stream error: ${e.message}` : 'reconnecting…';
    });
  }

  disconnectedCallback() { this.stop?.(); }

  upsert(job) {
    let row = this.jobs.get(job.job_id);
    if (!row) {
      row = h('tr', { 'data-job': job.job_id });
      this.jobs.set(job.job_id, row);
      this.rows.prepend(row);
    }
    const pct = Math.max(0, Math.min(100, job.percent | 0));
    const name = job.path.split('/').pop();
    const err = job.error ? `${job.error.reason}: ${job.error.message}` : '';
    row.replaceChildren(
      h('td', { class: 'path', title: job.path }, name),
      h('td', { class: `state state-${job.state}` }, job.state),
      h('td', {}, h('progress', { max: 100, value: pct, 'aria-label': `${name} progress` }), ` ${pct} %`),
      h('td', {}, job.asset_id && job.state === 'DONE' ? h('a', { href: `#/asset/${encodeURIComponent(job.asset_id)}`, 'aria-label': `open ${name}` }, 'open') : ''),
      h('td', { class: 'error' }, err));
  }
}
customElements.define('gw-ingest', GwIngest);
