import { afterEach, describe, expect, it } from "vitest";
import { EMAIL_PREVIEW_CSP } from "../worker/routes/email-preview";
import { createFastStore, json, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

const DRAFT = { subject: "Draft for {{first_name}}", body: "Draft body: {{item_count}} items at {{store_name}}" };

/** Link tokens are sealed afresh on every render: compare emails with their URLs blanked. */
const withoutUrls = (text: string) => text.replace(/https?:\/\/[^\s"'<>]+/g, "URL");

function formPost(path: string, key: string | undefined, fields: Record<string, string>) {
  return request(path, { method: "POST", key, body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
}

describe("email preview of a draft (unsaved subject and body)", () => {
  it("renders the draft's subject and body as JSON, and leaves the saved step as it was", async () => {
    const store = await createFastStore();
    const preview = await json(request("/api/v1/store/steps/email_2h/preview", { method: "POST", key: store.secret_key, json: DRAFT }));
    expect(preview.subject).toBe("Draft for Alex");
    expect(preview.text).toContain("Draft body: 3 items at Test Store");
    expect(preview.html).toContain("Draft body: 3 items at Test Store");
    const settings = await json(request("/api/v1/store/settings", { key: store.secret_key }));
    expect(settings.steps.find((step: any) => step.id === "email_2h").subject).toBe("Come back {{first_name}}");
  });

  it("keeps the saved subject when only the body is drafted", async () => {
    const store = await createFastStore();
    const preview = await json(request("/api/v1/store/steps/email_2h/preview", { method: "POST", key: store.secret_key, json: { body: "Only the body" } }));
    expect(preview.subject).toBe("Come back Alex");
    expect(preview.text).toContain("Only the body");
  });

  it("serves the draft as an HTML page of its own, under a policy that allows no script and only the dashboard as frame", async () => {
    const store = await createFastStore();
    const response = await formPost("/api/v1/store/steps/email_2h/preview.html", store.secret_key, DRAFT);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toBe(EMAIL_PREVIEW_CSP);
    expect(EMAIL_PREVIEW_CSP).toContain("default-src 'none'");
    expect(EMAIL_PREVIEW_CSP).not.toContain("script-src");
    const page = await response.text();
    const preview = await json(request("/api/v1/store/steps/email_2h/preview", { method: "POST", key: store.secret_key, json: DRAFT }));
    expect(withoutUrls(page)).toBe(withoutUrls(preview.html));
    expect(page).toContain("Draft body: 3 items");
  });

  it("reads a form's CRLF line breaks (as browsers send them) as the LF the editor saves", async () => {
    const store = await createFastStore();
    const response = await formPost("/api/v1/store/steps/email_2h/preview.html", store.secret_key, { body: "First line\r\nSecond line" });
    expect(response.status).toBe(200);
    const preview = await json(request("/api/v1/store/steps/email_2h/preview", { method: "POST", key: store.secret_key, json: { body: "First line\nSecond line" } }));
    expect(withoutUrls(await response.text())).toBe(withoutUrls(preview.html));
  });

  it("serves the saved step as an HTML page, with a real sequence's cart when asked", async () => {
    const store = await createFastStore();
    const saved = await request("/api/v1/store/steps/email_24h/preview.html", { key: store.secret_key });
    expect(saved.headers.get("content-security-policy")).toBe(EMAIL_PREVIEW_CSP);
    expect(await saved.text()).toContain("Organic cotton tee");
    const { sequence } = await postCart(store.secret_key);
    const real = await request(`/api/v1/store/steps/email_24h/preview.html?sequence_id=${sequence.id}`, { key: store.secret_key });
    expect(await real.text()).toContain("Linen shirt");
  });

  it("answers 422 naming the field for a draft that could not be saved, in JSON and as a form", async () => {
    const store = await createFastStore();
    const unknown = await request("/api/v1/store/steps/email_2h/preview", { method: "POST", key: store.secret_key, json: { subject: "Use {{coupon}}" } });
    expect(unknown.status).toBe(422);
    expect((await unknown.json<any>()).errors).toEqual([{ field: "subject", message: "unknown placeholder {{coupon}}" }]);
    const empty = await request("/api/v1/store/steps/email_2h/preview", { method: "POST", key: store.secret_key, json: { body: "" } });
    expect(empty.status).toBe(422);
    expect((await empty.json<any>()).errors.map((e: any) => e.field)).toEqual(["body"]);
    const form = await formPost("/api/v1/store/steps/email_2h/preview.html", store.secret_key, { subject: "Two\nlines" });
    expect(form.status).toBe(422);
    expect(form.headers.get("content-type")).toBe("application/problem+json");
    expect((await form.json<any>()).errors.map((e: any) => e.field)).toEqual(["subject"]);
  });

  it("answers 401 without a key", async () => {
    expect((await request("/api/v1/store/steps/email_2h/preview", { method: "POST", json: DRAFT })).status).toBe(401);
    expect((await formPost("/api/v1/store/steps/email_2h/preview.html", undefined, DRAFT)).status).toBe(401);
    expect((await request("/api/v1/store/steps/email_2h/preview.html")).status).toBe(401);
  });

  it("answers 404 for another store's sequence and for a step that is not an email", async () => {
    const owner = await createFastStore();
    const other = await createFastStore();
    const { sequence } = await postCart(owner.secret_key, { email: "secret-shopper@example.com" });
    const foreign = await formPost("/api/v1/store/steps/email_2h/preview.html", other.secret_key, { ...DRAFT, sequence_id: sequence.id });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain("secret-shopper");
    const foreignJson = await request("/api/v1/store/steps/email_2h/preview", { method: "POST", key: other.secret_key, json: { sequence_id: sequence.id } });
    expect(foreignJson.status).toBe(404);
    expect((await formPost("/api/v1/store/steps/popup_1h/preview.html", owner.secret_key, DRAFT)).status).toBe(404);
  });
});

describe("an outbox email as a page", () => {
  it("serves the stored HTML under the preview's own policy, to its store only", async () => {
    clock = useFakeClock();
    const { store, email } = await storeWithSentEmail(clock);
    const [stored] = (await json(request("/api/v1/outbox", { key: store.secret_key }))).data;
    const page = await request(`/api/v1/outbox/${stored.id}/html`, { key: store.secret_key });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBe(EMAIL_PREVIEW_CSP);
    expect(await page.text()).toBe(email.html);
    const other = await createFastStore();
    const foreign = await request(`/api/v1/outbox/${stored.id}/html`, { key: other.secret_key });
    expect(foreign.status).toBe(404);
    expect((await request(`/api/v1/outbox/${stored.id}/html`)).status).toBe(401);
  });
});
