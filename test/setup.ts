import { applyD1Migrations, env } from "cloudflare:test";

// Every shard gets every migration (D1_SHARDS in wrangler.toml: DB is also the directory).
await Promise.all([applyD1Migrations(env.DB, env.TEST_MIGRATIONS), applyD1Migrations(env.DB_SHARD_2, env.TEST_MIGRATIONS)]);
