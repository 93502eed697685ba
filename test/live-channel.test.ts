import { describe, expect, it } from "vitest";
import { createFastStore, json, postCart, request } from "./helpers/api";

/** SPEC §5: the dashboard hears of a change within 2 s. */
const NOTICE_WITHIN_MS = 2_000;

type Notice = { type: string; sequence_id: string; at: string };

/** Reads `change` events off an SSE stream, in order. */
function liveReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const pending: Notice[] = [];

  async function fill(): Promise<void> {
    const { value, done } = await reader.read();
    if (done) throw new Error("the live stream ended");
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").find((line) => line.startsWith("data: "));
      if (block.includes("event: change") && data) pending.push(JSON.parse(data.slice(6)));
    }
  }

  /** The next notice, or a failure once the SPEC's 2 s have passed without one. */
  async function next(): Promise<Notice> {
    const deadline = Date.now() + NOTICE_WITHIN_MS;
    while (pending.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no notice within 2 s");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("no notice within 2 s")), left)));
      await Promise.race([fill(), timeout]).finally(() => clearTimeout(timer));
    }
    return pending.shift()!;
  }

  return { next, close: () => reader.cancel() };
}

async function openLive(key: string) {
  const response = await request("/api/v1/live", { key });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  return liveReader(response);
}

describe("live channel (GET /api/v1/live)", () => {
  it("tells the store's open dashboard of a stop made through the API, and nothing of another store's changes", async () => {
    const mine = await createFastStore();
    const other = await createFastStore();
    const live = await openLive(mine.secret_key);
    const otherLive = await openLive(other.secret_key);
    try {
      const { sequence } = await postCart(mine.secret_key);
      expect(await live.next()).toMatchObject({ type: "sequence_started", sequence_id: sequence.id });

      const stopped = await request(`/api/v1/recovery/sequences/${sequence.id}/stop`, { method: "POST", key: mine.secret_key, json: { reason: "merchant" } });
      expect(stopped.status).toBe(200);
      const notice = await live.next();
      expect(notice).toMatchObject({ type: "stopped", sequence_id: sequence.id });
      expect(Number.isNaN(Date.parse(notice.at))).toBe(false);

      // Notices arrive in order, so if any of the first store's had leaked to the other store's
      // stream, it would come before this one.
      const { sequence: theirs } = await postCart(other.secret_key);
      expect(await otherLive.next()).toMatchObject({ type: "sequence_started", sequence_id: theirs.id });
    } finally {
      await live.close();
      await otherLive.close();
    }
  });

  it("is refused without a merchant credential", async () => {
    const anonymous = await request("/api/v1/live");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
    const publishable = await createFastStore();
    const withPk = await request("/api/v1/live", { key: publishable.publishable_key });
    expect(withPk.status).toBe(401);
    await json(withPk);
  });
});
