// The OpenAPI document as a checked product: docs/openapi.json (what the Worker serves),
// its lint (redocly, configured by redocly.yaml) and the dashboard's generated API types.
// Shared by `npm run openapi` (scripts/openapi.mjs) and the checks in test/checks/, so the
// file the script writes is byte for byte what the checks expect.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { root } from "./toolchain.mjs";

export const OPENAPI_DOCUMENT = join(root, "docs", "openapi.json");
export const API_TYPES = join(root, "dashboard", "src", "api-types.gen.ts");
export const REDOCLY_CONFIG = join(root, "redocly.yaml");
const REDOCLY_CLI = join(root, "node_modules", "@redocly", "cli", "bin", "cli.js");

const API_TYPES_HEADER = `/**
 * Generated from docs/openapi.json by openapi-typescript: do not edit.
 * Run \`npm run openapi\` after changing the API; dashboard/src/types.ts names the shapes.
 */

`;

export const readOpenApiDocument = () => JSON.parse(readFileSync(OPENAPI_DOCUMENT, "utf8"));

export const readApiTypes = () => readFileSync(API_TYPES, "utf8");

/** The TypeScript source of dashboard/src/api-types.gen.ts for an OpenAPI document (an object). */
export async function generateApiTypes(document = readOpenApiDocument()) {
  const ast = await openapiTS(document, { silent: true });
  return API_TYPES_HEADER + astToString(ast);
}

export async function writeApiTypes() {
  writeFileSync(API_TYPES, await generateApiTypes());
  return API_TYPES;
}

/**
 * Lints docs/openapi.json — or, given a document object, a temporary copy of it — with the
 * repository's redocly.yaml (and a .redocly.lint-ignore.yaml beside it, which applies to
 * docs/openapi.json only) through the Redocly CLI, run by this very Node (it needs Node 22 or
 * 20.19+). Returns the totals and one entry per problem: rule, severity, JSON pointer, message.
 */
export function lintOpenApi(document) {
  if (document === undefined) return runRedoclyLint(OPENAPI_DOCUMENT);
  const dir = mkdtempSync(join(tmpdir(), "reva-openapi-lint-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    return runRedoclyLint(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runRedoclyLint(file) {
  const result = spawnSync(process.execPath, [REDOCLY_CLI, "lint", file, "--config", REDOCLY_CONFIG, "--format", "json"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    maxBuffer: 64 * 1024 * 1024,
  });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new Error(`redocly lint gave no JSON report (exit ${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
  const problems = report.problems
    .filter((problem) => !problem.ignored)
    .map((problem) => ({
      rule: problem.ruleId,
      severity: problem.severity,
      pointer: problem.location?.[0]?.pointer ?? "#",
      message: problem.message,
    }));
  return { totals: report.totals, problems };
}

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** "#/paths/~1api~1v1~1outbox/get/operationId" → "GET /api/v1/outbox"; other pointers as they are. */
export function describePointer(pointer) {
  const [, section, path, method] = pointer.replace(/^#/, "").split("/");
  if (section !== "paths" || path === undefined) return pointer;
  const decoded = path.replaceAll("~1", "/").replaceAll("~0", "~");
  return method && METHODS.has(method) ? `${method.toUpperCase()} ${decoded}` : decoded;
}

/** One line per problem, for a failing check or the script's summary. */
export const formatLintProblems = (problems) =>
  problems
    .map(({ rule, severity, pointer, message }) => `${severity} ${rule} — ${describePointer(pointer)} (${pointer}): ${message}`)
    .join("\n");
