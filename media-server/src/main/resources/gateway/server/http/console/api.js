// The console's only way to the node: the public REST API with a bearer token.
// The session follows the token's lifetime: refreshed shortly before the access token expires;
// when refreshing fails the log-in dialog opens over the page (the form being filled stays) and
// the call that needed the token is retried after the log-in.

const KEY = 'gateway.session';
let session = JSON.parse(sessionStorage.getItem(KEY) || 'null');
let refreshing = null;
let waitingForLogin = [];
const listeners = new Set();

/** An error the server explained: its closed reason and message, shown as they are. */
export class ApiError extends Error {
  constructor(status, reason, message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

export function currentSession() { return session; }
/** Calls fn(session or null) on every change; returns the way to stop. */
export function onSessionChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function changed() { listeners.forEach((fn) => fn(session)); }

function keep(tokens) {
  session = {
    access: tokens.access_token,
    accessExpires: Date.parse(tokens.expires_at),
    refresh: tokens.refresh_token,
    subject: tokens.subject,
    projects: tokens.projects || [],
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  changed();
}

async function post(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  return answer(res);
}

async function answer(res) {
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    throw new ApiError(res.status, json?.reason || `HTTP_${res.status}`,
      json?.message || `the node answered ${res.status} ${res.statusText}`);
  }
  return json;
}

export async function login(username, password) {
  keep(await post('/api/v1/auth/login', { username, password }));
  const waiting = waitingForLogin;
  waitingForLogin = [];
  waiting.forEach((resolve) => resolve());
}

export async function logout() {
  if (session) {
    try { await post('/api/v1/auth/logout', { refresh_token: session.refresh }, session.access); } catch { /* gone already */ }
  }
  session = null;
  sessionStorage.removeItem(KEY);
  changed();
}

async function refresh() {
  if (!session?.refresh) throw new ApiError(401, 'UNAUTHENTICATED', 'not logged in');
  if (!refreshing) {
    refreshing = post('/api/v1/auth/refresh', { refresh_token: session.refresh })
      .then(keep)
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** Resolves once someone logged in again (the dialog is opened by the listener of 'expired'). */
function loginAgain() {
  session = null;
  sessionStorage.removeItem(KEY);
  changed();
  return new Promise((resolve) => waitingForLogin.push(resolve));
}

/**
 * The node refused the refresh (revoked, expired, unknown): only then is a new log-in needed. A
 * refresh that did not reach the node (network down, node restarting) is an error the caller may
 * retry with the session it has.
 */
function refused(e) {
  return e instanceof ApiError && e.status >= 400 && e.status < 500;
}

/** Refreshes the session; a new log-in when the node refuses that. */
async function refreshOrLogin() {
  try { await refresh(); } catch (e) { if (!refused(e)) throw e; await loginAgain(); }
}

/** A valid access token: refreshed when it expires within 30 s, a new log-in when that is refused. */
export async function token() {
  if (!session) await loginAgain();
  if (session.accessExpires - Date.now() < 30_000) await refreshOrLogin();
  return session.access;
}

/** A REST call; 401 once → refresh (or log in) and try again. */
export async function api(path, options = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { ...(options.headers || {}), Authorization: `Bearer ${await token()}` };
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method: options.method || (options.json !== undefined ? 'POST' : 'GET'),
      headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
    });
    if (res.status === 401 && attempt === 0) {
      await refreshOrLogin();
      continue;
    }
    return answer(res);
  }
}

/** An image the API serves (it needs the bearer token, so no plain <img src>): a blob: URL. */
export async function imageUrl(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${await token()}` } });
  if (!res.ok) throw new ApiError(res.status, 'IMAGE', `no image at ${path} (${res.status})`);
  return URL.createObjectURL(await res.blob());
}

/**
 * Follows a server-sent-event stream with fetch (EventSource cannot send the Authorization
 * header). Reconnects after a drop with Last-Event-ID so the node replays what was missed.
 * Returns a function that stops following.
 */
export function follow(path, onEvent, onState) {
  let lastId = null;
  let stopped = false;
  let controller = null;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { Authorization: `Bearer ${await token()}`, Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const res = await fetch(path, { headers, signal: controller.signal });
        if (res.status === 401) { await refreshOrLogin(); continue; }
        if (!res.ok) { await answer(res); }
        onState('live');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const ev = parseEvent(block);
            if (ev.id) lastId = ev.id;
            if (ev.data !== null) onEvent(ev.event || 'message', JSON.parse(ev.data));
          }
        }
      } catch (e) {
        if (stopped) return;
        onState('error', e);
        if (e instanceof ApiError && e.status !== 503) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  run();
  return () => { stopped = true; controller?.abort(); };
}

function parseEvent(block) {
  const ev = { id: null, event: null, data: null };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') ev.id = value;
    else if (field === 'event') ev.event = value;
    else if (field === 'data') ev.data = ev.data === null ? value : `${ev.data}\n${value}`;
  }
  return ev;
}
