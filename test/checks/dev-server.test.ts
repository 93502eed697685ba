import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDemoStore } from "../../scripts/lib/demo-store.mjs";
import { startDevServer, wranglerDevArgs } from "../../scripts/lib/dev-server.mjs";
import { resolveAdminToken, resolveDevVar } from "../../scripts/lib/dev-vars.mjs";
import { applyLocalMigrations } from "../../scripts/lib/toolchain.mjs";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "reva-dev-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** How often `flag` appears in an argv, in either spelling. */
const count = (argv: string[], flag: string) => argv.filter((arg) => arg === flag || arg.startsWith(`${flag}=`)).length;

describe("npm start's arguments for wrangler dev (SPEC §2: what follows -- reaches wrangler dev)", () => {
  it("lets a caller's --ip, --port and --persist-to replace the defaults instead of repeating them", () => {
    const plan = wranglerDevArgs({ port: 8787, persistTo: "/tmp/a", args: ["--ip", "0.0.0.0", "--port=8899", "--persist-to", "/tmp/b"] });
    for (const flag of ["--ip", "--port", "--persist-to", "--show-interactive-dev-session"]) expect(count(plan.argv, flag), flag).toBe(1);
    expect(plan.argv).toEqual(["dev", "--port", "8899", "--ip", "0.0.0.0", "--persist-to", "/tmp/b", "--show-interactive-dev-session=false"]);
    expect(plan).toMatchObject({ port: 8899, persistTo: "/tmp/b", origin: "http://127.0.0.1:8899" });
  });

  it("keeps the defaults and every other argument, vars after ours so the caller's win", () => {
    const plan = wranglerDevArgs({ port: 8800, vars: { REVA_ENV: "development" }, args: ["--var", "REVA_ENV:test", "--remote", "--log-level", "debug"] });
    expect(plan.argv).toEqual([
      "dev", "--port", "8800", "--ip", "127.0.0.1", "--show-interactive-dev-session=false",
      "--var", "REVA_ENV:development", "--var", "REVA_ENV:test", "--remote", "--log-level", "debug",
    ]);
    expect(plan.origin).toBe("http://127.0.0.1:8800");
  });

  it("checks health where the server listens", () => {
    expect(wranglerDevArgs({ args: ["--ip=192.168.1.5"] }).origin).toBe("http://192.168.1.5:8787");
    expect(wranglerDevArgs({ args: ["--ip", "::1"] }).origin).toBe("http://[::1]:8787");
    expect(wranglerDevArgs({ args: ["--ip", "::"] }).origin).toBe("http://127.0.0.1:8787");
  });
});

describe("the admin token npm start creates the demo store with", () => {
  it("is wrangler's: --var, else .dev.vars, else .env, else the Worker's dev default", () => {
    const dir = tempDir();
    expect(resolveAdminToken([], dir)).toBe("dev-admin-token");
    writeFileSync(join(dir, ".env"), "ADMIN_TOKEN=from-dotenv\n");
    expect(resolveAdminToken([], dir)).toBe("from-dotenv");
    writeFileSync(join(dir, ".dev.vars"), 'REVA_ENV=development\n# the operator\'s own\nADMIN_TOKEN="from dev vars:1"\n');
    expect(resolveAdminToken([], dir)).toBe("from dev vars:1");
    writeFileSync(join(dir, ".dev.vars.staging"), "ADMIN_TOKEN=staging-token\n");
    expect(resolveAdminToken(["--env", "staging"], dir)).toBe("staging-token");
    expect(resolveAdminToken(["--var", "ADMIN_TOKEN:cli:with:colons"], dir)).toBe("cli:with:colons");
    expect(resolveAdminToken(["--var=ADMIN_TOKEN:first", "--var", "OTHER:x", "ADMIN_TOKEN:last", "--port", "1"], dir)).toBe("last");
    writeFileSync(join(dir, "custom.env"), "ADMIN_TOKEN=from-env-file\n");
    expect(resolveDevVar("ADMIN_TOKEN", { args: ["--env-file", "custom.env"], dir })).toBe("from-env-file");
  });
});

describe("npm start's dev server", () => {
  it("starts with --ip 0.0.0.0 and a custom ADMIN_TOKEN, and creates the demo store with that token", async () => {
    const persistTo = tempDir();
    applyLocalMigrations(persistTo);
    const args = ["--ip", "0.0.0.0", "--var", "ADMIN_TOKEN:custom-admin-token", "--var", "REVA_ENV:development"];
    const port = 9400 + Math.floor(Math.random() * 400);
    const server = await startDevServer({ port, persistTo, args, quiet: true });
    try {
      const store = await ensureDemoStore(server.origin, { adminToken: resolveAdminToken(args, persistTo), persistTo });
      expect(store.secret_key).toMatch(/^sk_/);
      const builtIn = await fetch(`${server.origin}/api/v1/stores`, { method: "POST", headers: { authorization: "Bearer dev-admin-token" } });
      expect(builtIn.status).toBe(401);
    } finally {
      await server.stop();
    }
    // Migrating and starting wrangler dev take 30–80 s on a busy two-core machine.
  }, 240_000);
});
