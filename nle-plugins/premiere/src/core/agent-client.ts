import type {
  Asset,
  ConformRequest,
  ConformState,
  JobState,
  LocalJob,
  Plan,
  SearchResult,
  Selection,
  Status,
} from "./contract.js";
import type { Discovery } from "./discovery.js";
import { AGENT_NOT_RUNNING, PanelError } from "./errors.js";

/** The part of `fetch`'s answer the client uses (UXP's and Node's fetch both fit). */
export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type HttpFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<HttpResponse>;

/**
 * The agent's localhost API v1 (nle-plugins/agent/API.md). Every request carries the bearer token of
 * the discovery file; when the agent answers 401 or does not answer at all, the discovery file is read
 * again once (the agent makes a new token and may take a new port at each start) and the request is
 * retried if it changed.
 */
export class AgentClient {
  private current: Discovery | null = null;

  constructor(
    private readonly discover: () => Promise<Discovery>,
    private readonly http: HttpFetch,
  ) {}

  /** The discovery in use (read on first use). */
  async discovery(): Promise<Discovery> {
    if (this.current === null) this.current = await this.discover();
    return this.current;
  }

  /** Forgets the discovery file so the next call reads it again. */
  reset(): void {
    this.current = null;
  }

  async status(): Promise<Status> {
    const s = await this.json<Status>("GET", "/v1/status");
    requireFields(s, "GET /v1/status", ["agent", "connection", "login", "cache"]);
    return s;
  }

  async search(query: string, project: string | null, limit: number): Promise<SearchResult> {
    const q = new URLSearchParamsLite();
    q.add("q", query);
    if (project) q.add("project", project);
    q.add("limit", String(limit));
    const r = await this.json<SearchResult>("GET", "/v1/search?" + q.toString());
    requireFields(r, "GET /v1/search", ["total", "hits"]);
    if (!Array.isArray(r.hits)) throw protocol("GET /v1/search", "hits is not a list");
    return r;
  }

  asset(assetId: string): Promise<Asset> {
    return this.json<Asset>("GET", `/v1/assets/${encodeURIComponent(assetId)}`);
  }

