import { describe, expect, it } from "vitest";
import { createStore, json, postCart, request } from "./helpers/api";

describe("tenant isolation", () => {
  it("store B can neither see, read, stop nor count store A's sequences", async () => {
    const a = await createStore();
    const b = await createStore();
    const { sequence } = await postCart(a.secret_key);

    const listB = await json(request("/api/v1/recovery/sequences", { key: b.secret_key }));
    expect(listB.data).toEqual([]);
    expect((await request(`/api/v1/recovery/sequences/${sequence.id}`, { key: b.secret_key })).status).toBe(404);
    for (const action of ["stop", "pause", "resume"]) {
      const response = await request(`/api/v1/recovery/sequences/${sequence.id}/${action}`, { method: "POST", key: b.secret_key, json: { reason: "hostile" } });
      expect(response.status).toBe(404);
    }
    const analyticsB = await json(request("/api/v1/recovery/analytics", { key: b.secret_key }));
    expect(analyticsB.total_sequences).toBe(0);
    expect(analyticsB.active_sequences).toBe(0);

    const stillActive = await json(request(`/api/v1/recovery/sequences/${sequence.id}`, { key: a.secret_key }));
    expect(stillActive.status).toBe("active");
    const analyticsA = await json(request("/api/v1/recovery/analytics", { key: a.secret_key }));
    expect(analyticsA.total_sequences).toBe(1);
  });

  it("keeps the same cart token of two stores apart", async () => {
    const a = await createStore();
    const b = await createStore();
    const { sequence: seqA } = await postCart(a.secret_key, { cart_token: "shared-token" });
    const { sequence: seqB } = await postCart(b.secret_key, { cart_token: "shared-token" });
    expect(seqA.id).not.toBe(seqB.id);
    await request(`/api/v1/recovery/sequences/${seqA.id}/stop`, { method: "POST", key: a.secret_key, json: { reason: "x" } });
    expect((await json(request(`/api/v1/recovery/sequences/${seqB.id}`, { key: b.secret_key }))).status).toBe("active");
  });
});
