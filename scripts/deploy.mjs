// `npm run deploy [-- --dry-run]`: builds the widget and dashboard, then hands over to wrangler.
import { buildFrontends, ensureDependencies, run } from "./lib/toolchain.mjs";

ensureDependencies();
buildFrontends();
const args = process.argv.slice(2);
run("wrangler", ["deploy", ...args, ...(args.includes("--dry-run") ? ["--outdir", "dist/worker"] : [])]);
