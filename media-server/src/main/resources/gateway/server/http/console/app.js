import { api, currentSession, onSessionChange, logout } from './api.js';
import { h } from './dom.js';
import './login.js';
import './ingest.js';
import './search.js';
import './asset.js';
import './conform.js';
import './admin.js';

const view = document.getElementById('view');
const dialog = document.getElementById('login-dialog');
const picker = document.getElementById('project');
const who = document.getElementById('who');
const logoutButton = document.getElementById('logout');
const adminLink = document.getElementById('nav-admin');

/** The Admin entry is offered to project admins only (the node still refuses everyone else, with its reason). */
async function offerAdmin(s) {
  adminLink.hidden = true;
  try {
    const me = await api('/api/v1/auth/me');
    if (currentSession()?.subject === s.subject) adminLink.hidden = me.administers.length === 0;
  } catch { /* no session: the log-in dialog is open */ }
}

let shownFor = null;
/** Who the page beneath was made for: the same person logging in again keeps it (and the form being filled). */
let pageFor = null;

function sessionChanged(s) {
  if (!s) {
    adminLink.hidden = true;
    shownFor = null;
    who.textContent = '';
    logoutButton.hidden = true;
    if (!dialog.open) dialog.showModal();
    return;
  }
  who.textContent = `Logged in as ${s.subject}`;
  if (s.subject !== shownFor) { shownFor = s.subject; offerAdmin(s); }
  logoutButton.hidden = false;
  const chosen = picker.value || localStorage.getItem('gateway.project');
  picker.replaceChildren(...s.projects.map((p) => h('option', { value: p }, p)));
  if (s.projects.includes(chosen)) picker.value = chosen;
  if (!view.firstChild || (pageFor !== null && pageFor !== s.subject)) route();
  pageFor = s.subject;
}

/** #/ingest, #/search, #/asset/ID: one custom element per page. */
function route() {
  if (!currentSession()) { view.replaceChildren(); return; }
  const [, page, arg, rest] = (location.hash || '#/ingest').split('/');
  let el;
  if (page === 'asset' && arg) { el = h('gw-asset', { 'asset-id': decodeURIComponent(arg) }); }
  else if (page === 'admin') { el = h('gw-admin', arg ? { section: arg, project: decodeURIComponent(rest || '') || null } : {}); }
  else if (page === 'search') { el = h('gw-search'); }
  else if (page === 'conform') { el = h('gw-conform'); }
  else { el = h('gw-ingest'); }
  view.replaceChildren(el);
  document.querySelectorAll('.bar nav a').forEach((a) => {
    if (a.getAttribute('href') === `#/${page || 'ingest'}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const titles = { asset: 'Asset', search: 'Search', conform: 'Conform', admin: 'Administration' };
  document.title = `${titles[page] || 'Ingest'} · Editorial gateway`;
  view.focus();
}

picker.addEventListener('change', () => { localStorage.setItem('gateway.project', picker.value); route(); });
logoutButton.addEventListener('click', async () => {
  view.replaceChildren();
  // the media cookie goes too (its token is revoked by the log-out in any case)
  await fetch('/api/v1/media/session', { method: 'DELETE' }).catch(() => {});
  await logout();
});
dialog.addEventListener('cancel', (ev) => { if (!currentSession()) ev.preventDefault(); });
window.addEventListener('hashchange', route);
onSessionChange(sessionChanged);
sessionChanged(currentSession());
