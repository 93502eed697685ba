import { describe, expect, it } from "vitest";
import { stepPlanSchema } from "../../worker/domain/steps";

const issues = (plan: unknown) => {
  const result = stepPlanSchema.safeParse(plan);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message, code: issue.code }));
};

describe("a step plan", () => {
  it("names each unknown placeholder of a subject or body, and accepts the known ones", () => {
    expect(issues([{ id: "e1", channel: "email", delay_seconds: 60, subject: "Hi {{first_name}}", body: "{{store_name}} {{cart_total}}" }])).toEqual([]);
    expect(issues([{ id: "e1", channel: "email", delay_seconds: 60, subject: "Hi {{coupon}} {{name}}", body: "{{ discount }}" }])).toEqual([
      { path: "0.subject", message: "unknown placeholder {{coupon}}", code: "custom" },
      { path: "0.subject", message: "unknown placeholder {{name}}", code: "custom" },
      { path: "0.body", message: "unknown placeholder {{discount}}", code: "custom" },
    ]);
  });

  it("refuses a step id used twice, at the second one", () => {
    const step = { channel: "email", delay_seconds: 60 };
    expect(issues([{ id: "a", ...step }, { id: "b", ...step }, { id: "a", ...step }])).toEqual([{ path: "2.id", message: 'duplicate step id "a"', code: "custom" }]);
  });
});
