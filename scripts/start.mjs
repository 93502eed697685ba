// `npm start`: everything a fresh clone needs, then `wrangler dev` with the demo store.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDemoStore, seedDemoCarts } from "./lib/demo-store.mjs";
import { applyLocalMigrations, buildFrontends, ensureDependencies, root } from "./lib/toolchain.mjs";

ensureDependencies();
const devVars = join(root, ".dev.vars");
if (!existsSync(devVars)) writeFileSync(devVars, "REVA_ENV=development\n");
applyLocalMigrations();
buildFrontends();

const passthrough = process.argv.slice(2);
const portFlag = passthrough.findIndex((arg) => arg === "--port" || arg.startsWith("--port="));
const port = portFlag === -1 ? 8787 : Number(passthrough[portFlag].split("=")[1] ?? passthrough[portFlag + 1]);
const args = portFlag === -1 ? passthrough : passthrough.filter((_, i) => i !== portFlag && !(i === portFlag + 1 && !passthrough[portFlag].includes("=")));

// Imported late: it needs nothing from node_modules, but keeps the order of work readable.
const { startDevServer } = await import("./lib/dev-server.mjs");
const server = await startDevServer({ port, args });
const origin = `http://localhost:${port}`;
const store = await ensureDemoStore(origin);
const [firstCart] = await seedDemoCarts(origin, store.secret_key);

console.log(`
  Reva is running.

  Dashboard          ${origin}/
  Demo store key     ${store.secret_key}   (sign in to the dashboard with it)
  Demo storefront    ${origin}/demo?key=${store.publishable_key}&cart_token=${firstCart}
  Publishable key    ${store.publishable_key}
  Store id           ${store.id}
  OpenAPI            ${origin}/api/v1/openapi.json

  Three demo carts were just abandoned: watch their sequences move in the dashboard.
  Press Ctrl+C to stop.
`);

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.stop().then(() => process.exit(0)));
server.child.on("exit", (code) => process.exit(code ?? 0));
