import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";

// Evaluated in the page (not @axe-core/playwright: it opens a helper tab Debian's Chromium refuses;
// not a script tag either: the pages' CSP rightly refuses inline scripts, DevTools evaluation is exempt).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The impacts that fail a page; minor and moderate findings are left to review. */
const FAILING_IMPACTS = new Set(["serious", "critical"]);

type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] };

/** One line per violation and element: rule id, impact, target selector (shadow DOM paths joined by " >>> "). */
export function describeViolations(violations: Violation[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map((node) => {
        const target = node.target.map((part) => (Array.isArray(part) ? part.join(" >>> ") : String(part))).join(", ");
        return `  [${violation.impact}] ${violation.id} (${violation.help}) at ${target}`;
      }),
    )
    .join("\n");
}

/**
 * Runs axe-core over the whole page (shadow roots included) and fails with a readable list of
 * every serious or critical violation. WCAG 2.1 A and AA rules plus axe's best practices.
 */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const results = await (window as any).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return results.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => ({ target: n.target })) }));
  })) as Violation[];
  const failing = violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ""));
  expect(failing.length, `${label}: serious or critical accessibility violations\n${describeViolations(failing)}`).toBe(0);
}
