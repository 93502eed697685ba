/**
 * Vars and secrets that are set per deployment (`wrangler secret put`, `.dev.vars`, `--var`) and
 * so are not in wrangler.toml, where `wrangler types` finds the rest of Env
 * (worker-configuration.d.ts). config.ts validates them all at first use.
 */
interface OptionalVars {
  PUBLIC_BASE_URL?: string;
  ADMIN_TOKEN?: string;
  SECRETS_KEY?: string;
  RESEND_API_KEY?: string;
  RESEND_WEBHOOK_SECRET?: string;
  RESEND_BASE_URL?: string;
  KLAVIYO_BASE_URL?: string;
  GA4_BASE_URL?: string;
}

interface Env extends OptionalVars {}

declare namespace Cloudflare {
  interface Env extends OptionalVars {}
}
