import type { premierepro } from "@adobe/premierepro";
import type { PremiereModules } from "../src/host/premiere.js";

/** One call into Premiere's API, as PremiereHost made it: `Project.importFiles`, `Metadata.createSetXMPMetadataAction`, ... */
export type ApiCall = { api: string; args: unknown[] };

/** An item of the fake project: a bin (with items) or a clip (with its media path and metadata). */
export interface FakeItem {
  type: number;
  name: string;
  items: FakeItem[];
  mediaPath: string;
  projectXmp: string;
  clipXmp: string;
}

interface FakeAction {
  describe: string;
  apply: () => void;
}

const TYPE_CLIP = 1;
const TYPE_BIN = 2;
const NS_DM = "http://ns.adobe.com/xmp/1.0/DynamicMedia/";

function item(type: number, name: string, mediaPath = ""): FakeItem {
  return { type, name, items: [], mediaPath, projectXmp: "", clipXmp: "" };
}

/**
 * A recording fake of Premiere Pro's UXP API (`require("premierepro")` and the part of
 * `require("uxp")` the panel uses), holding one project in memory. Every call is recorded; an action
 * (`create…Action`) changes the project only when a transaction executes it, as in Premiere; `fail`
 * makes one API call answer `false`, as Premiere does instead of throwing. XMP packets are JSON here
 * (`{namespace: {property: value}}`): the fake checks what is set, not Adobe's RDF/XML.
 */
export class FakePremiere {
  readonly calls: ApiCall[] = [];
  readonly root = item(TYPE_BIN, "root");
  ingestEnabled = true;
  /** Columns added to the project-metadata schema. */
  readonly columns = new Map<string, string>();
  readonly opened: string[] = [];
  /** API names ("Project.importFiles") that answer false. */
  readonly fail = new Set<string>();

  constructor(
    readonly project: { name: string; path: string } | null,
    readonly sequence: { name: string } | null,
    /** Whether ProjectConverter has exportAsOpenTimelineIO (Premiere 25.6+ has; an older one only FCP 7 XML). */
    readonly otio: boolean,
    /** Writes the exported file, as Premiere would. */
    readonly writeExport: (path: string, format: "otio" | "fcp7xml") => void = () => undefined,
  ) {}

  private call(api: string, ...args: unknown[]): boolean {
    this.calls.push({ api, args });
    return !this.fail.has(api);
  }

  apis(): string[] {
    return this.calls.map((c) => c.api);
  }

  named(api: string): unknown[][] {
    return this.calls.filter((c) => c.api === api).map((c) => c.args);
  }

  bin(name: string): FakeItem | undefined {
    return this.root.items.find((i) => i.type === TYPE_BIN && i.name === name);
  }

