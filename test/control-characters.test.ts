import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createStore, json, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";
import { getSequence } from "./helpers/sequences";
import { sendShopifyWebhook, shopifyCheckout } from "./helpers/shopify";

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

async function fieldsOf(response: Response) {
  expect(response.status).toBe(422);
  return (await response.json<any>()).errors.map((e: any) => e.field);
}

const emailStep = (subject: string, body = "Hello") => [
  { id: "popup_1h", channel: "popup", delay_seconds: 60 },
  { id: "email_2h", channel: "email", delay_seconds: 120, subject, body },
];

describe("control characters (issue 9.8)", () => {
  it("settings refuse them in one-line fields, naming the field, and change nothing", async () => {
    const store = await createStore();
    const before = await json(request("/api/v1/store/settings", { key: store.secret_key }));
    const cases: [Record<string, unknown>, string][] = [
      [{ from_name: "Shop\r\nBcc: victim@example.com" }, "from_name"],
      [{ from_name: "Shop\u0000" }, "from_name"],
      [{ name: "Shop\nName" }, "name"],
      [{ steps: emailStep("Hi\r\nX-Injected: 1") }, "steps.1.subject"],
      [{ steps: emailStep("Hi", "Body\u001b[31m") }, "steps.1.body"],
      [{ popup: { title: "Back\u0085soon" } }, "popup.title"],
      [{ popup: { cta: "Buy\tnow" } }, "popup.cta"],
      [{ popup: { dismiss_label: "No\r" } }, "popup.dismiss_label"],
      [{ klaviyo: { api_key: "pk_abc\r\nX-Evil: 1" } }, "klaviyo.api_key"],
      [{ address: "1 Main St\u0007" }, "address"],
    ];
    for (const [patch, field] of cases) {
      expect(await fieldsOf(await request("/api/v1/store/settings", { method: "PATCH", key: store.secret_key, json: patch }))).toEqual([field]);
    }
    expect(await json(request("/api/v1/store/settings", { key: store.secret_key }))).toEqual(before);

    // Bodies keep their line breaks.
    const body = "Line one\nLine two";
    const ok = await request("/api/v1/store/settings", {
      method: "PATCH",
      key: store.secret_key,
      json: { address: "1 Main St\nSpringfield", popup: { body }, steps: emailStep("Hi {{first_name}}", body) },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json<any>()).popup.body).toBe(body);
  });

  it("store creation refuses them in the name and sender name", async () => {
    const create = (overrides: Record<string, unknown>) =>
      request("/api/v1/stores", { method: "POST", key: ADMIN_TOKEN, json: { name: "Shop", domain: "cc.example.com", from_email: "a@example.com", ...overrides } });
    expect(await fieldsOf(await create({ name: "Shop\r\nX: 1" }))).toEqual(["name"]);
    expect(await fieldsOf(await create({ from_name: "Shop\nX: 1" }))).toEqual(["from_name"]);
  });

  it("a shopper's first name and item titles are stripped before they reach the subject and the cart", async () => {
    clock = useFakeClock();
    const items = [{ id: "a", title: "Mug\r\nX-Injected: 1", variant_title: "Blue\u0007", price: "9.00", quantity: 1 }];
    const { email, store, sequence } = await storeWithSentEmail(clock, { first_name: "Eve\r\nX-Injected: 1", items });
    expect(email.subject).toBe("Come back EveX-Injected: 1");
    expect(email.html).not.toMatch(/[\r\u0000]X-Injected/);
    const stored = await getSequence(store.secret_key, sequence.id);
    expect(stored.cart.items[0]).toMatchObject({ title: "MugX-Injected: 1", variant_title: "Blue" });
  });

  it("a Shopify checkout's names are stripped the same way", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout({
      customer: { id: 1, email: "buyer@example.com", first_name: "Bob\nBcc: x@example.com" },
      line_items: [{ key: "li-1", title: "Tee\u0085", price: "5.00", quantity: 1 }],
    });
    expect((await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout)).status).toBe(200);
    const list = await json(request("/api/v1/recovery/sequences", { key: store.secret_key }));
    expect(list.data[0].cart.items[0].title).toBe("Tee");
    expect(JSON.stringify(list.data[0].cart)).not.toMatch(/\\n|\\r|\\u0085/);
  });
});
