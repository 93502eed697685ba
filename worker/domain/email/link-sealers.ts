import type { Config } from "../../config";
import { requireSecretsKey } from "../../config";
import { SecretBox } from "../../security/secret-box";
import type { LinkSealers } from "./email-links";
import { CLICK_PURPOSE, UNSUBSCRIBE_PURPOSE } from "./link-tokens";

export function linkSealers(config: Config): LinkSealers {
  const key = requireSecretsKey(config);
  return { click: new SecretBox(key, CLICK_PURPOSE), unsubscribe: new SecretBox(key, UNSUBSCRIBE_PURPOSE) };
}
