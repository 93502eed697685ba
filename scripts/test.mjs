// `npm test`: every test — Workers-runtime tests (real D1, Durable Objects, Queues in workerd)
// and browser tests in headless Chromium against `wrangler dev`. Sets up what a fresh machine lacks.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildFrontends, ensureDependencies, projectEnv, root, run } from "./lib/toolchain.mjs";

const CHROMIUM = "/usr/bin/chromium";

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
  console.log("Installing Chromium for the browser tests…");
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

ensureDependencies();
buildFrontends();
ensureChromium();

const outDir = join(root, "test-results");
mkdirSync(outDir, { recursive: true });
const report = join(outDir, "vitest.json");
const result = spawnSync(
  "vitest",
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: projectEnv({ CHROMIUM_PATH: CHROMIUM }) },
);

// A plain closing line that any CI log reader understands, from vitest's own JSON report.
if (existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, "utf8"));
  console.log(`\nTests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`);
}
process.exit(result.status ?? 1);
