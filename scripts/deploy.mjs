// `npm run deploy [-- --dry-run]`: builds the widget and dashboard, migrates every D1 shard, then hands over to wrangler.
import { buildFrontends, d1DatabaseNames, ensureDependencies, run } from "./lib/toolchain.mjs";

ensureDependencies();
buildFrontends();
const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
// Every shard (wrangler.toml's [[d1_databases]], named in D1_SHARDS) gets every migration before the code that needs it.
if (!dryRun) for (const name of d1DatabaseNames()) run("wrangler", ["d1", "migrations", "apply", name, "--remote"]);
run("wrangler", ["deploy", ...args, ...(dryRun ? ["--outdir", "dist/worker"] : [])]);
