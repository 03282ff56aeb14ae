// Builds elements; every value goes in as text (textContent), never as markup.

/** h('td', {class: 'x'}, 'text', child) — attributes as properties or attributes, children as text or nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Shows the server's reason in the page (never a blank page). */
export function showError(target, e) {
  const reason = e.reason ? `${e.reason}: ` : '';
  target.replaceChildren(h('p', { class: 'error', role: 'alert' }, reason + (e.message || String(e))));
}

export function project() {
  return document.getElementById('project').value;
}
