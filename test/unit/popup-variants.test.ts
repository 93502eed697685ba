import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignVariant, popupTestId, popupVariantsSchema, stableHash, variantFor, type PopupVariant } from "../../worker/domain/popup-variants";
import { popupOffer } from "../../worker/domain/widget";
import { defaultSettings } from "../../worker/domain/settings";
import { testCart } from "./fixtures";

/** cyrb53 of "", "a" (its published values) and one assignment key. */
const PINNED_HASHES = [3338908027751811, 7929297801672961, 253919964814487];

const A: PopupVariant = { id: "A", weight: 1 };
const B: PopupVariant = { id: "B", weight: 3, delay_seconds: 5, exit_intent: true, title: "Still thinking?", body: "10 % off today", cta: "Take it" };

describe("popupVariantsSchema", () => {
  it("takes up to 4 variants with unique ids and positive integer weights, naming the field it refuses", () => {
    expect(popupVariantsSchema.parse([A, B])).toEqual([A, B]);
    const issues = (value: unknown) => popupVariantsSchema.safeParse(value).error?.issues.map((i) => i.path.join("."));
    expect(issues([A, { ...B, id: "A" }])).toEqual(["1.id"]);
    expect(popupVariantsSchema.safeParse([A, { ...B, id: "A" }]).error?.issues[0]?.message).toBe('duplicate variant id "A"');
    expect(issues([A, { ...B, weight: 0 }])).toEqual(["1.weight"]);
    expect(issues([A, { ...B, weight: 1.5 }])).toEqual(["1.weight"]);
    expect(issues([{ ...A, id: "a b" }])).toEqual(["0.id"]);
    expect(issues([{ ...A, title: "two\nlines" }])).toEqual(["0.title"]);
    expect(issues([{ ...A, colour: "red" }])).toEqual(["0"]);
    expect(issues(["A", "B", "C", "D", "E"].map((id) => ({ id, weight: 1 })))).toEqual([""]);
  });
});

describe("stableHash", () => {
  it("never changes across releases: a visitor's variant depends on it", () => {
    expect([stableHash(""), stableHash("a"), stableHash("store_1\u0000t1\u0000v_1")]).toEqual(PINNED_HASHES);
  });
});

describe("popupTestId", () => {
  it("is null without variants and changes with any edit of the definition", () => {
    expect(popupTestId([])).toBeNull();
    const id = popupTestId([A, B]);
    expect(id).toBe(popupTestId([{ ...A }, { ...B }]));
    expect(popupTestId([A, { ...B, weight: 2 }])).not.toBe(id);
    for (const edit of [{ title: "Other" }, { body: "Other" }, { cta: "Other" }, { delay_seconds: 6 }, { exit_intent: false }, { id: "C" }]) {
      expect(popupTestId([A, { ...B, ...edit }])).not.toBe(id);
    }
    expect(popupTestId([B, A])).not.toBe(id);
  });
});

describe("assignVariant", () => {
  const variantsArb = fc
    .uniqueArray(fc.record({ id: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), weight: fc.integer({ min: 1, max: 100 }) }), { minLength: 1, maxLength: 4, selector: (v) => v.id })
    .map((variants) => variants as PopupVariant[]);

  it("gives a visitor the same variant every time, and one of the test's", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), variantsArb, (store, visitor, variants) => {
        const test = popupTestId(variants)!;
        const first = assignVariant(store, test, visitor, variants);
        expect(variants).toContain(first);
        expect(assignVariant(store, test, visitor, structuredClone(variants))?.id).toBe(first?.id);
      }),
    );
  });

  it("splits many visitors by weight, within 3 percentage points (6 standard deviations at 10 000 visitors)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), variantsArb, (store, variants) => {
        const test = popupTestId(variants)!;
        const visitors = 10_000;
        const counts = new Map<string, number>();
        for (let i = 0; i < visitors; i++) {
          const id = assignVariant(store, test, `v_${i}`, variants)!.id;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        const total = variants.reduce((sum, v) => sum + v.weight, 0);
        for (const v of variants) expect(Math.abs((counts.get(v.id) ?? 0) / visitors - v.weight / total)).toBeLessThan(0.03);
      }),
      { numRuns: 40 },
    );
  });

  it("assigns afresh when the test changes, and per store", () => {
    const variants = [{ id: "A", weight: 1 }, { id: "B", weight: 1 }];
    const ids = (store: string, test: string) => Array.from({ length: 200 }, (_, i) => assignVariant(store, test, `v_${i}`, variants)!.id).join("");
    expect(ids("s1", "t1")).not.toBe(ids("s1", "t2"));
    expect(ids("s1", "t1")).not.toBe(ids("s2", "t1"));
  });
});

describe("popupOffer with a variant", () => {
  it("takes the variant's timing and copy where it sets them, the base popup's elsewhere, and names the variant", () => {
    const { popup } = defaultSettings({ name: "Acme", from_email: "hi@acme.example.com", domain: "acme.example.com" });
    const base = { ...popup, variants: [A, B] };
    const offer = popupOffer("seq_1", testCart(), base, { id: "C", weight: 1, title: "Only the title" });
    expect(offer).toMatchObject({ variant: "C", delay_seconds: 30, exit_intent: false, copy: { title: "Only the title", body: popup.body, cta: popup.cta, dismiss_label: popup.dismiss_label } });
    expect(popupOffer("seq_1", testCart(), base, B)).toMatchObject({ variant: "B", delay_seconds: 5, exit_intent: true, copy: { title: "Still thinking?", body: "10 % off today", cta: "Take it" } });
    expect(popupOffer("seq_1", testCart(), base)).not.toHaveProperty("variant");
  });

  it("variantFor: none without a test, else the visitor's assignment in the current test", () => {
    expect(variantFor("s", "v", [])).toBeNull();
    const found = variantFor("s", "v", [A, B]);
    expect(found).toMatchObject({ test: popupTestId([A, B]) });
    expect(found?.id).toBe(assignVariant("s", popupTestId([A, B])!, "v", [A, B])?.id);
  });
});
