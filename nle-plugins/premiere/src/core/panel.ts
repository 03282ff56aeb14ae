import type { Asset, ConformTotals, Plan, SearchResult, Status } from "./contract.js";
import type { AgentClient } from "./agent-client.js";
import { clearTimer, setTimer, type Timer } from "./timers.js";
import { PanelError, messageOf } from "./errors.js";
import { AgentEvents, ConformTracker, JobTracker, type TrackOutcome } from "./events.js";
import type { ClipRef, ExportFormat, Host } from "../host/host.js";
import { formatConformTotals, safeFileName } from "./format.js";
import type { AgentEvent } from "./contract.js";

/** What the status strip shows. Never an exception: an agent that is not there is a state. */
export interface StatusView {
  agent: "running" | "not running" | "error";
  gateway: "online" | "offline" | "relogging" | "unknown";
  login: string;
  message: string;
  status: Status | null;
}

export function statusView(s: Status): StatusView {
  const login = s.login.logged_in ? `logged in as ${s.login.user ?? "?"}` : "not logged in (./gateway agent login)";
  const gw = s.connection.state;
  const message =
    gw === "online"
      ? `gateway ${s.connection.server} online`
      : gw === "offline"
        ? `gateway ${s.connection.server} offline since ${s.connection.since}: cached clips and search still work`
        : `logging in again to ${s.connection.server}`;
  return { agent: "running", gateway: gw, login, message, status: s };
}

export function statusViewOfError(e: unknown): StatusView {
  const notRunning = e instanceof PanelError && e.kind === "agent_not_running";
  return {
    agent: notRunning ? "not running" : "error",
    gateway: "unknown",
    login: "unknown",
    message: messageOf(e),
    status: null,
  };
}

export interface ImportReport {
  clips: { assetId: string; path: string; bin: string }[];
  bins: string[];
  binsCreated: string[];
  ingestTurnedOff: boolean;
  summary: string;
}

export interface ConformReport {
  editPath: string;
  format: ExportFormat;
  conformId: string;
  totals: ConformTotals;
  reportHtml: string;
  reportOpened: boolean;
  summary: string;
}

export interface PanelOptions {
  /** A job or conform with no event of its own for this long fails with a timeout message. */
  idleTimeoutMs: number;
}

/** The panel's logic: all of it talks to the agent and to the Host, nothing else. */
export class PanelLogic {
  constructor(
    private readonly host: Host,
    private readonly agent: AgentClient,
    private readonly events: AgentEvents,
    private readonly options: PanelOptions = { idleTimeoutMs: 10 * 60_000 },
  ) {}

  async status(): Promise<StatusView> {
    try {
      return statusView(await this.agent.status());
    } catch (e) {
      return statusViewOfError(e);
    }
  }

  search(query: string, project: string | null, limit = 50): Promise<SearchResult> {
    return this.agent.search(query, project, limit);
  }

  /** The take-away plan of the current result: by query when there is one, else by the hits' ids. */
  plan(query: string, project: string | null, hits: Asset[]): Promise<Plan> {
    if (query.trim() !== "" && project) return this.agent.plan({ query, project });
    if (hits.length === 0) throw new PanelError("agent_error", "nothing to plan: search first");
    return this.agent.plan({ asset_ids: hits.map((a) => a.asset_id) });
  }

