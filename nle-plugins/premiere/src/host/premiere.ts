import type { Action, ClipProjectItem, FolderItem, Project, ProjectItem, premierepro } from "@adobe/premierepro";
import type { ClipMetadata, ClipRef, ExportFormat, Host } from "./host.js";

/** UXP's module loader (not declared by the UXP type package for TypeScript modules). */
declare const require: (id: string) => unknown;

/** The part of UXP's `require("uxp").xmp` used here (the UXP type package declares `xmp` several times over). */
interface XmpMeta {
  setProperty(schemaNS: string, propName: string, propValue: string): void;
  serialize(): string;
}
interface XmpModule {
  XMPMeta: { new (packet?: string): XmpMeta; registerNamespace(uri: string, prefix: string): string };
  XMPConst: { NS_DM: string };
}
interface UxpShell {
  openPath(path: string, developerText: string): Promise<string>;
}
/** The part of `require("uxp")` used here. */
export interface UxpModule {
  xmp: XmpModule;
  shell: UxpShell;
}
/** Premiere's two UXP modules; tests pass recording fakes of them (the boundary is Premiere's API itself). */
export interface PremiereModules {
  ppro: premierepro;
  uxp: UxpModule;
}

/** Premiere's namespace for project-panel columns (the schema addPropertyToProjectMetadataSchema extends). */
const NS_PROJECT_COLUMNS = "http://ns.adobe.com/premierePrivateProjectMetaData/1.0/";
/** Our own XMP namespace, so the fields travel with the clip's XMP too. */
const NS_GATEWAY = "http://ns.editorial-gateway.org/xmp/1.0/";

/** The project columns the panel adds (name in the schema, label in the Project panel). */
export const COLUMNS = {
  assetId: ["GatewayAssetId", "Gateway Asset ID"],
  reel: ["GatewayReel", "Gateway Reel"],
  originalName: ["GatewayOriginalName", "Gateway Original File"],
  startTimecode: ["GatewayStartTC", "Gateway Start TC"],
} as const;

/** The Host on Premiere Pro 25.6+ through its UXP API (`require("premierepro")`). */
export class PremiereHost implements Host {
  private readonly ppro: premierepro;
  private readonly uxp: UxpModule;
  private columnsReady = false;

  constructor(modules?: PremiereModules) {
    this.ppro = modules ? modules.ppro : (require("premierepro") as premierepro);
    this.uxp = modules ? modules.uxp : (require("uxp") as UxpModule);
  }

  async activeProject(): Promise<{ name: string; path: string }> {
    const p = await this.project();
    return { name: p.name, path: p.path ?? "" };
  }

  async isIngestEnabled(): Promise<boolean> {
    const project = await this.project();
    const settings = await this.ppro.ProjectSettings.getIngestSettings(project);
    return settings.getIsIngestEnabled();
  }

  async disableIngest(): Promise<void> {
    const project = await this.project();
    const settings = await this.ppro.ProjectSettings.getIngestSettings(project);
    if (!(await settings.setIngestEnabled(false))) {
      throw new Error("IngestSettings.setIngestEnabled(false) returned false");
    }
    this.transact(project, "Turn ingest off (gateway)", () => [
      this.ppro.ProjectSettings.createSetIngestSettingsAction(project, settings),
    ]);
    const check = await this.ppro.ProjectSettings.getIngestSettings(project);
    if (await check.getIsIngestEnabled()) {
      throw new Error("the ingest setting is still on after ProjectSettings.createSetIngestSettingsAction");
    }
  }

  async ensureBin(name: string): Promise<boolean> {
    const project = await this.project();
    if (await this.findBin(project, name)) return false;
    const root = await project.getRootItem();
    this.transact(project, `Create bin ${name} (gateway)`, () => [root.createBinAction(name, false)]);
    if (!(await this.findBin(project, name))) {
      throw new Error(`the bin "${name}" is not in the project after FolderItem.createBinAction`);
    }
    return true;
  }

  async importFiles(paths: string[], binName: string): Promise<ClipRef[]> {
    const project = await this.project();
    const bin = await this.findBin(project, binName);
    if (!bin) throw new Error(`there is no bin "${binName}" at the project's root`);
    const have = await this.clipsIn(bin);
    const known = new Set(have.map((c) => norm(c.path)));
    const missing = paths.filter((p) => !known.has(norm(p)));
    if (missing.length > 0) {
      const target = this.ppro.ProjectItem.cast(bin);
      if (!(await project.importFiles(missing, true, target, false))) {
        throw new Error(`Project.importFiles returned false for ${missing.join(", ")}`);
      }
    }
    return this.clipsIn(bin);
  }

