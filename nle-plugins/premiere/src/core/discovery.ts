import { AGENT_NOT_RUNNING, PanelError } from "./errors.js";

/** The agent's discovery file, `<home>/.gateway-agent/agent.json` (API.md, "Finding the agent"). */
export interface Discovery {
  version: number;
  port: number;
  token: string;
  pid: number | null;
  baseUrl: string;
  /** Where it was read from, for messages. */
  path: string;
}

/** Reads a file as UTF-8 text; rejects with an error whose `code` is "ENOENT" when it is missing. */
export type ReadText = (path: string) => Promise<string>;

/**
 * The discovery file's path. `agentHome` (the agent's `--home`) wins when given; otherwise
 * `<userHome>/.gateway-agent`. Windows paths get backslashes.
 */
export function discoveryPath(userHome: string, platform: string, agentHome?: string | null): string {
  const windows = platform.startsWith("win");
  const sep = windows ? "\\" : "/";
  const trim = (p: string) => p.replace(/[\\/]+$/, "");
  const home = agentHome && agentHome.trim() !== "" ? trim(agentHome.trim()) : trim(userHome) + sep + ".gateway-agent";
  return home + sep + "agent.json";
}

function isMissing(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const code = (e as { code?: unknown }).code;
  const msg = String((e as { message?: unknown }).message ?? "");
  return code === "ENOENT" || /ENOENT|no such file|not found|cannot find/i.test(msg);
}

export async function readDiscovery(read: ReadText, path: string): Promise<Discovery> {
  let text: string;
  try {
    text = await read(path);
  } catch (e) {
    if (isMissing(e)) {
      throw new PanelError("agent_not_running", `${AGENT_NOT_RUNNING}: no discovery file at ${path}`);
    }
    const why = e instanceof Error ? e.message : String(e);
    throw new PanelError("discovery_invalid", `cannot read the agent's discovery file ${path}: ${why}`);
  }
  return parseDiscovery(text, path);
}

export function parseDiscovery(text: string, path: string): Discovery {
  if (text.trim() === "") {
    throw new PanelError(
      "discovery_invalid",
      `the agent's discovery file ${path} is empty (the agent may be starting; try again, or restart it)`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new PanelError("discovery_invalid", `the agent's discovery file ${path} is not JSON (${why}); restart the agent`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PanelError("discovery_invalid", `the agent's discovery file ${path} is not a JSON object; restart the agent`);
  }
  const o = raw as Record<string, unknown>;
  if (o["version"] !== 1) {
    throw new PanelError(
      "discovery_invalid",
      `the agent's discovery file ${path} has version ${JSON.stringify(o["version"])}; this panel speaks version 1 (update the panel or the agent)`,
    );
  }
  const port = o["port"];
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new PanelError("discovery_invalid", `the agent's discovery file ${path} has no valid port (${JSON.stringify(port)}); restart the agent`);
  }
  const token = o["token"];
  if (typeof token !== "string" || token.length === 0) {
    throw new PanelError("discovery_invalid", `the agent's discovery file ${path} has no token; restart the agent`);
  }
  const pid = typeof o["pid"] === "number" ? (o["pid"] as number) : null;
  // The panel only ever talks to loopback, whatever base_url says.
  return { version: 1, port, token, pid, baseUrl: `http://127.0.0.1:${port}`, path };
}
