import { api, follow } from './api.js';
import { h, showError } from './dom.js';

const ROLES = ['viewer', 'editor', 'assistant', 'admin'];

/** A <select> of values, each option's label its value (as text). */
function choice(attrs, values, selected) {
  const s = h('select', attrs, values.map((v) => h('option', { value: v }, v)));
  if (selected !== undefined && values.includes(selected)) s.value = selected;
  return s;
}

/** A section with a heading, a place for the server's answer, and content. */
function panel(id, title, ...content) {
  return h('section', { class: 'panel', 'aria-labelledby': `${id}-title`, id },
    h('h2', { id: `${id}-title` }, title), ...content);
}

/** Runs an action, showing the server's reason (or what was done) in `out`; refreshes the page's data after. */
async function act(out, fn, after) {
  out.replaceChildren();
  try {
    const said = await fn();
    if (said) out.replaceChildren(said instanceof Node ? said : h('p', { class: 'ok' }, said));
    await after?.();
  } catch (e) { showError(out, e); }
}

/** An ISO instant from a datetime-local field (the browser's time zone), or '' when empty. */
function instant(input) {
  if (!input.value) return '';
  const t = new Date(input.value);
  return Number.isNaN(t.getTime()) ? '' : t.toISOString();
}

/**
 * Administration for project admins: users and their grants, projects, the caller's API keys, the
 * audit log per project with filters and the chain's status, and the cluster's members and workers.
 * Every refusal shows the node's reason; the node decides every call.
 * Attributes: section="audit" and project="P" open the audit log of P first (#/admin/audit/P).
 */
class GwAdmin extends HTMLElement {
  async connectedCallback() {
    this.status = h('div', { 'aria-live': 'polite' });
    this.append(h('h1', { id: 'admin-title' }, 'Administration'), this.status);
    try {
      this.me = await api('/api/v1/auth/me');
    } catch (e) { showError(this.status, e); return; }
    const wanted = this.getAttribute('project');
    if (this.getAttribute('section') === 'audit' && wanted && !this.me.administers.includes(wanted)) {
      // Asked for by URL: the node says why not, in the page.
      this.append(this.auditPanel([wanted], wanted));
      await this.loadAudit();
      return;
    }
    if (this.me.administers.length === 0) {
      try { await api('/api/v1/admin/users'); } catch (e) { showError(this.status, e); }
      return;
    }
    this.append(this.usersPanel(), this.projectsPanel(), this.keysPanel(),
      this.auditPanel(this.me.administers, wanted), this.clusterPanel());
    this.followCluster();
    await Promise.all([this.loadUsers(), this.loadProjects(), this.loadKeys(), this.loadAudit()]);
    if (this.getAttribute('section') === 'audit') this.querySelector('#audit-title')?.scrollIntoView();
  }

  disconnectedCallback() { this.stopCluster?.(); }

  // ---- users and grants ----

