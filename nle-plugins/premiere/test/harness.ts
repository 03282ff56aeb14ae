import { spawn, execFile, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Starts a real gateway node (`./gateway demo --config <temp yaml>`: sample originals generated,
 * ingested into project "demo", a one-event EDL) and a real agent logged in to it
 * (`./gateway agent login` then `./gateway agent serve --home <tmp>`), on free ports, and stops them.
 */

export const REPO = resolve(process.env["GATEWAY_ROOT"] ?? join(process.cwd(), "..", ".."));
export const GATEWAY = join(REPO, "gateway");

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

class Proc {
  out = "";
  err = "";
  exited: number | null = null;
  private readonly exitWaiters: (() => void)[] = [];
  private readonly lineWaiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (b: Buffer) => {
      this.out += b.toString();
      this.lineWaiters.splice(0).forEach((w) => w());
    });
    child.stderr?.on("data", (b: Buffer) => {
      this.err += b.toString();
      this.lineWaiters.splice(0).forEach((w) => w());
    });
    child.on("exit", (code, signal) => {
      this.exited = code ?? (signal ? 128 : -1);
      this.exitWaiters.splice(0).forEach((w) => w());
      this.lineWaiters.splice(0).forEach((w) => w());
    });
  }

  tail(): string {
    const t = (s: string) => s.split("\n").slice(-15).join("\n");
    return `--- ${this.name} stdout ---\n${t(this.out)}\n--- ${this.name} stderr ---\n${t(this.err)}`;
  }

  /** Waits until stdout matches, the process exits, or the time is up. */
  async waitFor(re: RegExp, ms: number, what: string): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = re.exec(this.out);
      if (m) return m;
      if (this.exited !== null) throw new Error(`${this.name} exited (${this.exited}) before ${what}\n${this.tail()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no ${what} within ${Math.round(ms / 1000)} s\n${this.tail()}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, left);
        this.lineWaiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  /** SIGTERM to the process group, SIGKILL after `ms`. */
  async stop(ms = 20_000): Promise<void> {
    if (this.exited !== null || this.child.pid === undefined) return;
    const pid = this.child.pid;
    const gone = new Promise<void>((res) => this.exitWaiters.push(res));
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      return;
    }
    const t = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, ms);
    await gone;
    clearTimeout(t);
  }
}

function start(name: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(GATEWAY, args, {
    cwd: REPO,
    detached: true, // its own process group, so stop() reaches the JVM behind the launcher
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  return new Proc(name, child);
}

function run(args: string[], ms: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    execFile(GATEWAY, args, { cwd: REPO, timeout: ms }, (err, stdout, stderr) => {
      if (err) rej(new Error(`./gateway ${args.join(" ")} failed: ${err.message}\n${stderr}`));
      else res({ stdout, stderr });
    });
  });
}

export interface Stack {
  dir: string;
  store: string;
  grpcPort: number;
  agentPort: number;
  agentHome: string;
  password: string;
  ca: string;
  edl: string;
  node: Proc;
  agent: Proc;
  stopNode(): Promise<void>;
  close(): Promise<void>;
}

/** Waits for `<agentHome>/agent.json`; says clearly when the agent answers but wrote none (pre-v1 agent). */
async function waitForDiscovery(agent: Proc, home: string, port: number, ms: number): Promise<void> {
  const file = join(home, "agent.json");
  const deadline = Date.now() + ms;
  while (!existsSync(file)) {
    if (agent.exited !== null) throw new Error(`agent serve exited (${agent.exited}) without writing ${file}\n${agent.tail()}`);
    if (Date.now() > deadline) {
      let health = "nothing answers on its port";
      try {
        const r = await fetch(`http://127.0.0.1:${port}/v1/health`);
        health = `GET /v1/health answers ${r.status}`;
      } catch {
        // keep "nothing answers"
      }
      throw new Error(
        `agent serve wrote no discovery file ${file} within ${Math.round(ms / 1000)} s (${health}): the agent does not implement API v1 (nle-plugins/agent/API.md) yet\n${agent.tail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startStack(): Promise<Stack> {
  if (!existsSync(GATEWAY)) throw new Error(`no ./gateway launcher at ${GATEWAY} (set GATEWAY_ROOT to the repository)`);
  const dir = mkdtempSync(join(tmpdir(), "premiere-panel-"));
  const [http, grpc, cluster, agentPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const store = join(dir, "store");
  const config = join(dir, "node.yaml");
  writeFileSync(
    config,
    [
      "server:",
      "  host: 127.0.0.1",
      `  http-port: ${http}`,
      `  grpc-port: ${grpc}`,
      "store:",
      `  dir: ${store}`,
      "cluster:",
      `  name: premiere-panel-test-${process.pid}-${Date.now()}`,
      `  port: ${cluster}`,
      "  members: [127.0.0.1]",
      "",
    ].join("\n"),
  );
  const procs: Proc[] = [];
  const close = async () => {
    for (const p of procs.reverse()) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The launcher builds first when the sources are newer than its last build (minutes, once).
    const node = start("gateway demo", ["demo", "--config", config]);
    procs.push(node);
    await node.waitFor(/gateway ready/, 20 * 60_000, '"gateway ready"');
    const password = (await node.waitFor(/login: user demo, password (\S+)/, 1000, "the demo login"))[1] as string;
    const ca = join(store, "security", "tls", "cert.pem");
    const edl = join(store, "demo", "cut.edl");
    const agentHome = join(dir, "agent-home");
    await run(
      ["agent", "login", "--home", agentHome, "--server", `127.0.0.1:${grpc}`, "--ca", ca, "--user", "demo", "--password", password],
      120_000,
    );
    const agent = start("agent serve", ["agent", "serve", "--home", agentHome, "--port", String(agentPort)]);
    procs.push(agent);
    await waitForDiscovery(agent, agentHome, agentPort, 60_000);
    return {
      dir,
      store,
      grpcPort: grpc,
      agentPort,
      agentHome,
      password,
      ca,
      edl,
      node,
      agent,
      stopNode: () => node.stop(),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}
