import { describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config";
import { AppError } from "../../worker/domain/errors";

const env = (vars: Record<string, string>) => ({ ...vars }) as unknown as Env;

describe("readConfig", () => {
  it("refuses an invalid deployment as not configured (503), naming the variable", () => {
    const read = () => readConfig(env({ REVA_ENV: "staging", RESEND_BASE_URL: "not a url" }));
    expect(read).toThrow(AppError);
    expect(read).toThrow(/REVA_ENV: .*; RESEND_BASE_URL: /);
    try {
      read();
    } catch (error) {
      expect((error as AppError).code).toBe("not_configured");
    }
  });

  it("gives development its dev admin token and secrets key, and production neither", () => {
    expect(readConfig(env({ REVA_ENV: "development" }))).toMatchObject({ isProduction: false, adminToken: "dev-admin-token", secretsKey: expect.any(String) });
    expect(readConfig(env({}))).toMatchObject({ isProduction: true, adminToken: undefined, secretsKey: undefined });
  });

  it("reads the shard list (DB alone by default) and refuses new-store shards that are not among them", () => {
    expect(readConfig(env({}))).toMatchObject({ shards: ["DB"], newStoreShards: ["DB"] });
    expect(readConfig(env({ D1_SHARDS: "DB, DB_SHARD_2" }))).toMatchObject({ shards: ["DB", "DB_SHARD_2"], newStoreShards: ["DB", "DB_SHARD_2"] });
    expect(readConfig(env({ D1_SHARDS: "DB,DB_SHARD_2", D1_SHARDS_FOR_NEW_STORES: "DB_SHARD_2" }))).toMatchObject({ newStoreShards: ["DB_SHARD_2"] });
    expect(() => readConfig(env({ D1_SHARDS: "DB", D1_SHARDS_FOR_NEW_STORES: "DB_SHARD_9" }))).toThrow(/D1_SHARDS_FOR_NEW_STORES/);
    expect(() => readConfig(env({ D1_SHARDS: " , " }))).toThrow(/D1_SHARDS/);
  });
});