  /**
   * Makes the assets local through the agent and imports them into Premiere: the project's ingest
   * setting off first (no proxy of a proxy), one bin per gateway project, the gateway's fields
   * written into each clip's metadata.
   */
  async importAssets(assets: Asset[], progress: (line: string) => void): Promise<ImportReport> {
    if (assets.length === 0) throw new PanelError("agent_error", "nothing to import: search first");
    await this.hostCall("find the open project", () => this.host.activeProject());
    let ingestTurnedOff = false;
    if (await this.hostCall("read the project's ingest setting", () => this.host.isIngestEnabled())) {
      await this.hostCall("turn the project's ingest setting off", () => this.host.disableIngest());
      ingestTurnedOff = true;
      progress("turned the project's ingest setting off (the gateway's clips are proxies already)");
    }

    await this.events.connect();
    const byId = new Map(assets.map((a) => [a.asset_id, a]));
    const names = new Map(assets.map((a) => [a.asset_id, a.name]));
    let tracker: JobTracker | null = null;
    const early: AgentEvent[] = [];
    const waiting = this.track(
      (e) => {
        if (tracker === null) {
          early.push(e);
          return "ignored";
        }
        return tracker.handle(e);
      },
      () => progress(tracker ? tracker.progressLine() : ""),
    );
    let job;
    try {
      job = await this.agent.local({ asset_ids: assets.map((a) => a.asset_id) }, "edit");
    } catch (e) {
      waiting.cancel();
      throw e;
    }
    const t = new JobTracker(job.job_id, job.assets);
    tracker = t;
    progress(`making ${job.assets.length} clip${job.assets.length === 1 ? "" : "s"} local (job ${job.job_id})`);
    for (const e of early) waiting.feed(e);
    // Events sent before the socket saw this job (it may already be done) are in the job's state.
    const st = await this.agent.job(job.job_id);
    if (st.state === "done") waiting.finish("done");
    else if (st.state === "failed") {
      const bad = st.assets.find((a) => a.error !== null);
      t.error = bad?.error ?? { reason: "INTERNAL", message: "the job failed" };
      t.failedAsset = bad?.asset_id ?? null;
      waiting.finish("failed");
    }
    const outcome = await waiting.result(`making the clips local (job ${job.job_id})`);
    if (outcome === "failed") throw new PanelError("agent_error", t.failureMessage(names));

    const ordered = [...job.assets].sort((a, b) => a.order - b.order);
    const groups = new Map<string, { asset: Asset; path: string }[]>();
    for (const a of ordered) {
      const asset = byId.get(a.asset_id);
      if (!asset) throw new PanelError("protocol", `the agent made asset ${a.asset_id} local, which the panel did not ask for`);
      const g = groups.get(asset.project) ?? [];
      g.push({ asset, path: a.path });
      groups.set(asset.project, g);
    }
    const clips: ImportReport["clips"] = [];
    const binsCreated: string[] = [];
    for (const [bin, items] of groups) {
      if (await this.hostCall(`create the bin "${bin}"`, () => this.host.ensureBin(bin))) binsCreated.push(bin);
      const paths = items.map((i) => i.path);
      const imported = await this.hostCall(`import ${paths.length} file(s) into the bin "${bin}"`, () =>
        this.host.importFiles(paths, bin),
      );
      for (const item of items) {
        const clip = findClip(imported, item.path);
        if (!clip) {
          throw new PanelError("host", `Premiere Pro imported into "${bin}" but no clip has the media ${item.path}`);
        }
        const a = item.asset;
        await this.hostCall(`write the gateway metadata of ${a.name}`, () =>
          this.host.writeClipMetadata(clip, {
            assetId: a.asset_id,
            reel: a.reel,
            originalName: a.original_name,
            startTimecode: a.start_timecode,
            frameRate: a.frame_rate,
          }),
        );
        clips.push({ assetId: a.asset_id, path: item.path, bin });
      }
    }
    const bins = [...groups.keys()];
    const summary = `imported ${clips.length} clip${clips.length === 1 ? "" : "s"} into ${bins.map((b) => `bin "${b}"`).join(", ")}`;
    progress(summary);
    return { clips, bins, binsCreated, ingestTurnedOff, summary };
  }

