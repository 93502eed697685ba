// `npm run openapi`: regenerates the checked-in OpenAPI products after an API change.
//   1. docs/openapi.json — the document the Worker serves at /api/v1/openapi.json, written by its
//      snapshot test (test/openapi.test.ts) run with --update in the Workers runtime;
//   2. dashboard/src/api-types.gen.ts — generated from it by openapi-typescript.
// Then prints what redocly lint (redocly.yaml) still finds; `npm test` fails on any of it.
import { relative } from "node:path";
import { formatLintProblems, lintOpenApi, OPENAPI_DOCUMENT, writeApiTypes } from "./lib/openapi-tools.mjs";
import { root, run } from "./lib/toolchain.mjs";

// The file filter comes first: `--update` takes an optional value and would swallow it.
run("vitest", ["run", "test/openapi.test.ts", "--project", "workers", "--update"]);
console.log(`Wrote ${relative(root, OPENAPI_DOCUMENT)}`);
console.log(`Wrote ${relative(root, await writeApiTypes())}`);

const { totals, problems } = lintOpenApi();
if (problems.length === 0) {
  console.log("redocly lint: no problems");
} else {
  console.log(`redocly lint: ${totals.errors} errors, ${totals.warnings} warnings\n${formatLintProblems(problems)}`);
}
