import { sql, type Column } from "drizzle-orm";

/**
 * `column IN (…)` through one JSON parameter. D1 caps a statement at 100 bound parameters, so a
 * list of 100 ids plus any other parameter would fail in production with one parameter per value
 * (local D1 does not enforce the cap, which is why test/d1-parameters.test.ts counts them).
 */
export const inJsonList = (column: Column, values: readonly string[]) => sql`${column} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(values)])}))`;
