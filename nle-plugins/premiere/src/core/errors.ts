/**
 * One error type for everything the panel shows: `message` is the sentence the editor reads
 * (what, where, why, what to do), `kind` is what the panel logic branches on.
 */
export type ErrorKind =
  | "agent_not_running" // no discovery file, or nothing listens on its port
  | "discovery_invalid" // the discovery file exists but cannot be used
  | "unauthenticated" // 401: the token was refused
  | "login_expired" // 401 passed on from the gateway: the agent's own login expired or was revoked
  | "gateway_offline" // 503: the agent cannot reach the gateway
  | "agent_error" // any other error answer of the agent
  | "protocol" // the agent answered something that is not the v1 contract
  | "host" // a Premiere Pro call threw or returned false
  | "timeout";

export class PanelError extends Error {
  readonly kind: ErrorKind;
  readonly status: number | null;
  readonly reason: string | null;
  /** The agent's own error message, when the panel's sentence wraps one. */
  readonly detail: string | null;

  constructor(
    kind: ErrorKind,
    message: string,
    status: number | null = null,
    reason: string | null = null,
    detail: string | null = null,
  ) {
    super(message);
    this.name = "PanelError";
    this.kind = kind;
    this.status = status;
    this.reason = reason;
    this.detail = detail;
  }
}

export const AGENT_NOT_RUNNING =
  "the gateway agent is not running (start it with ./gateway agent serve)";

/** The sentence the panel shows for any thrown value. */
export function messageOf(e: unknown): string {
  if (e instanceof PanelError) return e.message;
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
