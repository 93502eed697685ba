// Runs on the machine's own Node (20) before node_modules exists, so: no dependencies here.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const bin = join(root, "node_modules", ".bin");

/** PATH with the project's own binaries first, so `node` is the current Node from the `node` package. */
export const projectEnv = (extra = {}) => ({ ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, ...extra });

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: projectEnv(), ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

export function start(command, args, options = {}) {
  return spawn(command, args, { cwd: root, stdio: "inherit", env: projectEnv(), ...options });
}

/** A fresh clone has no node_modules: install them (from the lockfile when there is one). */
export function ensureDependencies() {
  if (existsSync(join(bin, "wrangler")) && existsSync(join(bin, "vite"))) return;
  console.log("Installing dependencies…");
  run("npm", [existsSync(join(root, "package-lock.json")) ? "ci" : "install", "--no-audit", "--no-fund"]);
}

export function buildFrontends() {
  run("npm", ["run", "build", "--silent"]);
}

/** Every D1 database in wrangler.toml: each shard (D1_SHARDS) gets every migration. */
export function d1DatabaseNames() {
  const toml = readFileSync(join(root, "wrangler.toml"), "utf8");
  return [...toml.matchAll(/^\[\[d1_databases\]\][^[]*?^database_name\s*=\s*"([^"]+)"/gm)].map((match) => match[1]);
}

export function applyLocalMigrations(persistTo) {
  const persist = persistTo ? ["--persist-to", persistTo] : [];
  for (const name of d1DatabaseNames()) {
    run("wrangler", ["d1", "migrations", "apply", name, "--local", ...persist], { stdio: ["ignore", "ignore", "inherit"] });
  }
}
