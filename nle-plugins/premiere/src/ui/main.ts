import { AgentClient, type HttpFetch } from "../core/agent-client.js";
import type { Asset } from "../core/contract.js";
import { discoveryPath, readDiscovery } from "../core/discovery.js";
import { messageOf } from "../core/errors.js";
import { AgentEvents, type OpenSocket } from "../core/events.js";
import { formatFrameRate, formatTimecode, framesToTimecode, planRows, planSummary, posterDataUrl } from "../core/format.js";
import { PanelLogic, type StatusView } from "../core/panel.js";
import { setTimer } from "../core/timers.js";
import { PremiereHost } from "../host/premiere.js";

/**
 * The panel's DOM: wires the buttons to PanelLogic and shows what comes back. Runs in UXP only;
 * everything it calls is tested through PanelLogic with a fake Host.
 */

declare const require: (id: string) => unknown;

interface UxpFs {
  readFile(path: string, options: { encoding: string }): Promise<string>;
}
interface UxpOs {
  homedir(): string;
  platform(): string;
}
interface UxpWebSocket {
  onopen: (() => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  onclose: ((e: { code: number; reason: string }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  close(): void;
}
interface Storage {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
}

const g = globalThis as unknown as {
  fetch: HttpFetch;
  WebSocket: new (url: string) => UxpWebSocket;
  localStorage?: Storage;
};

const fs = require("fs") as UxpFs;
const os = require("os") as UxpOs;
const HOME_KEY = "gateway.agentHome";
const PROJECT_KEY = "gateway.project";

function el<T = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`panel markup has no #${id}`);
  return e as unknown as T;
}

const openSocket: OpenSocket = (url, h) => {
  const ws = new g.WebSocket(url);
  ws.onopen = () => h.open();
  ws.onmessage = (e) => h.message(typeof e.data === "string" ? e.data : "");
  ws.onerror = (e) => h.error(String((e as { message?: unknown })?.message ?? "connection failed"));
  ws.onclose = (e) => h.close(e.code, e.reason);
  return { close: () => ws.close() };
};

const agentHomeInput = el<HTMLInputElement>("agent-home");
const projectInput = el<HTMLInputElement>("project");
const queryInput = el<HTMLInputElement>("query");
agentHomeInput.value = g.localStorage?.getItem(HOME_KEY) ?? "";
projectInput.value = g.localStorage?.getItem(PROJECT_KEY) ?? "";

const discover = () =>
  readDiscovery((p) => fs.readFile(p, { encoding: "utf-8" }), discoveryPath(os.homedir(), os.platform(), agentHomeInput.value));
const agent = new AgentClient(discover, (url, init) => g.fetch(url, init));
const events = new AgentEvents(() => agent.eventsUrl(), openSocket);
const panel = new PanelLogic(new PremiereHost(), agent, events);

let hits: Asset[] = [];
let lastQuery = "";
let busy = false;

function log(line: string): void {
  if (!line) return;
  const d = document.createElement("div");
  d.textContent = line;
  const box = el("log");
  box.insertBefore(d, box.firstChild);
  while (box.childNodes.length > 40 && box.lastChild) box.removeChild(box.lastChild);
}

function showError(e: unknown): void {
  el("error").textContent = e === null ? "" : messageOf(e);
}

function pill(id: string, text: string, cls: "ok" | "warn" | "bad"): void {
  const p = el(id);
  p.textContent = text;
  p.className = `pill ${cls}`;
}

function showStatus(v: StatusView): void {
  pill("st-agent", `agent: ${v.agent}`, v.agent === "running" ? "ok" : "bad");
  pill("st-gateway", `gateway: ${v.gateway}`, v.gateway === "online" ? "ok" : v.gateway === "unknown" ? "bad" : "warn");
  pill("st-login", v.login, v.status?.login.logged_in ? "ok" : "warn");
  el("st-message").textContent = v.message;
}

async function refresh(): Promise<void> {
  showStatus(await panel.status());
  if (!events.isOpen) events.connect().catch(() => undefined); // status shows why the agent is away
}

events.subscribe((e) => {
  if (e.type === "connection") void refresh();
});

async function run(what: string, action: () => Promise<void>): Promise<void> {
  if (busy) {
    showError(new Error(`wait: the panel is still busy`));
    return;
  }
  busy = true;
  showError(null);
  try {
    await action();
  } catch (e) {
    showError(e);
    log(`${what} failed: ${messageOf(e)}`);
    void refresh();
  } finally {
    busy = false;
  }
}

function renderHits(): void {
  const box = el("hits");
  while (box.firstChild) box.removeChild(box.firstChild);
  for (const a of hits) {
    const row = document.createElement("div");
    row.className = "hit";
    const img = document.createElement("img") as unknown as HTMLImageElement;
    row.appendChild(img);
    const meta = document.createElement("div");
    meta.className = "meta";
    const lines: [string, string][] = [
      ["name", a.name],
      ["", `reel ${a.reel ?? "-"} · ${formatTimecode(a.start_timecode, a.frame_rate)} · ${a.duration_frames !== null ? framesToTimecode(a.duration_frames, a.frame_rate) : "?"} at ${formatFrameRate(a.frame_rate)}`],
      ["", a.original_name ?? ""],
      [a.cached["edit"] ? "cached" : "", a.cached["edit"] ? "cached: " + a.cached["edit"] : "not cached"],
    ];
    for (const [cls, text] of lines) {
      const s = document.createElement("span");
      if (cls) s.className = cls;
      s.textContent = text;
      meta.appendChild(s);
    }
    row.appendChild(meta);
    box.appendChild(row);
    agent
      .poster(a.asset_id)
      .then((jpeg) => {
        img.src = posterDataUrl(jpeg);
      })
      .catch(() => undefined); // a missing poster leaves the grey box
  }
}

el("refresh").addEventListener("click", () => {
  agent.reset();
  void refresh();
});

agentHomeInput.addEventListener("change", () => {
  g.localStorage?.setItem(HOME_KEY, agentHomeInput.value);
  agent.reset();
  events.close();
  void refresh();
});

projectInput.addEventListener("change", () => g.localStorage?.setItem(PROJECT_KEY, projectInput.value));

el("search").addEventListener("click", () =>
  run("search", async () => {
    lastQuery = queryInput.value;
    const r = await panel.search(lastQuery, projectInput.value || null);
    hits = r.hits;
    el("hits-info").textContent = `${r.total} found${r.offline ? " (offline: searched the cached clips only)" : ""}`;
    renderHits();
  }),
);

el("plan").addEventListener("click", () =>
  run("plan", async () => {
    const plan = await panel.plan(lastQuery, projectInput.value || null, hits);
    const box = el("plan-table");
    while (box.firstChild) box.removeChild(box.firstChild);
    for (const r of planRows(plan)) {
      const row = document.createElement("div");
      row.className = "plan-row";
      for (const text of [r.label, r.bytes, r.cached, `${r.toFetch} to fetch`, r.time]) {
        const s = document.createElement("span");
        s.textContent = text;
        row.appendChild(s);
      }
      box.appendChild(row);
    }
    log(planSummary(plan));
  }),
);

el("import").addEventListener("click", () =>
  run("import", async () => {
    await panel.importAssets(hits, log);
  }),
);

el("conform").addEventListener("click", () =>
  run("send to conform", async () => {
    await panel.sendToConform(projectInput.value, log);
  }),
);

function poll(): void {
  void refresh().finally(() => setTimer(poll, 5000));
}
poll();
