import { execFileSync } from "node:child_process";
import type { ClipMetadata, ClipRef, ExportFormat, Host } from "../src/host/host.js";

export type Call = { method: keyof Host; args: unknown[] };

/**
 * A recording fake of the Premiere boundary: every call is recorded with its arguments, the
 * project state (ingest setting, bins, clips) is kept in memory, and `failOn` makes one method
 * throw the way a Premiere call that returns false does.
 */
export class FakeHost implements Host {
  readonly calls: Call[] = [];
  ingestEnabled = true;
  readonly bins = new Set<string>();
  readonly clips = new Map<string, { path: string; bin: string }[]>();
  readonly metadata: { path: string; metadata: ClipMetadata }[] = [];
  readonly exports: { path: string; format: ExportFormat }[] = [];
  readonly opened: string[] = [];
  failOn: Partial<Record<keyof Host, string>> = {};

  constructor(
    private readonly project: { name: string; path: string } | null,
    private readonly sequence: { name: string } | null = null,
    private readonly otio = true,
    /** Writes the exported edit (the real test converts the node's demo EDL with ./gateway convert). */
    private readonly writeExport: (path: string, format: ExportFormat) => void = () => undefined,
  ) {}

  private record(method: keyof Host, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const f = this.failOn[method];
    if (f !== undefined) throw new Error(f);
  }

  async activeProject(): Promise<{ name: string; path: string }> {
    this.record("activeProject");
    if (!this.project) throw new Error("no project is open");
    return this.project;
  }
  async isIngestEnabled(): Promise<boolean> {
    this.record("isIngestEnabled");
    return this.ingestEnabled;
  }
  async disableIngest(): Promise<void> {
    this.record("disableIngest");
    this.ingestEnabled = false;
  }
  async ensureBin(name: string): Promise<boolean> {
    this.record("ensureBin", name);
    if (this.bins.has(name)) return false;
    this.bins.add(name);
    return true;
  }
  async importFiles(paths: string[], binName: string): Promise<ClipRef[]> {
    this.record("importFiles", [...paths], binName);
    if (this.ingestEnabled) throw new Error("test: imported while the ingest setting was on");
    if (!this.bins.has(binName)) throw new Error(`test: no bin ${binName}`);
    const list = this.clips.get(binName) ?? [];
    for (const p of paths) if (!list.some((c) => c.path === p)) list.push({ path: p, bin: binName });
    this.clips.set(binName, list);
    return list.map((c) => ({ path: c.path, ref: c }));
  }
  async writeClipMetadata(clip: ClipRef, metadata: ClipMetadata): Promise<void> {
    this.record("writeClipMetadata", clip.path, metadata);
    this.metadata.push({ path: clip.path, metadata });
  }
  async activeSequence(): Promise<{ name: string } | null> {
    this.record("activeSequence");
    return this.sequence;
  }
  canExportOtio(): boolean {
    this.calls.push({ method: "canExportOtio", args: [] });
    return this.otio;
  }
  async exportActiveSequence(path: string, format: ExportFormat): Promise<void> {
    this.record("exportActiveSequence", path, format);
    this.writeExport(path, format);
    this.exports.push({ path, format });
  }
  async openPath(path: string): Promise<void> {
    this.record("openPath", path);
    this.opened.push(path);
  }

  methods(): string[] {
    return this.calls.map((c) => c.method);
  }
}

/** Runs ./gateway convert to make a real edit file of the format the panel asked for. */
export function convertWith(gateway: string, edl: string, rate: string) {
  return (path: string, format: ExportFormat) => {
    execFileSync(gateway, ["convert", edl, "--to", format === "otio" ? "otio" : "fcp7xml", "--rate", rate, "-o", path], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 120_000,
    });
  };
}
