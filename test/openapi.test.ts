import { describe, expect, it } from "vitest";
import { request } from "./helpers/api";

// The OpenAPI document is a checked product: docs/openapi.json is what the Worker serves, and
// dashboard/src/api-types.gen.ts is generated from it. Regenerate both with `npm run openapi`.
describe("the OpenAPI document", () => {
  it("matches docs/openapi.json (run npm run openapi when it changed)", async () => {
    const response = await request("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    const text = `${JSON.stringify(await response.json(), null, 2)}\n`;
    await expect(text, "docs/openapi.json is stale: run npm run openapi").toMatchFileSnapshot("../docs/openapi.json");
  });
});
