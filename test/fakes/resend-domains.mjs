// Resend's domains API, faked for tests and benchmarks: `POST /domains`, `GET /domains`,
// `GET /domains/:id`, `POST /domains/:id/verify`, `DELETE /domains/:id`, and the check every send passes: an email whose
// `from` domain the account has not verified is refused with 403, as the real API does. The
// operator's default sender domain and the test stores' domain start verified, so tests that do
// not exercise verification send as before. Test hook: `POST /__fake/domains/status
// { name, status }` plays Resend's background DNS check ("verified", "failed", …).
import { randomUUID } from "node:crypto";

/** Verified from the start: the dev DEFAULT_FROM's domain and the test stores' from_email domain. */
const SEEDED_VERIFIED = ["demo.reva.dev", "example.com"];

const error = (statusCode, name, message) => ({ status: statusCode, body: { statusCode, name, message } });

const domainOfFrom = (from) => (from.match(/<([^<>]+)>\s*$/)?.[1] ?? from).trim().split("@").pop().toLowerCase();

function recordsFor(name, status) {
  const recordStatus = status === "verified" ? "verified" : "not_started";
  return [
    { record: "SPF", name: "send", type: "MX", ttl: "Auto", status: recordStatus, value: "feedback-smtp.us-east-1.amazonses.com", priority: 10 },
    { record: "SPF", name: "send", type: "TXT", ttl: "Auto", status: recordStatus, value: "v=spf1 include:amazonses.com ~all" },
    { record: "DKIM", name: "resend._domainkey", type: "TXT", ttl: "Auto", status: recordStatus, value: `p=MIGfMA0GCSqGSIb3DQEBAQUAA4GN${Buffer.from(name).toString("base64")}` },
  ];
}

export function fakeDomains() {
  /** @type {Map<string, { id: string; name: string; status: string; created_at: string; region: string }>} */
  const domains = new Map();
  const byName = (name) => [...domains.values()].find((domain) => domain.name === name);
  const shown = (domain) => ({ object: "domain", ...domain, records: recordsFor(domain.name, domain.status) });

  function add(name, status) {
    const domain = { id: randomUUID(), name, status, created_at: new Date().toISOString(), region: "us-east-1" };
    domains.set(domain.id, domain);
    return domain;
  }

  function reset() {
    domains.clear();
    for (const name of SEEDED_VERIFIED) add(name, "verified");
  }
  reset();

  /** The API's answer for `/domains…`, or null for another path; `refused` is the auth check's answer. */
  function answer(method, path, body, refused) {
    const match = path.match(/^\/domains(?:\/([^/]+))?(\/verify)?$/);
    if (!match) return null;
    if (refused) return refused;
    const [, id, verify] = match;
    if (!id && method === "GET") return { status: 200, body: { object: "list", has_more: false, data: [...domains.values()] } };
    if (!id && method === "POST") {
      const name = typeof body?.name === "string" ? body.name.toLowerCase() : "";
      if (!/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(name)) return error(422, "validation_error", "Invalid `name` field.");
      if (byName(name)) return error(403, "validation_error", `The domain ${name} has been registered already.`);
      return { status: 201, body: shown(add(name, "not_started")) };
    }
    const domain = id ? domains.get(decodeURIComponent(id)) : undefined;
    if (!domain) return error(404, "not_found", "Domain not found");
    if (verify && method === "POST") {
      // Resend checks the records in the background; until then the domain is pending.
      if (domain.status !== "verified") domain.status = "pending";
      return { status: 200, body: { object: "domain", id: domain.id } };
    }
    if (!verify && method === "GET") return { status: 200, body: shown(domain) };
    if (!verify && method === "DELETE") {
      domains.delete(domain.id);
      return { status: 200, body: { object: "domain", id: domain.id, deleted: true } };
    }
    return error(405, "method_not_allowed", "Method not allowed");
  }

  function control(path, body) {
    if (path !== "/__fake/domains/status") return null;
    const domain = byName(String(body.name ?? "").toLowerCase());
    if (!domain) return error(404, "not_found", "Domain not found");
    domain.status = body.status;
    return { status: 204 };
  }

  /** 403 for the first email whose sender's domain is not verified, as Resend answers; null when all are. */
  function refuseSender(emails) {
    for (const email of emails) {
      const name = domainOfFrom(email.from);
      if (byName(name)?.status !== "verified") {
        return error(403, "validation_error", `The ${name} domain is not verified. Please, add and verify your domain on https://resend.com/domains`);
      }
    }
    return null;
  }

  return { answer, control, refuseSender, reset };
}
