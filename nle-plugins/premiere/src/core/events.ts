import type { AgentEvent, ApiError, ConformTotals, LocalJob } from "./contract.js";
import { clearTimer, setTimer, type Timer } from "./timers.js";
import { PanelError } from "./errors.js";
import { formatBytes, formatDuration, formatRate } from "./format.js";

/** Callbacks a WebSocket adapter calls (UXP's WebSocket and the `ws` package both fit behind one). */
export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  close(code: number, reason: string): void;
  error(message: string): void;
}

export type OpenSocket = (url: string, handlers: SocketHandlers) => { close(): void };

const EVENT_TYPES = new Set([
  "connection",
  "job.progress",
  "job.asset_done",
  "job.done",
  "job.failed",
  "conform.progress",
  "conform.done",
  "conform.failed",
]);

/** One text message of `/v1/events` as an event, or null when it is not one this panel knows. */
export function parseEvent(text: string): AgentEvent | null {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof o !== "object" || o === null) return null;
  const type = (o as { type?: unknown }).type;
  return typeof type === "string" && EVENT_TYPES.has(type) ? (o as AgentEvent) : null;
}

export type SocketState = "connecting" | "open" | "closed";

/**
 * The `/v1/events` WebSocket: connects, hands every event to the subscribers, reconnects after
 * `reconnectMs` when the agent drops it (until `close()`).
 */
export class AgentEvents {
  private readonly listeners = new Set<(e: AgentEvent) => void>();
  private readonly stateListeners = new Set<(s: SocketState, why: string) => void>();
  private socket: { close(): void } | null = null;
  private timer: Timer | null = null;
  private stopped = false;
  private opened = false;

  constructor(
    private readonly urlOf: () => Promise<string>,
    private readonly open: OpenSocket,
    private readonly reconnectMs = 2000,
  ) {}

