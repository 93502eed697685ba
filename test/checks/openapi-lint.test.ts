import { describe, expect, it } from "vitest";
import { formatLintProblems, lintOpenApi, readOpenApiDocument } from "../../scripts/lib/openapi-tools.mjs";

type LintProblem = { rule: string; severity: string; pointer: string; message: string };
const lint = (document?: unknown): LintProblem[] => lintOpenApi(document).problems;

// docs/openapi.json is linted by Redocly with redocly.yaml (the `recommended` ruleset); the
// document itself comes from the Worker's zod schemas (fix problems there, then `npm run openapi`).
describe("redocly lint of docs/openapi.json", () => {
  it("finds no errors and no warnings", () => {
    const problems = lint();
    // One line per problem: severity, rule, operation, JSON pointer, message.
    expect(formatLintProblems(problems).split("\n").filter(Boolean), `redocly lint found ${problems.length} problems`).toEqual([]);
  });

  it("reports an operation whose operationId is removed (the check can fail)", () => {
    const pointer = "#/paths/~1api~1v1~1recovery~1sequences/get/operationId";
    const missingOperationId = (problems: LintProblem[]) =>
      problems.some((problem) => problem.rule === "operation-operationId" && problem.pointer === pointer);

    const named = readOpenApiDocument();
    named.paths["/api/v1/recovery/sequences"].get.operationId = "lintProbeListSequences";
    expect(missingOperationId(lint(named))).toBe(false);

    const unnamed = readOpenApiDocument();
    delete unnamed.paths["/api/v1/recovery/sequences"].get.operationId;
    const problems = lint(unnamed);
    expect(missingOperationId(problems)).toBe(true);
    expect(formatLintProblems(problems)).toContain("operation-operationId — GET /api/v1/recovery/sequences (");
  });
});
