import { login } from './api.js';
import { h } from './dom.js';

/** The log-in form; lives in a modal dialog so an expired session does not lose the page beneath. */
class GwLogin extends HTMLElement {
  connectedCallback() {
    if (this.firstChild) return;
    const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, id: 'login-user' });
    const pass = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'login-pass' });
    const status = h('p', { class: 'error', role: 'alert' });
    const form = h('form', {},
      h('h1', { id: 'login-title' }, 'Log in'),
      h('p', { class: 'muted' }, 'The same account as the command line and the agent.'),
      h('label', {}, 'User name', user),
      h('label', {}, 'Password', pass),
      status,
      h('button', { type: 'submit' }, 'Log in'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      status.textContent = '';
      try {
        await login(user.value, pass.value);
        pass.value = '';
        this.closest('dialog')?.close();
      } catch (e) {
        status.textContent = `${e.reason ? `${e.reason}: ` : ''}${e.message}`;
        pass.select();
      }
    });
    this.append(form);
  }
}
customElements.define('gw-login', GwLogin);
