/**
 * Everything the panel asks of Premiere Pro (and of the UXP shell), in one small boundary. The
 * real implementation is `premiere.ts`; tests use a recording fake. Every method either does what
 * it says or throws an Error whose message says what failed (a Premiere call that returns false is
 * turned into a throw there).
 */

/** What the panel writes into each imported clip's metadata. */
export interface ClipMetadata {
  assetId: string;
  reel: string | null;
  originalName: string | null;
  startTimecode: string | null;
  frameRate: string | null;
}

/** A clip in the project, as the host returned it from an import. */
export interface ClipRef {
  /** The media file path Premiere reports for the clip. */
  path: string;
  /** The host's own handle; the panel passes it back untouched. */
  ref: unknown;
}

export type ExportFormat = "otio" | "fcp7xml";

export interface Host {
  /** The open project: its name and the absolute path of its .prproj ("" when never saved). */
  activeProject(): Promise<{ name: string; path: string }>;
  /** Whether the project's ingest setting (copy / transcode / create proxies on import) is on. */
  isIngestEnabled(): Promise<boolean>;
  /** Turns the project's ingest setting off. */
  disableIngest(): Promise<void>;
  /** Makes sure a bin of that name exists at the project's root; true when it had to be created. */
  ensureBin(name: string): Promise<boolean>;
  /** Imports the files into that bin (which exists) and returns the clips made of them. */
  importFiles(paths: string[], binName: string): Promise<ClipRef[]>;
  /** Writes the gateway's fields into the clip's metadata (project columns and XMP). */
  writeClipMetadata(clip: ClipRef, metadata: ClipMetadata): Promise<void>;
  /** The active sequence, or null when none is open. */
  activeSequence(): Promise<{ name: string } | null>;
  /** Whether this Premiere can export OpenTimelineIO (else FCP 7 XML is used). */
  canExportOtio(): boolean;
  /** Exports the active sequence to that file. */
  exportActiveSequence(path: string, format: ExportFormat): Promise<void>;
  /** Opens a file in the system's default application (the conform report). */
  openPath(path: string): Promise<void>;
}