  modules(): PremiereModules {
    const fake = this;
    const action = (describe: string, apply: () => void): FakeAction => ({ describe, apply });
    const folder = (f: FakeItem) => ({
      ...f,
      getItems: async () => f.items.map((i) => ({ ...i, __item: i })),
      createBinAction: (name: string, makeUnique: boolean) => {
        fake.call("FolderItem.createBinAction", name, makeUnique);
        return action(`create bin ${name}`, () => f.items.push(item(TYPE_BIN, name)));
      },
    });
    const real = (i: unknown): FakeItem => ((i as { __item?: FakeItem }).__item ?? (i as FakeItem));
    const settingsFor = () => {
      let wanted = fake.ingestEnabled;
      return {
        getIsIngestEnabled: async () => fake.ingestEnabled,
        setIngestEnabled: async (on: boolean) => {
          if (!fake.call("IngestSettings.setIngestEnabled", on)) return false;
          wanted = on;
          return true;
        },
        wanted: () => wanted,
      };
    };
    const project = fake.project && {
      name: fake.project.name,
      path: fake.project.path,
      getRootItem: async () => folder(fake.root),
      getActiveSequence: async () => fake.sequence && { name: fake.sequence.name },
      importFiles: async (paths: string[], suppressUI: boolean, target: unknown, stills: boolean) => {
        const bin = real(target);
        if (!fake.call("Project.importFiles", [...paths], suppressUI, bin.name, stills)) return false;
        if (fake.ingestEnabled) throw new Error("test: Project.importFiles while the ingest setting was on");
        for (const p of paths) bin.items.push(item(TYPE_CLIP, p.split(/[\\/]/).pop()!, p));
        return true;
      },
      lockedAccess: (f: () => void) => {
        fake.call("Project.lockedAccess");
        f();
      },
      executeTransaction: (f: (c: { addAction(a: FakeAction): boolean }) => void, undo: string) => {
        const queued: FakeAction[] = [];
        f({ addAction: (a) => (queued.push(a), true) });
        if (!fake.call("Project.executeTransaction", undo, queued.map((a) => a.describe))) return false;
        for (const a of queued) a.apply();
        return true;
      },
    };
    const ppro = {
      Project: { getActiveProject: async () => project },
      ProjectSettings: {
        getIngestSettings: async () => settingsFor(),
        createSetIngestSettingsAction: (_p: unknown, s: ReturnType<typeof settingsFor>) => {
          fake.call("ProjectSettings.createSetIngestSettingsAction", s.wanted());
          return action(`ingest ${s.wanted() ? "on" : "off"}`, () => (fake.ingestEnabled = s.wanted()));
        },
      },
      ProjectItem: { TYPE_BIN, TYPE_CLIP, cast: (i: unknown) => i },
      FolderItem: { cast: (i: unknown) => folder(real(i)) },
      ClipProjectItem: {
        cast: (i: unknown) => ({ getMediaFilePath: async () => real(i).mediaPath }),
      },
      Metadata: {
        METADATA_TYPE_TEXT: 2,
        addPropertyToProjectMetadataSchema: async (name: string, label: string, type: number) => {
          fake.call("Metadata.addPropertyToProjectMetadataSchema", name, label, type);
          if (fake.columns.has(name)) return false;
          fake.columns.set(name, label);
          return true;
        },
        getProjectMetadata: async (i: unknown) => real(i).projectXmp,
        getXMPMetadata: async (i: unknown) => real(i).clipXmp,
        createSetProjectMetadataAction: (i: unknown, packet: string, updated: string[]) => {
          const it = real(i);
          fake.call("Metadata.createSetProjectMetadataAction", it.mediaPath, JSON.parse(packet), [...updated]);
          for (const u of updated) {
            if (!fake.columns.has(u)) throw new Error(`test: column ${u} is not in the project-metadata schema`);
          }
          return action(`project metadata of ${it.name}`, () => (it.projectXmp = packet));
        },
        createSetXMPMetadataAction: (i: unknown, packet: string) => {
          const it = real(i);
          fake.call("Metadata.createSetXMPMetadataAction", it.mediaPath, JSON.parse(packet));
          return action(`XMP of ${it.name}`, () => (it.clipXmp = packet));
        },
      },
      ProjectConverter: {
        exportAsFinalCutProXML: async (seq: { name: string }, path: string, suppressUI: boolean) => {
          if (!fake.call("ProjectConverter.exportAsFinalCutProXML", seq.name, path, suppressUI)) return false;
          fake.writeExport(path, "fcp7xml");
          return true;
        },
        ...(fake.otio
          ? {
              exportAsOpenTimelineIO: async (seq: { name: string }, path: string, suppressUI: boolean) => {
                if (!fake.call("ProjectConverter.exportAsOpenTimelineIO", seq.name, path, suppressUI)) return false;
                fake.writeExport(path, "otio");
                return true;
              },
            }
          : {}),
      },
    };
    class XMPMeta {
      private readonly props: Record<string, Record<string, string>>;
      constructor(packet?: string) {
        this.props = packet ? (JSON.parse(packet) as Record<string, Record<string, string>>) : {};
      }
      static registerNamespace(uri: string, prefix: string): string {
        fake.call("XMPMeta.registerNamespace", uri, prefix);
        return prefix;
      }
      setProperty(ns: string, name: string, value: string): void {
        (this.props[ns] ??= {})[name] = value;
      }
      serialize(): string {
        return JSON.stringify(this.props);
      }
    }
    const uxp = {
      xmp: { XMPMeta, XMPConst: { NS_DM } },
      shell: {
        openPath: async (path: string) => {
          fake.call("shell.openPath", path);
          fake.opened.push(path);
          return fake.fail.has("shell.openPath") ? "the system refused to open it" : "";
        },
      },
    };
    return { ppro: ppro as unknown as premierepro, uxp };
  }
}

export const NAMESPACES = {
  projectColumns: "http://ns.adobe.com/premierePrivateProjectMetaData/1.0/",
  gateway: "http://ns.editorial-gateway.org/xmp/1.0/",
  dynamicMedia: NS_DM,
};
