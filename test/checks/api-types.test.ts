import { describe, expect, it } from "vitest";
import { generateApiTypes, readApiTypes } from "../../scripts/lib/openapi-tools.mjs";

// The dashboard's API types are generated from docs/openapi.json, never written by hand.
describe("dashboard/src/api-types.gen.ts", () => {
  it("is what openapi-typescript generates from docs/openapi.json (run npm run openapi when it changed)", async () => {
    const generated: string = await generateApiTypes();
    expect(readApiTypes(), "dashboard/src/api-types.gen.ts is stale: run npm run openapi").toBe(generated);
  });
});
