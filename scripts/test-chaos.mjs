// `npm run test:chaos`: the chaos suites in test/chaos (the race suite, and the fuzz suites
// fuzz*.test.ts) at their large size: 1,000 carts in the race suite (CHAOS_CARTS to change it,
// CHAOS_SEED to replay a run) and 10,000 generated requests in the fuzz suite (REVA_FUZZ_REQUESTS,
// REVA_FUZZ_SEED). `npm test` runs the same files at a bounded size.
import { spawnSync } from "node:child_process";
import { ensureDependencies, projectEnv, root } from "./lib/toolchain.mjs";

ensureDependencies();
const result = spawnSync("vitest", ["run", "--project", "workers", "test/chaos", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: projectEnv({ CHAOS_SCALE: "large", CHAOS_CARTS: process.env.CHAOS_CARTS ?? "1000", REVA_FUZZ_REQUESTS: process.env.REVA_FUZZ_REQUESTS ?? "10000" }),
});
process.exit(result.status ?? 1);
