/**
 * The agent's localhost API v1 as the panel sees it (nle-plugins/agent/API.md is the contract;
 * field names are copied from it exactly).
 */

export type ConnectionState = "online" | "offline" | "relogging";

export interface ApiError {
  reason: string;
  message: string;
}

export interface Status {
  agent: { version: string; port: number };
  connection: { state: ConnectionState; server: string; since: string };
  login: { logged_in: boolean; user: string | null };
  cache: { root: string; total_bytes: number; max_cache_bytes: number | null };
  link_bytes_per_second: number | null;
}

export interface Asset {
  asset_id: string;
  project: string;
  name: string;
  reel: string | null;
  original_path: string | null;
  original_name: string | null;
  start_timecode: string | null;
  frame_rate: string | null;
  duration_frames: number | null;
  audio_channels: number | null;
  profiles: string[];
  cached: Record<string, string | null>;
}

export interface SearchResult {
  total: number;
  offline: boolean;
  hits: Asset[];
}

/** Exactly one of the three shapes. */
export type Selection =
  | { asset_ids: string[] }
  | { query: string; project: string }
  | { timeline_path: string; project: string; rate?: string | null };

export interface ChoiceBytes {
  bytes: number;
  cached_bytes: number;
}

export interface ChoiceTotals extends ChoiceBytes {
  to_fetch_bytes: number;
  seconds: number | null;
}

export interface Plan {
  plan_id: string;
  project: string;
  link_bytes_per_second: number | null;
  assets: { asset_id: string; name: string; order: number; choices: Record<string, ChoiceBytes> }[];
  totals: Record<string, ChoiceTotals>;
}

export interface LocalJob {
  job_id: string;
  assets: { asset_id: string; path: string; order: number }[];
}

export interface JobState {
  job_id: string;
  state: "queued" | "running" | "done" | "failed";
  bytes_done: number;
  bytes_total: number;
  assets: {
    asset_id: string;
    state: string;
    path: string;
    bytes_done: number;
    bytes_total: number;
    error: ApiError | null;
  }[];
}

export interface ConformRequest {
  edit_path: string;
  project: string;
  rate: string | null;
  handles: number;
}

export interface ConformTotals {
  events: number;
  matched: number;
  unmatched: number;
  ambiguous: number;
}

export interface ConformState {
  conform_id: string;
  state: string;
  totals: ConformTotals | null;
  report_html: string | null;
  report_json: string | null;
  error: ApiError | null;
}

export type AgentEvent =
  | { type: "connection"; state: ConnectionState; server: string }
  | {
      type: "job.progress";
      job_id: string;
      asset_id: string;
      bytes_done: number;
      bytes_total: number;
      bytes_per_second: number | null;
      eta_seconds: number | null;
      total: { bytes_done: number; bytes_total: number; eta_seconds: number | null };
    }
  | { type: "job.asset_done"; job_id: string; asset_id: string; path: string; order: number }
  | { type: "job.done"; job_id: string }
  | { type: "job.failed"; job_id: string; asset_id: string | null; error: ApiError }
  | { type: "conform.progress"; conform_id: string; step: string; done: number; total: number }
  | {
      type: "conform.done";
      conform_id: string;
      totals: ConformTotals;
      report_html: string;
      report_json: string;
    }
  | { type: "conform.failed"; conform_id: string; error: ApiError };
