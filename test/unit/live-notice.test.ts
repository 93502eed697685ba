import { describe, expect, it } from "vitest";
import { liveNotices } from "../../worker/domain/live-notice";

describe("liveNotices", () => {
  it("gives one notice per kind of change in a commit, at its latest event, in timeline order", () => {
    const events = [
      { type: "email_sent", at: "2026-01-01T00:00:01.000Z" },
      { type: "email_delivered", at: "2026-01-01T00:00:02.000Z" },
      { type: "email_opened", at: "2026-01-01T00:00:03.000Z" },
      { type: "sequence_stopped", at: "2026-01-01T00:00:04.000Z" },
      { type: "steps_rescheduled", at: "2026-01-01T00:00:05.000Z" },
    ] as const;
    expect(liveNotices("seq_1", events)).toEqual([
      { type: "step_sent", sequence_id: "seq_1", at: "2026-01-01T00:00:01.000Z" },
      { type: "delivery", sequence_id: "seq_1", at: "2026-01-01T00:00:03.000Z" },
      { type: "stopped", sequence_id: "seq_1", at: "2026-01-01T00:00:04.000Z" },
      { type: "sequence_updated", sequence_id: "seq_1", at: "2026-01-01T00:00:05.000Z" },
    ]);
  });

  it("says nothing when a commit projects no event", () => {
    expect(liveNotices("seq_1", [])).toEqual([]);
  });
});
