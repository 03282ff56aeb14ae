// Runs the compiled tests (build/test/*.test.js) with node's built-in runner. `GATEWAY_SKIP_LIVE=1`
// leaves out the tests that need a real node and agent; `GATEWAY_LIVE_ONLY=1` runs only those (./gateway test,
// which has run the others already).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = join("build", "test");
let files = readdirSync(dir).filter((f) => f.endsWith(".test.js")).sort().map((f) => join(dir, f));
if (process.env.GATEWAY_SKIP_LIVE === "1") files = files.filter((f) => !f.endsWith("integration.test.js"));
else if (process.env.GATEWAY_LIVE_ONLY === "1") files = files.filter((f) => f.endsWith("integration.test.js"));
const r = spawnSync(process.execPath, ["--test", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
