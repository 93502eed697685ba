// `npm start`: everything a fresh clone needs, then `wrangler dev` with the demo store.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDemoStore, mintDemoVisitor, seedDemoCarts } from "./lib/demo-store.mjs";
import { resolveAdminToken } from "./lib/dev-vars.mjs";
import { applyLocalMigrations, buildFrontends, ensureDependencies, root } from "./lib/toolchain.mjs";

ensureDependencies();
const devVars = join(root, ".dev.vars");
if (!existsSync(devVars)) writeFileSync(devVars, "REVA_ENV=development\n");
applyLocalMigrations();
buildFrontends();

// Arguments after `--` go to `wrangler dev` as given (scripts/lib/dev-server.mjs merges them with ours).
const passthrough = process.argv.slice(2);

// Imported late: it needs nothing from node_modules, but keeps the order of work readable.
const { startDevServer } = await import("./lib/dev-server.mjs");
const server = await startDevServer({ args: passthrough });
// The address a person opens: localhost when wrangler listens on loopback or on every address.
const origin = server.origin.replace("//127.0.0.1:", "//localhost:");
// The demo store is created with the admin token this Worker accepts (.dev.vars or --var), not the built-in one.
const store = await ensureDemoStore(origin, { adminToken: resolveAdminToken(passthrough, root), persistTo: server.persistTo });
const shopper = await mintDemoVisitor(origin, store.publishable_key);
const [firstCart] = await seedDemoCarts(origin, store.secret_key, { visitorId: shopper.visitor_id });

console.log(`
  Reva is running.

  Dashboard          ${origin}/
  Demo store key     ${store.secret_key}   (sign in to the dashboard with it)
  Demo storefront    ${origin}/demo?key=${store.publishable_key}&cart_token=${firstCart}&visitor_token=${shopper.visitor_token}
  Publishable key    ${store.publishable_key}
  Store id           ${store.id}
  OpenAPI            ${origin}/api/v1/openapi.json

  Three demo carts were just abandoned: watch their sequences move in the dashboard.
  Press Ctrl+C to stop.
`);

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.stop().then(() => process.exit(0)));
server.child.on("exit", (code) => process.exit(code ?? 0));
