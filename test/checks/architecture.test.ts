import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const configFile = join(root, ".dependency-cruiser.cjs");

/** Cruises `<baseDir>/worker` with the repo's import rules; one line per violation, sorted. */
async function violations(baseDir: string, extra: ICruiseOptions = {}): Promise<string[]> {
  const options = await extractDepcruiseOptions(configFile);
  const tsConfigFile = join(baseDir, "tsconfig.json");
  const { output } = await cruise(
    ["worker"],
    { ...options, ...extra, baseDir, tsConfig: { fileName: tsConfigFile }, outputType: "json" },
    undefined,
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  const result: ICruiseResult = typeof output === "string" ? JSON.parse(output) : output;
  expect(result.summary.totalCruised, "nothing was cruised: wrong baseDir?").toBeGreaterThan(0);
  return result.summary.violations.map(describeViolation).sort();
}

function describeViolation(violation: IViolation): string {
  const to = violation.cycle?.length
    ? violation.cycle.map((step) => step.name).join(" → ")
    : violation.to;
  return `${violation.rule.name}: ${violation.from} → ${to}`;
}

describe("import rules (.dependency-cruiser.cjs)", () => {
  it("worker/ breaks none of them", async () => {
    const found = await violations(root);
    // One line per violation (rule: from → to); fix the import, never the rule.
    expect(found.length === 0, `${found.length} import-rule violations:\n  ${found.join("\n  ")}\n`).toBe(true);
  });

  describe("catch what they forbid (a small fixture cruised with the same config)", () => {
    const fixture = mkdtempSync(join(tmpdir(), "reva-architecture-"));
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));

    const files: Record<string, string> = {
      // Allowed: index imports anything, config imports domain, db imports domain,
      // durable imports cloudflare:workers, domain imports zod and hono/jsx.
      "worker/index.ts": [
        `import "./routes/page";`,
        `import "./durable/object";`,
        `import "./security/seal";`,
        `import "./domain/missing";`,
        `import "./config";`,
      ].join("\n"),
      "worker/config.ts": `import { rule } from "./domain/rules";\nexport const config = rule;`,
      "worker/durable/object.ts": `import { DurableObject } from "cloudflare:workers";\nexport class Seq extends DurableObject {}`,
      "worker/domain/email.tsx": `import type { FC } from "hono/jsx";\nexport const Email: FC = () => <p>hi</p>;`,
      // domain → db (forbidden), a type-only import of hono (forbidden in domain), zod (allowed).
      "worker/domain/rules.ts": [
        `import { z } from "zod";`,
        `import type { Context } from "hono";`,
        `import { table } from "../db/table";`,
        `export type C = Context;`,
        `export const rule = z.string().parse(table);`,
      ].join("\n"),
      // db → domain is allowed, but closes a cycle with domain/rules.ts (reported once).
      "worker/db/table.ts": `import { rule } from "../domain/rules";\nexport const table = String(rule);`,
      // domain → drizzle-orm (forbidden).
      "worker/domain/query.ts": `import { eq } from "drizzle-orm";\nexport const is = eq;`,
      // An import that resolves to nothing.
      "worker/domain/missing.ts": `export * from "./nowhere";`,
      // security → domain (forbidden); domain → cloudflare:workers (forbidden).
      "worker/security/seal.ts": `export { rule } from "../domain/rules";`,
      "worker/domain/runtime.ts": `import { env } from "cloudflare:workers";\nexport const e = env;`,
      // routes → test/ (forbidden twice: outside worker/, and not a layer routes may use).
      "worker/routes/page.ts": `import { helper } from "../../test/helper";\nimport "../domain/runtime";\nimport "../domain/email";\nexport const h = helper;`,
      "test/helper.ts": `export const helper = 1;`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(fixture, path)), { recursive: true });
      writeFileSync(join(fixture, path), text);
    }
    cpSync(join(root, "tsconfig.json"), join(fixture, "tsconfig.json"));
    cpSync(join(root, "package.json"), join(fixture, "package.json"));
    symlinkSync(join(root, "node_modules"), join(fixture, "node_modules"), "dir");

    it("reports exactly the forbidden arrows, and none of the allowed ones", async () => {
      // preserveSymlinks: npm modules resolve to node_modules/… in the fixture, as in the repo.
      const found = await violations(fixture, { preserveSymlinks: true });
      expect(found).toEqual(
        [
          "domain-imports-only-domain: worker/domain/rules.ts → worker/db/table.ts",
          "domain-not-to-platform: worker/domain/rules.ts → node_modules/hono/dist/types/index.d.ts",
          "domain-not-to-platform: worker/domain/runtime.ts → cloudflare:workers",
          "no-circular: worker/db/table.ts → worker/domain/rules.ts → worker/db/table.ts",
          "domain-not-to-platform: worker/domain/query.ts → node_modules/drizzle-orm/index.d.ts",
          "not-to-unresolvable: worker/domain/missing.ts → ./nowhere",
          "routes-imports-only-routes-http-services-domain-config: worker/routes/page.ts → test/helper.ts",
          "security-imports-only-security: worker/security/seal.ts → worker/domain/rules.ts",
          "worker-not-to-outside: worker/routes/page.ts → test/helper.ts",
        ].sort(),
      );
    });
  });
});
