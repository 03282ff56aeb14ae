import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * The real gateway node and agent of the live tests: the shared stack of `nle-plugins/live/start.sh`
 * (a node with the demo's three originals ingested into project "demo", and an agent logged in to it
 * as "demo", serving the localhost API v1). `./gateway test` starts one stack for every shim and
 * passes it as `GATEWAY_LIVE_STACK` (its `stack.json`); without it, `startStack` starts one of its
 * own in a temporary folder and stops it on `close`.
 */

export const REPO = resolve(process.env["GATEWAY_ROOT"] ?? join(process.cwd(), "..", ".."));
export const GATEWAY = join(REPO, "gateway");
const LIVE = join(REPO, "nle-plugins", "live");

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

function run(file: string, args: string[], ms: number, what: string): Promise<string> {
  return new Promise((res, rej) => {
    execFile(file, args, { cwd: REPO, timeout: ms, killSignal: "SIGTERM" }, (err, stdout, stderr) => {
      if (err) rej(new Error(`${what} failed (${err.message.split("\n")[0]}): ${file} ${args.join(" ")}\n${stderr}`));
      else res(stdout);
    });
  });
}

/** The shared stack as start.sh describes it in stack.json. */
interface StackFile {
  dir: string;
  store: string;
  project: string;
  user: string;
  password: string;
  grpc_port: number;
  agent_port: number;
  agent_home: string;
  ca: string;
  edl: string;
}

export interface Stack {
  dir: string;
  store: string;
  project: string;
  user: string;
  grpcPort: number;
  agentPort: number;
  agentHome: string;
  password: string;
  ca: string;
  edl: string;
  /** Stops the node only (the agent stays up): the offline tests. */
  stopNode(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const start = join(LIVE, "start.sh");
  if (!existsSync(start)) throw new Error(`no live-stack script at ${start} (set GATEWAY_ROOT to the repository)`);
  let file = process.env["GATEWAY_LIVE_STACK"];
  let own: string | null = null;
  if (!file) {
    own = mkdtempSync(join(tmpdir(), "premiere-panel-live-"));
    // The launcher builds first when the sources changed (minutes, once); start.sh limits each step.
    await run(start, [own], 40 * 60_000, "starting the live stack (nle-plugins/live/start.sh)").catch((e: unknown) => {
      rmSync(own!, { recursive: true, force: true });
      throw e;
    });
    file = join(own, "stack.json");
  }
  const s = JSON.parse(readFileSync(file, "utf8")) as StackFile;
  const stop = join(LIVE, "stop.sh");
  return {
    dir: s.dir,
    store: s.store,
    project: s.project,
    user: s.user,
    grpcPort: s.grpc_port,
    agentPort: s.agent_port,
    agentHome: s.agent_home,
    password: s.password,
    ca: s.ca,
    edl: s.edl,
    stopNode: async () => {
      await run(stop, [s.dir, "node"], 60_000, "stopping the node");
    },
    close: async () => {
      if (own === null) return; // the shared stack is stopped by whoever started it
      try {
        await run(stop, [own], 120_000, "stopping the live stack");
      } finally {
        rmSync(own, { recursive: true, force: true });
      }
    },
  };
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}
