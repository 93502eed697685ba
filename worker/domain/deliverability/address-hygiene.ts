import MailChecker from "mailchecker";

/**
 * Local parts that name a function, not a person. Mail to them is read by no shopper and draws
 * complaints from whoever monitors them. Kept short on purpose: `info@` or `sales@` often is a
 * small business buying for itself, so those are not refused.
 */
const ROLE_LOCAL_PARTS = new Set([
  "abuse",
  "bounce",
  "bounces",
  "devnull",
  "do-not-reply",
  "donotreply",
  "hostmaster",
  "list-request",
  "mailer-daemon",
  "no-reply",
  "nobody",
  "noreply",
  "null",
  "postmaster",
  "root",
  "security",
  "spam",
  "unsubscribe",
  "webmaster",
]);

const blocklist = MailChecker.blacklist();

function disposableDomain(domain: string): string | null {
  // A disposable provider's subdomains are disposable too (`x.mailinator.com`).
  for (let d = domain; d.includes("."); d = d.slice(d.indexOf(".") + 1)) if (blocklist.has(d)) return d;
  return null;
}

/** Why an address must not be mailed, or null when nothing is wrong with it. */
export function addressProblem(address: string): string | null {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf("@");
  if (at <= 0 || (!MailChecker.isValid(email) && !disposableDomain(email.slice(at + 1)))) return "invalid address syntax";
  const local = email.slice(0, at).split("+")[0] as string;
  const domain = email.slice(at + 1);
  const disposable = disposableDomain(domain);
  if (disposable) return `disposable address domain (${disposable})`;
  if (ROLE_LOCAL_PARTS.has(local)) return `role address (${local}@), not a shopper`;
  return null;
}

/** Soft bounces in a row, with no delivery between, after which an address is suppressed. */
export const SOFT_BOUNCE_LIMIT = 3;