  async writeClipMetadata(clip: ClipRef, m: ClipMetadata): Promise<void> {
    const item = clip.ref as ProjectItem;
    const project = await this.project();
    await this.ensureColumns();
    const { XMPMeta, XMPConst } = this.uxp.xmp;
    XMPMeta.registerNamespace(NS_GATEWAY, "gateway");

    const values: [readonly [string, string], string | null][] = [
      [COLUMNS.assetId, m.assetId],
      [COLUMNS.reel, m.reel],
      [COLUMNS.originalName, m.originalName],
      [COLUMNS.startTimecode, m.startTimecode],
    ];
    const columns = new XMPMeta(await this.ppro.Metadata.getProjectMetadata(item));
    const updated: string[] = [];
    for (const [[name], value] of values) {
      if (value === null) continue;
      columns.setProperty(NS_PROJECT_COLUMNS, name, value);
      updated.push(name);
    }

    const clipXmp = new XMPMeta(await this.ppro.Metadata.getXMPMetadata(item));
    if (m.reel) clipXmp.setProperty(XMPConst.NS_DM, "tapeName", m.reel);
    clipXmp.setProperty(NS_GATEWAY, "assetId", m.assetId);
    if (m.originalName) clipXmp.setProperty(NS_GATEWAY, "originalFileName", m.originalName);
    if (m.startTimecode) clipXmp.setProperty(NS_GATEWAY, "startTimecode", m.startTimecode);
    if (m.frameRate) clipXmp.setProperty(NS_GATEWAY, "frameRate", m.frameRate);

    this.transact(project, "Gateway metadata", () => [
      this.ppro.Metadata.createSetProjectMetadataAction(item, columns.serialize(), updated),
      this.ppro.Metadata.createSetXMPMetadataAction(item, clipXmp.serialize()),
    ]);
  }

  async activeSequence(): Promise<{ name: string } | null> {
    const project = await this.project();
    const seq = await project.getActiveSequence();
    return seq ? { name: seq.name } : null;
  }

  canExportOtio(): boolean {
    const conv = this.ppro.ProjectConverter as Partial<premierepro["ProjectConverter"]> | undefined;
    return typeof conv?.exportAsOpenTimelineIO === "function";
  }

  async exportActiveSequence(path: string, format: ExportFormat): Promise<void> {
    const project = await this.project();
    const seq = await project.getActiveSequence();
    if (!seq) throw new Error("no active sequence");
    const conv = this.ppro.ProjectConverter;
    const ok =
      format === "otio"
        ? await conv.exportAsOpenTimelineIO(seq, path, true)
        : await conv.exportAsFinalCutProXML(seq, path, true);
    if (!ok) {
      throw new Error(
        `ProjectConverter.${format === "otio" ? "exportAsOpenTimelineIO" : "exportAsFinalCutProXML"} returned false for ${path}`,
      );
    }
  }

  async openPath(path: string): Promise<void> {
    const err = await this.uxp.shell.openPath(path, "Open the gateway's conform report");
    if (err) throw new Error(err);
  }

  private async project(): Promise<Project> {
    const p = await this.ppro.Project.getActiveProject();
    if (!p) throw new Error("no project is open");
    return p;
  }

  private async findBin(project: Project, name: string): Promise<FolderItem | null> {
    const root = await project.getRootItem();
    for (const item of await root.getItems()) {
      if (item.type === this.ppro.ProjectItem.TYPE_BIN && item.name === name) {
        return this.ppro.FolderItem.cast(item);
      }
    }
    return null;
  }

  private async clipsIn(bin: FolderItem): Promise<ClipRef[]> {
    const out: ClipRef[] = [];
    for (const item of await bin.getItems()) {
      if (item.type !== this.ppro.ProjectItem.TYPE_CLIP) continue;
      const clip: ClipProjectItem = this.ppro.ClipProjectItem.cast(item);
      out.push({ path: await clip.getMediaFilePath(), ref: item });
    }
    return out;
  }

  private async ensureColumns(): Promise<void> {
    if (this.columnsReady) return;
    const md = this.ppro.Metadata;
    for (const [name, label] of Object.values(COLUMNS)) {
      // Returns false when the column is in the schema already (every run after the first), so
      // false is not an error here; a missing column shows up when the metadata is written.
      await md.addPropertyToProjectMetadataSchema(name, label, md.METADATA_TYPE_TEXT);
    }
    this.columnsReady = true;
  }

  /** Runs the actions as one undoable transaction under the project's lock; throws when refused. */
  private transact(project: Project, undo: string, actions: () => Action[]): void {
    let ok = false;
    let failure: unknown = null;
    project.lockedAccess(() => {
      try {
        ok = project.executeTransaction((compound) => {
          for (const a of actions()) {
            if (!compound.addAction(a)) throw new Error(`CompoundAction.addAction refused an action of "${undo}"`);
          }
        }, undo);
      } catch (e) {
        failure = e;
      }
    });
    if (failure !== null) throw failure;
    if (!ok) throw new Error(`Project.executeTransaction("${undo}") returned false`);
  }
}

function norm(p: string): string {
  const s = p.replace(/\\/g, "/");
  return /^[A-Za-z]:\//.test(s) ? s.toLowerCase() : s;
}