  subscribe(listener: (e: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (s: SocketState, why: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  get isOpen(): boolean {
    return this.opened;
  }

  /** Resolves once the socket is open; rejects with a PanelError when it cannot be opened. */
  async connect(): Promise<void> {
    if (this.opened) return;
    this.stopped = false;
    const url = await this.urlOf();
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      this.emitState("connecting", "");
      this.socket = this.open(url, {
        open: () => {
          this.opened = true;
          this.emitState("open", "");
          if (!settled) {
            settled = true;
            resolve();
          }
        },
        message: (text) => {
          const e = parseEvent(text);
          if (e) for (const l of [...this.listeners]) l(e);
        },
        error: (message) => {
          if (!settled) {
            settled = true;
            reject(new PanelError("agent_not_running", `cannot open the agent's event socket /v1/events: ${message || "connection failed"}`));
          }
        },
        close: (code, reason) => {
          const was = this.opened;
          this.opened = false;
          this.socket = null;
          const why = `closed (${code}${reason ? " " + reason : ""})`;
          this.emitState("closed", why);
          if (!settled) {
            settled = true;
            reject(
              new PanelError(
                code === 1008 || code === 4401 ? "unauthenticated" : "agent_not_running",
                `the agent closed the event socket /v1/events before it opened: ${why}`,
              ),
            );
          } else if (was && !this.stopped) {
            this.scheduleReconnect();
          }
        },
      });
    });
  }

  close(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimer(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    this.opened = false;
    if (s) s.close();
  }

  private scheduleReconnect(): void {
    if (this.timer !== null) return;
    this.timer = setTimer(() => {
      this.timer = null;
      if (this.stopped) return;
      this.connect().catch(() => this.scheduleReconnect());
    }, this.reconnectMs);
  }

  private emitState(s: SocketState, why: string): void {
    for (const l of [...this.stateListeners]) l(s, why);
  }
}

export type TrackOutcome = "ignored" | "progress" | "asset_done" | "done" | "failed";

/** The state of one `POST /v1/local` job, from its events. */
export class JobTracker {
  bytesDone = 0;
  bytesTotal = 0;
  bytesPerSecond: number | null = null;
  etaSeconds: number | null = null;
  readonly done = new Map<string, string>(); // asset id → path
  error: ApiError | null = null;
  failedAsset: string | null = null;
  finished = false;

  constructor(
    readonly jobId: string,
    readonly assets: LocalJob["assets"],
  ) {}

  handle(e: AgentEvent): TrackOutcome {
    if (!("job_id" in e) || e.job_id !== this.jobId || this.finished) return "ignored";
    switch (e.type) {
      case "job.progress":
        this.bytesDone = e.total.bytes_done;
        this.bytesTotal = e.total.bytes_total;
        this.etaSeconds = e.total.eta_seconds;
        this.bytesPerSecond = e.bytes_per_second;
        return "progress";
      case "job.asset_done":
        this.done.set(e.asset_id, e.path);
        return "asset_done";
      case "job.done":
        this.finished = true;
        return "done";
      case "job.failed":
        this.finished = true;
        this.error = e.error;
        this.failedAsset = e.asset_id;
        return "failed";
      default:
        return "ignored";
    }
  }

  /** "2 of 3 clips local, 120.0 MB of 300.0 MB (40 %), 2.1 MB/s, about 1 min 25 s left". */
  progressLine(): string {
    const n = this.assets.length;
    const parts = [`${this.done.size} of ${n} clip${n === 1 ? "" : "s"} local`];
    if (this.bytesTotal > 0) {
      const pct = Math.floor((100 * this.bytesDone) / this.bytesTotal);
      parts.push(`${formatBytes(this.bytesDone)} of ${formatBytes(this.bytesTotal)} (${pct} %)`);
    }
    if (this.bytesPerSecond !== null && this.bytesPerSecond > 0) parts.push(formatRate(this.bytesPerSecond));
    if (this.etaSeconds !== null) parts.push(`about ${formatDuration(this.etaSeconds)} left`);
    return parts.join(", ");
  }

  failureMessage(names: Map<string, string>): string {
    const e = this.error;
    const which = this.failedAsset ? ` (${names.get(this.failedAsset) ?? this.failedAsset})` : "";
    const hint = e ? downloadHint(e.reason, e.message) : null;
    return `making the clips local failed${which}: ${e ? `${e.message} (${e.reason})` : "no reason given"}${hint ? `; ${hint}` : ""}`;
  }
}

/** What to do about a failed download, for the two failures an editor can fix: gateway gone, disk full. */
export function downloadHint(reason: string, message: string): string | null {
  if (reason === "STORAGE_FULL" || /no space left on device|not enough space on the disk/i.test(message)) {
    return "the agent's cache disk is full: free space there (or start the agent with --max-cache-bytes) and import again";
  }
  if (reason === "UNAVAILABLE") {
    return "the gateway went away during the download: import again once it is back (the download resumes where it stopped)";
  }
  return null;
}

/** The state of one `POST /v1/conform`, from its events. */
export class ConformTracker {
  step = "";
  doneCount = 0;
  total = 0;
  totals: ConformTotals | null = null;
  reportHtml: string | null = null;
  reportJson: string | null = null;
  error: ApiError | null = null;
  finished = false;

  constructor(readonly conformId: string) {}

  handle(e: AgentEvent): TrackOutcome {
    if (!("conform_id" in e) || e.conform_id !== this.conformId || this.finished) return "ignored";
    switch (e.type) {
      case "conform.progress":
        this.step = e.step;
        this.doneCount = e.done;
        this.total = e.total;
        return "progress";
      case "conform.done":
        this.finished = true;
        this.totals = e.totals;
        this.reportHtml = e.report_html;
        this.reportJson = e.report_json;
        return "done";
      case "conform.failed":
        this.finished = true;
        this.error = e.error;
        return "failed";
      default:
        return "ignored";
    }
  }

  progressLine(): string {
    return this.total > 0 ? `conform: ${this.step} ${this.doneCount} of ${this.total}` : `conform: ${this.step || "started"}`;
  }
}
