import { readFile } from "node:fs/promises";
import WebSocket from "ws";
import { AgentClient } from "../src/core/agent-client.js";
import { discoveryPath, readDiscovery } from "../src/core/discovery.js";
import { AgentEvents, type OpenSocket } from "../src/core/events.js";

/** The panel's adapters as Node provides them: fetch, fs, and the `ws` package for UXP's WebSocket. */
export const openSocket: OpenSocket = (url, h) => {
  const ws = new WebSocket(url);
  ws.on("open", () => h.open());
  ws.on("message", (data, isBinary) => {
    if (!isBinary) h.message(data.toString());
  });
  ws.on("error", (e) => h.error(e.message));
  ws.on("close", (code, reason) => h.close(code, reason.toString()));
  return { close: () => ws.close() };
};

export function agentFor(agentHome: string): { agent: AgentClient; events: AgentEvents } {
  const path = discoveryPath("/nonexistent-home", process.platform, agentHome);
  const agent = new AgentClient(
    () => readDiscovery((p) => readFile(p, "utf8"), path),
    (url, init) => fetch(url, init),
  );
  const events = new AgentEvents(() => agent.eventsUrl(), openSocket, 500);
  return { agent, events };
}
