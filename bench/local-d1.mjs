// The bench's local D1 databases, written straight through `wrangler d1 execute --local` while no
// dev server holds them. With D1 sharded by store there may be several: a store's rows are seeded
// into the database that holds the store.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectEnv, root, run } from "../scripts/lib/toolchain.mjs";

/** Every D1 database the Worker binds (wrangler.toml's `database_name`s). */
export function localDatabases() {
  const toml = readFileSync(join(root, "wrangler.toml"), "utf8");
  return [...new Set([...toml.matchAll(/^\s*database_name\s*=\s*"([^"]+)"/gm)].map((m) => m[1]))];
}

function query(persistDir, database, sql) {
  const result = spawnSync("wrangler", ["d1", "execute", database, "--local", "--persist-to", persistDir, "--json", "--command", sql], { cwd: root, env: projectEnv(), encoding: "utf8" });
  if (result.status !== 0) return null;
  try {
    return JSON.parse(result.stdout)[0]?.results ?? null;
  } catch {
    return null;
  }
}

/** The database that holds the store's row; with one database, that one. */
export function databaseOfStore(persistDir, storeId) {
  const all = localDatabases();
  if (all.length === 1) return all[0];
  const holding = all.filter((database) => (query(persistDir, database, `SELECT COUNT(*) AS n FROM stores WHERE id = '${storeId.replace(/'/g, "''")}'`)?.[0]?.n ?? 0) > 0);
  if (holding.length !== 1) throw new Error(`store ${storeId} is in ${holding.length} of the local D1 databases (${all.join(", ")}); the bench cannot tell where to seed it`);
  return holding[0];
}

/** Runs a SQL file against one local database. */
export function executeFile(persistDir, database, file) {
  run("wrangler", ["d1", "execute", database, "--local", "--persist-to", persistDir, "--file", file], { stdio: ["ignore", "ignore", "inherit"] });
}
