import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, createStore, json, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { sentTo } from "./helpers/resend";
import { getSequence, runAlarm } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const add = (key: string, body: unknown) => request("/api/v1/suppressions", { method: "POST", key, json: body });
const list = async (key: string, q?: string) => (await json(request(`/api/v1/suppressions${q === undefined ? "" : `?q=${encodeURIComponent(q)}`}`, { key }))).data;

describe("adding a suppression by hand", () => {
  it("refuses an invalid address with 422 naming email, and stores nothing", async () => {
    const store = await createStore();
    for (const body of [{ email: "not-an-address" }, {}, { email: "a@example.com", reason: "bounced" }]) {
      const response = await add(store.secret_key, body);
      expect(response.status).toBe(422);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      const problem = await response.json<{ errors: { field: string }[] }>();
      expect(problem.errors.map((e) => e.field)).toContain("email" in body && body.email === "a@example.com" ? "reason" : "email");
    }
    expect(await list(store.secret_key)).toEqual([]);
  });

  it("is idempotent: the first date stays, the address is lower-cased, and another store never sees it", async () => {
    const [store, other] = [await createStore(), await createStore()];
    const first = await add(store.secret_key, { email: "Hand.Added@Example.com", reason: "manual" });
    expect(first.status).toBe(201);
    const created = await first.json<any>();
    expect(created).toEqual({ email: "hand.added@example.com", reason: "manual", source: "dashboard", created_at: expect.any(String) });
    const again = await add(store.secret_key, { email: "hand.added@example.com" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(created);
    expect(await list(store.secret_key)).toEqual([created]);
    const rows = await env.DB.prepare("SELECT store_id FROM suppressions WHERE email = ?").bind("hand.added@example.com").all();
    expect(rows.results).toEqual([{ store_id: store.id }]);
    expect(await list(other.secret_key)).toEqual([]);
  });

  it("stops the address's live sequence like an unsubscribe: no email is sent afterwards", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { email: "stopme@example.com", updated_at: new Date(clock.start).toISOString() });
    expect((await getSequence(store.secret_key, sequence.id)).status).toBe("active");
    expect((await add(store.secret_key, { email: "STOPME@example.com" })).status).toBe(201);
    const stopped = await getSequence(store.secret_key, sequence.id);
    expect(stopped.status).toBe("stopped");
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    expect((await sentTo(store.id)).emails).toHaveLength(0);
  });
});

describe("searching suppressions", () => {
  it("?q= keeps the addresses containing it, case-insensitively, and CSV names the source", async () => {
    const store = await createStore();
    for (const email of ["alice@gmail.com", "bob@example.com", "carol@gmail.com"]) await add(store.secret_key, { email });
    expect((await list(store.secret_key, "GMAIL")).map((r: any) => r.email)).toEqual(["alice@gmail.com", "carol@gmail.com"]);
    expect((await list(store.secret_key, "bob@")).map((r: any) => r.email)).toEqual(["bob@example.com"]);
    expect(await list(store.secret_key, "nobody")).toEqual([]);
    const csv = await (await request("/api/v1/suppressions?format=csv&q=bob", { key: store.secret_key })).text();
    expect(csv.trim().split("\r\n")).toEqual(["email,reason,created_at,source", expect.stringMatching(/^bob@example\.com,manual,.+,dashboard$/)]);
  });
});
