/** `ann@example.com` → `a**@example.com`: enough for the shopper to recognise, little for anyone else. */
export function maskEmail(email: string) {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}${"*".repeat(Math.max(2, local.length - 1))}@${domain}`;
}
