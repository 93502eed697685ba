import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EMAIL_STATUSES, SUPPRESSION_REASONS, TIMELINE_EVENT_TYPES } from "../../worker/domain/catalogue";

const migrationsDir = join(import.meta.dirname, "../../migrations");

/** The names a trigger accepts, as its latest migration defines it: `WHEN NEW.<column> NOT IN (…)`. */
function acceptedBy(trigger: string): string[] {
  let latest: string | undefined;
  for (const file of readdirSync(migrationsDir).filter((name) => name.endsWith(".sql")).sort()) {
    const sql = readFileSync(join(migrationsDir, file), "utf8");
    const match = new RegExp(`CREATE TRIGGER ${trigger}\\b[\\s\\S]*?NOT IN \\(([^)]*)\\)`).exec(sql);
    if (match) latest = match[1];
  }
  if (latest === undefined) throw new Error(`no migration creates trigger ${trigger}`);
  return [...latest.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe("the catalogues in worker/domain/catalogue.ts are the ones D1 enforces", () => {
  it.each([
    ["timeline_event_type_known", TIMELINE_EVENT_TYPES],
    ["email_status_known_on_insert", EMAIL_STATUSES],
    ["email_status_known_on_update", EMAIL_STATUSES],
    ["suppression_reason_known", SUPPRESSION_REASONS],
  ])("%s accepts exactly the catalogue", (trigger, catalogue) => {
    expect(acceptedBy(trigger).sort()).toEqual([...catalogue].sort());
  });
});
