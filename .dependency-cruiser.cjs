// @ts-check
/**
 * Import rules for the Worker (worker/). Run by test/checks/architecture.test.ts, or by hand:
 *   npm exec -- depcruise --config .dependency-cruiser.cjs --output-type err worker
 *
 * Layers and what each may import of our own code (npm packages are allowed unless stated):
 *   index.ts      anything in worker/
 *   routes/       routes, http, services, domain, config
 *   queues/       queues, services, domain, config
 *   http/         http, services, domain, security, config
 *   services/     services, durable, domain, db, integrations, security, config
 *   durable/      durable, domain, db, config
 *   db/           db, domain
 *   integrations/ integrations, security
 *   security/     security
 *   domain/       domain (and no cloudflare:workers, drizzle-orm or hono, except hono/jsx)
 *   config.ts     domain
 * Any other file of ours (in or outside worker/) is off limits to every layer.
 * No exceptions for existing files: a violation is fixed in the code, not listed here.
 */

/** Paths as dependency-cruiser reports them: relative to the repo root, with forward slashes. */
const layers = {
  index: "^worker/index\\.ts$",
  config: "^worker/config\\.ts$",
  routes: "^worker/routes/",
  queues: "^worker/queues/",
  http: "^worker/http/",
  services: "^worker/services/",
  durable: "^worker/durable/",
  db: "^worker/db/",
  integrations: "^worker/integrations/",
  domain: "^worker/domain/",
  security: "^worker/security/",
};

/** @type {Record<Exclude<keyof typeof layers, "index">, (keyof typeof layers)[]>} */
const allowed = {
  domain: ["domain"],
  security: ["security"],
  integrations: ["integrations", "security"],
  db: ["db", "domain"],
  durable: ["durable", "domain", "db", "config"],
  services: ["services", "durable", "domain", "db", "integrations", "security", "config"],
  http: ["http", "services", "domain", "security", "config"],
  routes: ["routes", "http", "services", "domain", "config"],
  queues: ["queues", "services", "domain", "config"],
  config: ["domain"],
};

/**
 * "Our code" is any resolved path outside node_modules that is not a built-in module.
 * Built-ins (node:*, cloudflare:*) have no slash-free relative path, so they are matched by
 * dependency type instead (see dependencyTypesNot below).
 */
const ourCode = "^(?!node_modules/)";

/** @type {import("dependency-cruiser").IForbiddenRuleType[]} */
const layerRules = Object.entries(allowed).map(([layer, targets]) => ({
  name: `${layer}-imports-only-${targets.join("-")}`,
  severity: "error",
  comment: `${layer} may import only ${targets.join(", ")} of our own code`,
  from: { path: layers[/** @type {keyof typeof layers} */ (layer)] },
  to: {
    path: ourCode,
    couldNotResolve: false,
    pathNot: targets.map((target) => layers[target]),
    dependencyTypesNot: ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-bundled", "npm-no-pkg", "npm-unknown"],
  },
}));

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "domain-not-to-platform",
      severity: "error",
      comment: "domain is pure: no Workers runtime, no database, no HTTP framework (hono/jsx renders emails and is pure)",
      from: { path: layers.domain },
      to: {
        path: ["^cloudflare:workers$", "^node_modules/drizzle-orm", "^node_modules/hono/"],
        pathNot: ["^node_modules/hono/dist/(types/|cjs/)?jsx/"],
      },
    },
    {
      name: "worker-not-to-outside",
      severity: "error",
      comment: "the Worker never imports tests, scripts or the front ends",
      from: { path: "^worker/" },
      to: { path: ["^test/", "^scripts/", "^dashboard/", "^widget/"] },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "no import cycles anywhere in worker/",
      from: { path: "^worker/" },
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "every import resolves to a file, an npm package or a built-in module",
      from: { path: "^worker/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Modules the Workers runtime provides (resolved by workerd, not from node_modules).
    builtInModules: { add: ["cloudflare:workers", "cloudflare:sockets", "cloudflare:email", "cloudflare:test"] },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["workerd", "worker", "browser", "import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