  usersPanel() {
    const admin = this.me.administers;
    this.userRows = h('tbody');
    this.usersOut = h('div', { 'aria-live': 'polite' });
    const name = h('input', { type: 'text', id: 'user-name', name: 'name', required: true, autocomplete: 'off' });
    const password = h('input', { type: 'password', id: 'user-password', name: 'password', autocomplete: 'new-password' });
    const proj = choice({ id: 'user-project', name: 'project' }, admin);
    const role = choice({ id: 'user-role', name: 'role' }, ROLES, 'editor');
    const add = h('form', { class: 'row', 'aria-labelledby': 'user-add-title' },
      h('h3', { id: 'user-add-title', class: 'visually-hidden' }, 'Add a user'),
      h('label', { for: 'user-name' }, 'New user name', name),
      h('label', { for: 'user-password' }, 'Password (empty: generated, shown once)', password),
      h('label', { for: 'user-project' }, 'Grant on project', proj),
      h('label', { for: 'user-role' }, 'Role', role),
      h('button', { type: 'submit' }, 'Add user'));
    add.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(this.usersOut, async () => {
        const body = { name: name.value, grants: { [proj.value]: role.value } };
        if (password.value) body.password = password.value;
        const out = await api('/api/v1/admin/users', { json: body });
        name.value = ''; password.value = '';
        return out.password
          ? h('p', { class: 'ok' }, `Added ${out.name}. Password (shown once): `, h('code', { class: 'secret' }, out.password))
          : `Added ${out.name}.`;
      }, () => this.loadUsers());
    });
    const gUser = h('input', { type: 'text', id: 'grant-user', name: 'user', required: true, autocomplete: 'off' });
    const gProj = choice({ id: 'grant-project', name: 'project' }, admin);
    const gRole = choice({ id: 'grant-role', name: 'role' }, ROLES, 'viewer');
    const grant = h('form', { class: 'row', 'aria-label': 'Grant a role' },
      h('label', { for: 'grant-user' }, 'User', gUser),
      h('label', { for: 'grant-project' }, 'Project', gProj),
      h('label', { for: 'grant-role' }, 'Role', gRole),
      h('button', { type: 'submit' }, 'Grant'));
    grant.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(this.usersOut, async () => {
        const out = await api(`/api/v1/admin/users/${encodeURIComponent(gUser.value)}/grants/${encodeURIComponent(gProj.value)}`,
          { method: 'PUT', json: { role: gRole.value } });
        return `${out.name} is now ${out.role} on ${out.project}.`;
      }, () => this.loadUsers());
    });
    return panel('users', 'Users and grants',
      h('p', { class: 'muted' }, `Users with a grant on a project you administer (${admin.join(', ')}), and their grants there.`),
      add, grant, this.usersOut,
      h('table', {}, h('caption', { class: 'visually-hidden' }, 'Users'),
        h('thead', {}, h('tr', {}, ['User', 'State', 'Grants', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
        this.userRows));
  }

  async loadUsers() {
    try {
      const { users } = await api('/api/v1/admin/users');
      this.userRows.replaceChildren(...users.map((u) => this.userRow(u)));
    } catch (e) { showError(this.usersOut, e); }
  }

  userRow(u) {
    const enc = encodeURIComponent(u.name);
    const grants = h('ul', { class: 'plain' }, Object.entries(u.grants).map(([p, r]) => h('li', {}, `${p}: ${r} `,
      h('button', { type: 'button', class: 'secondary small', 'aria-label': `revoke ${u.name}'s grant on ${p}`,
        onclick: () => act(this.usersOut, async () => {
          await api(`/api/v1/admin/users/${enc}/grants/${encodeURIComponent(p)}`, { method: 'DELETE' });
          return `Revoked ${u.name}'s grant on ${p}.`;
        }, () => this.loadUsers()) }, 'revoke'))));
    const self = u.name === this.me.subject;
    const toggle = h('button', { type: 'button', class: 'secondary small', disabled: self && !u.disabled,
      onclick: () => act(this.usersOut, async () => {
        await api(`/api/v1/admin/users/${enc}/${u.disabled ? 'enable' : 'disable'}`, { method: 'POST' });
        return `${u.name} is ${u.disabled ? 'enabled' : 'disabled'}.`;
      }, () => this.loadUsers()) }, u.disabled ? `Enable ${u.name}` : `Disable ${u.name}`);
    const reset = h('button', { type: 'button', class: 'secondary small',
      onclick: () => act(this.usersOut, async () => {
        const out = await api(`/api/v1/admin/users/${enc}/password`, { method: 'POST', json: {} });
        return h('p', { class: 'ok' }, `New password for ${out.name} (shown once; their sessions ended): `, h('code', { class: 'secret' }, out.password));
      }) }, `Reset password of ${u.name}`);
    const revoke = h('button', { type: 'button', class: 'secondary small',
      onclick: () => act(this.usersOut, async () => {
        await api(`/api/v1/admin/users/${enc}/revoke-tokens`, { method: 'POST' });
        return `Every session of ${u.name} ended.`;
      }) }, `End sessions of ${u.name}`);
    return h('tr', { 'data-user': u.name },
      h('th', { scope: 'row' }, u.name),
      h('td', { class: u.disabled ? 'state-QUARANTINED' : '' }, u.disabled ? 'disabled' : 'active'),
      h('td', {}, grants),
      h('td', { class: 'actions' }, h('div', { class: 'buttons' }, toggle, reset, revoke)));
  }

  // ---- projects ----

  projectsPanel() {
    this.projectRows = h('tbody');
    this.projectsOut = h('div', { 'aria-live': 'polite' });
    // the node's ProjectId form; '\\-' because browsers compile a pattern with the v flag, where a
    // bare '-' at the end of a class is a syntax error (logged, and the field left unchecked)
    const id = h('input', { type: 'text', id: 'project-id', name: 'project', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}', title: 'letters, digits, _ and -, at most 64', autocomplete: 'off' });
    const description = h('input', { type: 'text', id: 'project-description', name: 'description' });
    const form = h('form', { class: 'row', 'aria-label': 'Create a project' },
      h('label', { for: 'project-id' }, 'New project id', id),
      h('label', { for: 'project-description' }, 'Description', description),
      h('button', { type: 'submit' }, 'Create project'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(this.projectsOut, async () => {
        const out = await api('/api/v1/admin/projects', { json: { project: id.value, description: description.value } });
        id.value = ''; description.value = '';
        return `Created ${out.project}; you administer it (log in again to see it in the project list).`;
      }, () => this.loadProjects());
    });
    return panel('projects', 'Projects', form, this.projectsOut,
      h('table', {}, h('caption', { class: 'visually-hidden' }, 'Your projects'),
        h('thead', {}, h('tr', {}, ['Project', 'Your role', 'Description', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
        this.projectRows));
  }

  async loadProjects() {
    try {
      const { projects } = await api('/api/v1/admin/projects');
      this.projectRows.replaceChildren(...projects.map((p) => h('tr', {},
        h('th', { scope: 'row' }, p.project), h('td', {}, p.role), h('td', {}, p.description || '—'),
        h('td', {}, p.created ? `${p.created} by ${p.created_by}` : '—'))));
    } catch (e) { showError(this.projectsOut, e); }
  }

  // ---- API keys ----

  keysPanel() {
    this.keyRows = h('tbody');
    this.keysOut = h('div', { 'aria-live': 'polite' });
    const label = h('input', { type: 'text', id: 'key-label', name: 'label', autocomplete: 'off' });
    const form = h('form', { class: 'row', 'aria-label': 'Create an API key' },
      h('label', { for: 'key-label' }, 'What the key is for', label),
      h('button', { type: 'submit' }, 'Create API key'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(this.keysOut, async () => {
        const out = await api('/api/v1/auth/api-keys', { json: { label: label.value } });
        label.value = '';
        return h('p', { class: 'ok' }, `API key ${out.id} (shown once, copy it now): `, h('code', { class: 'secret' }, out.api_key));
      }, () => this.loadKeys());
    });
    return panel('keys', 'Your API keys',
      h('p', { class: 'muted' }, 'For scripts and the agent: exchanged for an access token, never for a log-in.'),
      form, this.keysOut,
      h('table', {}, h('caption', { class: 'visually-hidden' }, 'API keys'),
        h('thead', {}, h('tr', {}, ['Key', 'Label', 'Created', 'State'].map((t) => h('th', { scope: 'col' }, t)))),
        this.keyRows));
  }

  async loadKeys() {
    try {
      const { api_keys: keys } = await api('/api/v1/auth/api-keys');
      this.keyRows.replaceChildren(...keys.map((k) => h('tr', {},
        h('th', { scope: 'row' }, k.id), h('td', {}, k.label || '—'), h('td', {}, k.created),
        h('td', {}, k.revoked ? 'revoked' : h('button', { type: 'button', class: 'secondary small',
          onclick: () => act(this.keysOut, async () => {
            await api(`/api/v1/auth/api-keys/${encodeURIComponent(k.id)}`, { method: 'DELETE' });
            return `Revoked ${k.id}.`;
          }, () => this.loadKeys()) }, `Revoke ${k.id}`)))));
    } catch (e) { showError(this.keysOut, e); }
  }

  // ---- audit ----

  auditPanel(projects, selected) {
    this.audit = {
      project: choice({ id: 'audit-project', name: 'project' }, projects, selected),
      actor: h('input', { type: 'text', id: 'audit-actor', name: 'actor', autocomplete: 'off' }),
      action: h('input', { type: 'text', id: 'audit-action', name: 'action', autocomplete: 'off', placeholder: 'e.g. READ, LOGIN, GRANT' }),
      outcome: h('select', { id: 'audit-outcome', name: 'outcome' },
        h('option', { value: '' }, 'any'), h('option', { value: 'allow' }, 'allowed'), h('option', { value: 'deny' }, 'denied')),
      from: h('input', { type: 'datetime-local', id: 'audit-from', name: 'from', step: 1 }),
      to: h('input', { type: 'datetime-local', id: 'audit-to', name: 'to', step: 1 }),
    };
    const a = this.audit;
    this.chain = h('p', { id: 'audit-chain', 'aria-live': 'polite' });
    this.auditOut = h('div', { 'aria-live': 'polite' });
    this.auditRows = h('tbody');
    const form = h('form', { class: 'row', 'aria-label': 'Audit filters' },
      h('label', { for: 'audit-project' }, 'Project', a.project),
      h('label', { for: 'audit-actor' }, 'Actor', a.actor),
      h('label', { for: 'audit-action' }, 'Action', a.action),
      h('label', { for: 'audit-outcome' }, 'Outcome', a.outcome),
      h('label', { for: 'audit-from' }, 'From', a.from),
      h('label', { for: 'audit-to' }, 'Until', a.to),
      h('button', { type: 'submit' }, 'Show'));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.loadAudit(); });
    return panel('audit', 'Audit log', form, this.chain, this.auditOut,
      h('table', {}, h('caption', { class: 'visually-hidden' }, 'Audit entries, newest first'),
        h('thead', {}, h('tr', {}, ['Time', 'Actor', 'Action', 'Target', 'Outcome', 'Detail', 'From'].map((t) => h('th', { scope: 'col' }, t)))),
        this.auditRows));
  }

  async loadAudit() {
    const a = this.audit;
    const q = new URLSearchParams({ project: a.project.value, limit: '200' });
    if (a.actor.value) q.set('actor', a.actor.value);
    if (a.action.value) q.set('action', a.action.value);
    if (a.outcome.value) q.set('outcome', a.outcome.value);
    if (instant(a.from)) q.set('from', instant(a.from));
    if (instant(a.to)) q.set('to', instant(a.to));
    this.auditOut.replaceChildren();
    try {
      const out = await api(`/api/v1/admin/audit?${q}`);
      this.chain.className = out.chain.intact ? 'ok' : 'error';
      this.chain.textContent = out.chain.intact
        ? `Chain verified: all ${out.chain.lines} lines link to the one before.`
        : `Chain BROKEN: ${out.chain.problem}`;
      this.auditRows.replaceChildren(...out.entries.map((e) => h('tr', {},
        h('td', { class: 'nowrap' }, h('time', { datetime: e.time }, e.time.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1Z'))), h('td', {}, e.actor), h('td', {}, e.action), h('td', { class: 'path' }, e.target),
        h('td', { class: e.outcome === 'deny' ? 'error' : 'ok' }, e.outcome), h('td', {}, e.detail || ''),
        h('td', {}, e.client || ''))));
      if (out.matched > out.entries.length) {
        this.auditOut.replaceChildren(h('p', { class: 'muted' }, `Showing the newest ${out.entries.length} of ${out.matched}; narrow the filters to see older ones.`));
      } else if (out.entries.length === 0) {
        this.auditOut.replaceChildren(h('p', { class: 'muted' }, 'No entry matches.'));
      }
    } catch (e) {
      this.chain.textContent = '';
      this.auditRows.replaceChildren();
      showError(this.auditOut, e);
    }
  }

  // ---- cluster ----

  clusterPanel() {
    this.memberRows = h('tbody');
    this.workerRows = h('tbody');
    this.clusterOut = h('div', { 'aria-live': 'polite' });
    this.clusterState = h('span', { class: 'stream-state', id: 'cluster-state' }, 'connecting…');
    return panel('cluster', 'Cluster', h('p', { class: 'muted' }, 'Live from the node: ', this.clusterState), this.clusterOut,
      h('table', {}, h('caption', {}, 'Members'),
        h('thead', {}, h('tr', {}, ['Member', 'Kind', 'Address', ''].map((t, i) => h('th', { scope: 'col' }, i === 3 ? h('span', { class: 'visually-hidden' }, 'this node') : t)))),
        this.memberRows),
      h('table', { id: 'cluster-workers' }, h('caption', {}, 'Jobs held by workers now (your projects)'),
        h('thead', {}, h('tr', {}, ['Worker', 'Job', 'Project', 'Progress'].map((t) => h('th', { scope: 'col' }, t)))),
        this.workerRows));
  }

  /** The cluster's members and the workers' jobs, from the node's cluster event stream (a new view at each change). */
  followCluster() {
    this.stopCluster = follow('/api/v1/admin/cluster/events', (name, data) => {
      if (name === 'cluster') { this.clusterOut.replaceChildren(); this.showCluster(data); }
      else if (name === 'end') this.clusterState.textContent = `reconnecting (${data.message})`;
    }, (state, e) => {
      this.clusterState.textContent = state === 'live' ? 'live' : state === 'error' ? 'stopped' : 'reconnecting…';
      if (state === 'error') showError(this.clusterOut, e);
    });
  }

  showCluster(out) {
    this.memberRows.replaceChildren(...out.members.map((m) => h('tr', {},
      h('th', { scope: 'row' }, m.name || m.uuid), h('td', {}, m.kind), h('td', {}, m.address),
      h('td', {}, m.local ? 'this node' : ''))));
    const rows = out.workers.flatMap((w) => w.jobs.map((j) => h('tr', { 'data-job': j.job_id },
      h('th', { scope: 'row' }, w.worker_id), h('td', { class: 'path', title: j.path }, j.path.split('/').pop()),
      h('td', {}, j.project), h('td', {}, `${j.percent} %${j.phase ? ` · ${j.phase.toLowerCase()}` : ''}`))));
    this.workerRows.replaceChildren(...(rows.length ? rows
      : [h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No worker holds a job of your projects right now.'))]));
  }
}
customElements.define('gw-admin', GwAdmin);