  /** Exports the active sequence beside the project, submits it to conform, opens the report. */
  async sendToConform(project: string, progress: (line: string) => void): Promise<ConformReport> {
    if (project.trim() === "") throw new PanelError("agent_error", "give the gateway project to conform against");
    const proj = await this.hostCall("find the open project", () => this.host.activeProject());
    if (!proj.path) throw new PanelError("host", "save the Premiere project first: the cut is exported beside it");
    const seq = await this.hostCall("find the active sequence", () => this.host.activeSequence());
    if (seq === null) throw new PanelError("host", "no active sequence: open the cut in a timeline first");
    const format: ExportFormat = this.host.canExportOtio() ? "otio" : "fcp7xml";
    const editPath = exportPathFor(proj.path, seq.name, format);
    await this.hostCall(`export the sequence "${seq.name}" to ${editPath}`, () =>
      this.host.exportActiveSequence(editPath, format),
    );
    progress(`exported "${seq.name}" to ${editPath}`);

    await this.events.connect();
    let tracker: ConformTracker | null = null;
    const early: AgentEvent[] = [];
    const waiting = this.track(
      (e) => {
        if (tracker === null) {
          early.push(e);
          return "ignored";
        }
        return tracker.handle(e);
      },
      () => progress(tracker ? tracker.progressLine() : ""),
    );
    let started;
    try {
      started = await this.agent.conform({ edit_path: editPath, project, rate: null, handles: 0 });
    } catch (e) {
      waiting.cancel();
      throw e;
    }
    const t = new ConformTracker(started.conform_id);
    tracker = t;
    progress(`conform ${started.conform_id} started`);
    for (const e of early) waiting.feed(e);
    const st = await this.agent.conformState(started.conform_id);
    if (st.state === "done" && st.totals && st.report_html) {
      t.totals = st.totals;
      t.reportHtml = st.report_html;
      t.reportJson = st.report_json;
      waiting.finish("done");
    } else if (st.state === "failed") {
      t.error = st.error ?? { reason: "INTERNAL", message: "the conform failed" };
      waiting.finish("failed");
    }
    const outcome = await waiting.result(`the conform ${started.conform_id}`);
    if (outcome === "failed" || t.totals === null || t.reportHtml === null) {
      const e = t.error;
      throw new PanelError("agent_error", `the conform failed: ${e ? `${e.message} (${e.reason})` : "no reason given"}`);
    }
    let reportOpened = true;
    let opened = "";
    try {
      await this.host.openPath(t.reportHtml);
    } catch (e) {
      reportOpened = false;
      opened = ` (could not open the report: ${messageOf(e)})`;
    }
    const summary = `${formatConformTotals(t.totals)}; report ${t.reportHtml}${opened}`;
    progress(summary);
    return { editPath, format, conformId: started.conform_id, totals: t.totals, reportHtml: t.reportHtml, reportOpened, summary };
  }

  private async hostCall<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof PanelError) throw e;
      throw new PanelError("host", `Premiere Pro could not ${what}: ${messageOf(e)}`);
    }
  }

  /**
   * Follows events until `handle` says done or failed; `feed` replays events that came before the
   * tracker existed, `finish` ends it from a polled state, `result` waits with the idle timeout.
   */
  private track(handle: (e: AgentEvent) => TrackOutcome, onProgress: () => void) {
    let resolve!: (o: "done" | "failed") => void;
    let reject!: (e: Error) => void;
    const done = new Promise<"done" | "failed">((res, rej) => {
      resolve = res;
      reject = rej;
    });
    let timer: Timer | null = null;
    let what = "";
    const idle = this.options.idleTimeoutMs;
    const arm = () => {
      if (timer !== null) clearTimer(timer);
      if (what === "") return;
      timer = setTimer(
        () => reject(new PanelError("timeout", `no news from the agent about ${what} for ${Math.round(idle / 1000)} s; it may still be running — check ./gateway agent ls`)),
        idle,
      );
    };
    const feed = (e: AgentEvent) => {
      const o = handle(e);
      if (o === "ignored") return;
      arm();
      if (o === "done" || o === "failed") resolve(o);
      else onProgress();
    };
    const unsubscribe = this.events.subscribe(feed);
    const stop = () => {
      unsubscribe();
      if (timer !== null) clearTimer(timer);
      timer = null;
    };
    return {
      feed,
      finish: (o: "done" | "failed") => resolve(o),
      cancel: stop,
      result: async (w: string) => {
        what = w;
        arm();
        try {
          return await done;
        } finally {
          stop();
        }
      },
    };
  }
}

/** `<project folder>/<sequence>.otio` (or `.xml`), with the project path's own separator. */
export function exportPathFor(projectPath: string, sequenceName: string, format: ExportFormat): string {
  const cut = Math.max(projectPath.lastIndexOf("/"), projectPath.lastIndexOf("\\"));
  const dir = cut >= 0 ? projectPath.slice(0, cut) : ".";
  const sep = projectPath.includes("\\") && !projectPath.includes("/") ? "\\" : "/";
  return `${dir}${sep}${safeFileName(sequenceName)}${format === "otio" ? ".otio" : ".xml"}`;
}

/** The imported clip whose media is that path (separators and, on Windows paths, case ignored). */
export function findClip(clips: ClipRef[], path: string): ClipRef | undefined {
  const norm = (p: string) => {
    const s = p.replace(/\\/g, "/");
    return /^[A-Za-z]:\//.test(s) ? s.toLowerCase() : s;
  };
  const want = norm(path);
  return clips.find((c) => norm(c.path) === want);
}
