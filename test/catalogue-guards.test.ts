import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("D1 refuses names the code's catalogues do not define", () => {
  it("rejects an unknown timeline event type and accepts a known one", async () => {
    const insert = (id: string, type: string) =>
      env.DB.prepare("INSERT INTO timeline_events (id, sequence_id, store_id, at, type, step, detail) VALUES (?, 'seq_x', 'store_x', '2026-11-26T00:00:00Z', ?, NULL, '')")
        .bind(id, type)
        .run();
    await expect(insert("e1", "email_teleported")).rejects.toThrow(/unknown timeline event type/);
    await insert("e2", "email_sent");
    const rows = await env.DB.prepare("SELECT id FROM timeline_events WHERE store_id = 'store_x'").all();
    expect(rows.results.map((row) => row.id)).toEqual(["e2"]);
  });

  it("rejects an unknown email status on insert and on update", async () => {
    const insert = (id: string, step: string, status: string) =>
      env.DB.prepare("INSERT INTO emails (id, store_id, sequence_id, step_id, to_email, subject, html, text, status, created_at) VALUES (?, 'store_x', 'seq_x', ?, 'a@example.com', 's', 'h', 't', ?, '2026-11-26T00:00:00Z')")
        .bind(id, step, status)
        .run();
    await expect(insert("m1", "a", "lost_in_space")).rejects.toThrow(/unknown email status/);
    await insert("m2", "b", "sending");
    await expect(env.DB.prepare("UPDATE emails SET status = 'lost_in_space' WHERE id = 'm2'").run()).rejects.toThrow(/unknown email status/);
    const row = await env.DB.prepare("SELECT status FROM emails WHERE id = 'm2'").first<{ status: string }>();
    expect(row?.status).toBe("sending");
  });
});
