import { requireSecretsKey, type Config } from "../config";
import { SecretBox } from "../security/secret-box";

/** Per-store secrets at rest (Shopify webhook secret, Klaviyo key, GA4 secret), sealed with SECRETS_KEY. */
export const storeSecrets = (config: Config) => new SecretBox(requireSecretsKey(config));
