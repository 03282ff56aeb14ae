import { currentSession, onSessionChange, logout } from './api.js';
import { h } from './dom.js';
import './login.js';
import './ingest.js';
import './search.js';
import './asset.js';
import './conform.js';

const view = document.getElementById('view');
const dialog = document.getElementById('login-dialog');
const picker = document.getElementById('project');
const who = document.getElementById('who');
const logoutButton = document.getElementById('logout');

function sessionChanged(s) {
  if (!s) {
    who.textContent = '';
    logoutButton.hidden = true;
    if (!dialog.open) dialog.showModal();
    return;
  }
  who.textContent = `Logged in as ${s.subject}`;
  logoutButton.hidden = false;
  const chosen = picker.value || localStorage.getItem('gateway.project');
  picker.replaceChildren(...s.projects.map((p) => h('option', { value: p }, p)));
  if (s.projects.includes(chosen)) picker.value = chosen;
  if (!view.firstChild) route();
}

/** #/ingest, #/search, #/asset/ID: one custom element per page. */
function route() {
  if (!currentSession()) { view.replaceChildren(); return; }
  const [, page, arg] = (location.hash || '#/ingest').split('/');
  let el;
  if (page === 'asset' && arg) { el = h('gw-asset', { 'asset-id': decodeURIComponent(arg) }); }
  else if (page === 'search') { el = h('gw-search'); }
  else if (page === 'conform') { el = h('gw-conform'); }
  else { el = h('gw-ingest'); }
  view.replaceChildren(el);
  document.querySelectorAll('.bar nav a').forEach((a) => {
    if (a.getAttribute('href') === `#/${page || 'ingest'}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const titles = { asset: 'Asset', search: 'Search', conform: 'Conform' };
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
