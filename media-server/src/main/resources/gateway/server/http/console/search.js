import { api, imageUrl } from './api.js';
import { h, showError, project } from './dom.js';
import { scrubber } from './filmstrip.js';
import { rateLabel } from './timecode.js';

const FACETS = ['camera', 'codec', 'fps', 'resolution', 'tag'];

/** Search: the query language with autocomplete, facets as filters, results as posters. */
class GwSearch extends HTMLElement {
  connectedCallback() {
    this.q = h('input', { type: 'search', id: 'search-q', name: 'q', autocomplete: 'off', role: 'combobox',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'search-suggest' });
    this.list = h('ul', { id: 'search-suggest', role: 'listbox', 'aria-label': 'Suggestions', hidden: true });
    this.filters = new Map();
    this.facets = h('div', { class: 'facets', 'aria-label': 'Filters', role: 'group' });
    this.results = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'panel', role: 'search', 'aria-labelledby': 'search-title' },
      h('h1', { id: 'search-title' }, 'Search'),
      h('div', { class: 'row' },
        h('div', { class: 'autocomplete' }, h('label', { for: 'search-q' }, 'Query (words, field:value, ranges, tc:, used:)'), this.q, this.list),
        h('button', { type: 'submit' }, 'Search')));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.closeList(); this.run(); });
    this.q.addEventListener('input', () => this.suggest());
    this.q.addEventListener('keydown', (ev) => this.keys(ev));
    this.append(form, h('div', { class: 'layout' }, this.facets, this.results));
  }

  async suggest() {
    const text = this.q.value.trim();
    if (text.length < 2) { this.closeList(); return; }
    try {
      const out = await api(`/api/v1/suggest?q=${encodeURIComponent(text)}&project=${encodeURIComponent(project())}&max=8`);
      this.list.replaceChildren(...out.suggestions.map((s, i) => {
        const li = h('li', { role: 'option', id: `sugg-${i}`, 'aria-selected': 'false' }, s);
        li.addEventListener('mousedown', (ev) => { ev.preventDefault(); this.pick(s); });
        return li;
      }));
      this.list.hidden = out.suggestions.length === 0;
      this.q.setAttribute('aria-expanded', String(!this.list.hidden));
    } catch { this.closeList(); }
  }

  keys(ev) {
    const items = [...this.list.children];
    if (this.list.hidden || items.length === 0) return;
    let i = items.findIndex((li) => li.getAttribute('aria-selected') === 'true');
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      i = ev.key === 'ArrowDown' ? (i + 1) % items.length : (i <= 0 ? items.length - 1 : i - 1);
      items.forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
      this.q.setAttribute('aria-activedescendant', items[i].id);
    } else if (ev.key === 'Enter' && i >= 0) {
      ev.preventDefault();
      this.pick(items[i].textContent);
    } else if (ev.key === 'Escape') {
      this.closeList();
    }
  }

  pick(text) { this.q.value = text; this.closeList(); this.run(); }

  closeList() {
    this.list.hidden = true;
    this.q.setAttribute('aria-expanded', 'false');
    this.q.removeAttribute('aria-activedescendant');
  }

  query() {
    const parts = [this.q.value.trim()];
    for (const [field, value] of this.filters) parts.push(`${field}:"${value.replaceAll('"', '')}"`);
    return parts.filter(Boolean).join(' ');
  }

  async run() {
    try {
      const out = await api(`/api/v1/search?q=${encodeURIComponent(this.query())}&project=${encodeURIComponent(project())}&page_size=48&facets=${FACETS.join(',')}`);
      this.renderFacets(out.facets);
      const grid = h('ul', { class: 'grid', 'aria-label': 'Results' });
      this.results.replaceChildren(h('p', { class: 'muted', id: 'search-total' }, `${out.total} result(s)`), grid);
      for (const hit of out.hits) grid.append(this.card(hit));
    } catch (e) { showError(this.results, e); }
  }

  renderFacets(facets) {
    this.facets.replaceChildren();
    for (const [field, counts] of Object.entries(facets || {})) {
      const values = Object.entries(counts);
      if (values.length === 0 && !this.filters.has(field)) continue;
      const set = h('fieldset', {}, h('legend', {}, field.replace('_', ' ')));
      for (const [value, count] of values) {
        const box = h('input', { type: 'checkbox', checked: this.filters.get(field) === value });
        box.addEventListener('change', () => {
          if (box.checked) this.filters.set(field, value); else this.filters.delete(field);
          this.run();
        });
        set.append(h('label', { class: 'inline' }, box, `${value} (${count})`));
      }
      this.facets.append(set);
    }
  }

  card(hit) {
    const img = h('img', { class: 'poster', alt: `Poster of ${hit.name}` });
    const frame = h('div', { class: 'frame' }, img);
    api(`/api/v1/assets/${encodeURIComponent(hit.asset_id)}/thumbnails`)
      .then((t) => {
        scrubber(frame, t, hit);
        return imageUrl(t.poster.url);
      })
      .then((url) => { img.src = url; })
      .catch(() => { img.alt = `No poster for ${hit.name}`; });
    const used = hit.used_in?.length ? `used in ${hit.used_in.length} sequence(s)` : null;
    return h('li', { class: 'card' },
      h('a', { href: `#/asset/${encodeURIComponent(hit.asset_id)}` },
        frame,
        h('div', { class: 'meta' },
          h('div', { class: 'name' }, hit.name),
          h('div', { class: 'muted' }, [hit.reel ? `reel ${hit.reel}` : null, hit.start_timecode, `${hit.duration_frames} frames @ ${rateLabel(hit.frame_rate)}`, used].filter(Boolean).join(' · ')))));
  }
}
customElements.define('gw-search', GwSearch);