  /** The asset's poster, JPEG bytes. */
  async poster(assetId: string): Promise<Uint8Array> {
    const { response } = await this.send("GET", `/v1/assets/${encodeURIComponent(assetId)}/poster`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async plan(selection: Selection): Promise<Plan> {
    const p = await this.json<Plan>("POST", "/v1/plan", selection);
    requireFields(p, "POST /v1/plan", ["plan_id", "assets", "totals"]);
    return p;
  }

  pin(planId: string): Promise<{ plan_id: string; pinned: boolean }> {
    return this.json("POST", `/v1/plans/${encodeURIComponent(planId)}/pin`, {});
  }

  unpin(planId: string): Promise<{ plan_id: string; pinned: boolean }> {
    return this.json("DELETE", `/v1/plans/${encodeURIComponent(planId)}/pin`);
  }

  async local(selection: Selection, profile: "edit" | "stream-lo"): Promise<LocalJob> {
    const j = await this.json<LocalJob>("POST", "/v1/local", { ...selection, profile });
    requireFields(j, "POST /v1/local", ["job_id", "assets"]);
    return j;
  }

  job(jobId: string): Promise<JobState> {
    return this.json("GET", `/v1/jobs/${encodeURIComponent(jobId)}`);
  }

  async conform(request: ConformRequest): Promise<{ conform_id: string }> {
    const c = await this.json<{ conform_id: string }>("POST", "/v1/conform", request);
    requireFields(c, "POST /v1/conform", ["conform_id"]);
    return c;
  }

  conformState(conformId: string): Promise<ConformState> {
    return this.json("GET", `/v1/conforms/${encodeURIComponent(conformId)}`);
  }

  /** The events WebSocket's URL, with the token as `access_token` (WebSocket clients cannot set headers). */
  async eventsUrl(): Promise<string> {
    const d = await this.discovery();
    return `ws://127.0.0.1:${d.port}/v1/events?access_token=${encodeURIComponent(d.token)}`;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { response } = await this.send(method, path, body);
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw protocol(`${method} ${pathOnly(path)}`, `the answer is not JSON (starts with ${JSON.stringify(text.slice(0, 60))})`);
    }
  }

  private async send(method: string, path: string, body?: unknown): Promise<{ response: HttpResponse }> {
    let d = await this.discovery();
    let retried = false;
    for (;;) {
      let response: HttpResponse;
      try {
        const headers: Record<string, string> = { Authorization: `Bearer ${d.token}`, Accept: "application/json" };
        const init: { method: string; headers: Record<string, string>; body?: string } = { method, headers };
        if (body !== undefined) {
          headers["Content-Type"] = "application/json";
          init.body = JSON.stringify(body);
        }
        response = await this.http(d.baseUrl + path, init);
      } catch (e) {
        // Nothing listens there: the agent stopped, or restarted on another port.
        if (!retried && (await this.rediscoverChanged(d))) {
          d = await this.discovery();
          retried = true;
          continue;
        }
        const why = e instanceof Error ? e.message : String(e);
        throw new PanelError(
          "agent_not_running",
          `${AGENT_NOT_RUNNING}: nothing answers on 127.0.0.1:${d.port} (${why}; discovery file ${d.path})`,
        );
      }
      if (response.status === 401 && !retried && (await this.rediscoverChanged(d))) {
        d = await this.discovery();
        retried = true;
        continue;
      }
      if (response.status >= 200 && response.status < 300) return { response };
      const error = await errorOf(response, method, path, d);
      if (error.kind === "unauthenticated" && path !== "/v1/status" && (await this.tokenAccepted(d))) {
        // The agent takes the panel's token: the 401 is the gateway refusing the agent's own login.
        throw sessionEnded(error, method, path);
      }
      throw error;
    }
  }

  /** Whether the agent answers GET /v1/status with this token (it then accepted the panel's token). */
  private async tokenAccepted(d: Discovery): Promise<boolean> {
    try {
      const r = await this.http(d.baseUrl + "/v1/status", {
        method: "GET",
        headers: { Authorization: `Bearer ${d.token}`, Accept: "application/json" },
      });
      return r.status >= 200 && r.status < 300;
    } catch {
      return false;
    }
  }

  /** Reads the discovery file again; true when port or token changed (then it is the one in use). */
  private async rediscoverChanged(old: Discovery): Promise<boolean> {
    let fresh: Discovery;
    try {
      fresh = await this.discover();
    } catch (e) {
      this.current = null;
      throw e;
    }
    this.current = fresh;
    return fresh.port !== old.port || fresh.token !== old.token;
  }
}

async function errorOf(response: HttpResponse, method: string, path: string, d: Discovery): Promise<PanelError> {
  const what = `${method} ${pathOnly(path)}`;
  let reason: string | null = null;
  let message: string | null = null;
  let text = "";
  try {
    text = await response.text();
    const o = JSON.parse(text) as { error?: { reason?: unknown; message?: unknown } };
    if (o && typeof o === "object" && o.error && typeof o.error === "object") {
      reason = typeof o.error.reason === "string" ? o.error.reason : null;
      message = typeof o.error.message === "string" ? o.error.message : null;
    }
  } catch {
    // not the contract's error body; said below
  }
  const status = response.status;
  if (status === 401) {
    return new PanelError(
      "unauthenticated",
      `the agent refused the panel's token (401${message ? ": " + message : ""}); the token in ${d.path} is not the running agent's — restart the agent (./gateway agent serve) and press Refresh`,
      status,
      reason ?? "UNAUTHENTICATED",
      message,
    );
  }
  if (status === 503) {
    return new PanelError(
      "gateway_offline",
      `the gateway is offline${message ? ": " + message : ""} (cached clips and search over them still work)`,
      status,
      reason ?? "UNAVAILABLE",
    );
  }
  if (reason === null || message === null) {
    const start = text.slice(0, 80);
    return new PanelError(
      "protocol",
      `the agent answered ${what} with HTTP ${status} and no v1 error body${start ? " (" + JSON.stringify(start) + ")" : ""}; is it older than API v1? Update the gateway`,
      status,
      null,
    );
  }
  return new PanelError("agent_error", `${message} (${reason}, HTTP ${status} on ${what})`, status, reason);
}

/** A 401 the agent passed on from the gateway: its stored login expired or was revoked. */
function sessionEnded(e: PanelError, method: string, path: string): PanelError {
  return new PanelError(
    "login_expired",
    `the agent's login to the gateway has ended${e.detail ? " (" + e.detail + ")" : ""}: log the agent in again (./gateway agent login --server HOST:PORT --user NAME), then retry (${method} ${pathOnly(path)})`,
    401,
    e.reason,
    e.detail,
  );
}

function protocol(what: string, why: string): PanelError {
  return new PanelError("protocol", `the agent's answer to ${what} is not API v1: ${why}`);
}

function requireFields(o: unknown, what: string, fields: string[]): void {
  if (typeof o !== "object" || o === null) throw protocol(what, "not a JSON object");
  const missing = fields.filter((f) => !(f in (o as Record<string, unknown>)));
  if (missing.length > 0) throw protocol(what, `missing ${missing.join(", ")}`);
}

function pathOnly(path: string): string {
  const i = path.indexOf("?");
  return i < 0 ? path : path.slice(0, i);
}

/** Query-string building without relying on URLSearchParams (not declared in every UXP type set). */
class URLSearchParamsLite {
  private readonly parts: string[] = [];
  add(k: string, v: string): void {
    this.parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(v));
  }
  toString(): string {
    return this.parts.join("&");
  }
}
