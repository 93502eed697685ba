import { requireSecretsKey, type Config } from "../../config";
import type { LinkSealers } from "../../domain/email/email-links";
import { CLICK_PURPOSE, UNSUBSCRIBE_PURPOSE } from "../../domain/email/link-tokens";
import { SecretBox } from "../../security/secret-box";

export function linkSealers(config: Config): LinkSealers {
  const key = requireSecretsKey(config);
  return { click: new SecretBox(key, CLICK_PURPOSE), unsubscribe: new SecretBox(key, UNSUBSCRIBE_PURPOSE) };
}

/** Links in emails point at PUBLIC_BASE_URL, or else at the origin the cart (or the merchant) came in on. */
export const linkBaseUrl = (config: Config, origin: string) => config.PUBLIC_BASE_URL ?? origin;
