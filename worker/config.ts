import { z } from "zod";
import { AppError } from "./domain/errors";

const DEV_ADMIN_TOKEN = "dev-admin-token";
const DEV_SECRETS_KEY = "reva-dev-secrets-key-not-for-production";
const DEV_DEFAULT_FROM = "shop@demo.reva.dev";

const optionalUrl = z.url().optional();

const varsSchema = z.object({
  REVA_ENV: z.enum(["production", "development", "test"]).default("production"),
  PUBLIC_BASE_URL: optionalUrl,
  ADMIN_TOKEN: z.string().min(1).optional(),
  SECRETS_KEY: z.string().min(16).optional(),
  /** The SECRETS_KEY a rotation replaced: still opens what it sealed (stored secrets, links in emails sent), never seals. */
  SECRETS_KEY_PREVIOUS: z.string().min(16).optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
  RESEND_BASE_URL: z.url().default("https://api.resend.com"),
  KLAVIYO_BASE_URL: z.url().default("https://a.klaviyo.com"),
  GA4_BASE_URL: z.url().default("https://www.google-analytics.com"),
  /** How early a cart's alarm wakes its object before a step falls due, in ms (see durable/cart-sequence: waking a burst of objects takes seconds). */
  ALARM_WAKE_LEAD_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** The operator's verified sender, `"Reva" <recover@…>` or a bare address: stores send from it until their own domain is verified. */
  DEFAULT_FROM: z
    .string()
    .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, "expected an address or \"Name\" <address>")
    .optional(),
  /**
   * The D1 bindings holding stores, comma-separated (docs/scale.md). The first is also the
   * directory. A store stays on the shard it was given; append a binding to add a shard.
   */
  D1_SHARDS: z.string().default("DB"),
  /** The shards that take new stores (default: all); leave a full shard out to close it. */
  D1_SHARDS_FOR_NEW_STORES: z.string().optional(),
});

/**
 * Vars and secrets set per deployment (`wrangler secret put`, `.dev.vars`, `--var`) are not in
 * wrangler.toml, where `wrangler types` finds the rest of Env (worker-configuration.d.ts); they
 * join Env here, from the schema that validates them, as optional strings.
 */
type DeploymentVars = Partial<Record<Exclude<keyof z.input<typeof varsSchema>, "REVA_ENV">, string>>;
declare global {
  interface Env extends DeploymentVars {}
  namespace Cloudflare {
    interface Env extends DeploymentVars {}
  }
}

export type Config = z.output<typeof varsSchema> & {
  isProduction: boolean;
  adminToken: string | undefined;
  secretsKey: string | undefined;
  defaultFrom: string;
  /** D1_SHARDS as a list, the directory first; services/context checks each is a D1 binding when it is used. */
  shards: string[];
  newStoreShards: string[];
};

const nameList = (value: string) => value.split(",").map((name) => name.trim()).filter((name) => name !== "");

const cache = new WeakMap<object, Config>();

/** Vars are validated once per env object; a bad deployment fails loudly (503, naming the variable) instead of half-working. */
export function readConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = varsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new AppError("not_configured", `the Worker's configuration is invalid: ${problems}`);
  }
  const vars = parsed.data;
  const isProduction = vars.REVA_ENV === "production";
  if (isProduction && vars.RESEND_API_KEY && !vars.DEFAULT_FROM) {
    throw new AppError("not_configured", "DEFAULT_FROM is required with RESEND_API_KEY: stores send from it until their own domain is verified");
  }
  const shards = nameList(vars.D1_SHARDS);
  if (shards.length === 0) throw new AppError("not_configured", "D1_SHARDS must name at least one D1 binding");
  const newStoreShards = vars.D1_SHARDS_FOR_NEW_STORES === undefined ? shards : nameList(vars.D1_SHARDS_FOR_NEW_STORES);
  if (newStoreShards.length === 0 || newStoreShards.some((name) => !shards.includes(name))) {
    throw new AppError("not_configured", "D1_SHARDS_FOR_NEW_STORES must name at least one of D1_SHARDS");
  }
  const config: Config = {
    ...vars,
    shards,
    newStoreShards,
    isProduction,
    adminToken: vars.ADMIN_TOKEN ?? (isProduction ? undefined : DEV_ADMIN_TOKEN),
    secretsKey: vars.SECRETS_KEY ?? (isProduction ? undefined : DEV_SECRETS_KEY),
    // Without RESEND_API_KEY nothing is sent (outbox mode), so production needs no sender then.
    defaultFrom: vars.DEFAULT_FROM ?? DEV_DEFAULT_FROM,
  };
  cache.set(env, config);
  return config;
}

/** The current SECRETS_KEY, and the one it replaced while that still has values to open (security/secret-box). */
export function requireSecretsKey(config: Config): { current: string; previous: string | undefined } {
  if (!config.secretsKey) throw new AppError("not_configured", "SECRETS_KEY is not set");
  return { current: config.secretsKey, previous: config.SECRETS_KEY_PREVIOUS };
}
