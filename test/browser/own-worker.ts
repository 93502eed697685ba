import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { applyLocalMigrations } from "../../scripts/lib/toolchain.mjs";

/**
 * A `wrangler dev` of a test file's own (apart from the shared one of global-setup.ts), on a free
 * port and throwaway local state, for tests that need other variables or must stop the Worker.
 * `restart` starts it again on the same port and state, as after a deploy or a crash.
 */
export type OwnWorker = {
  origin: string;
  stop: () => Promise<void>;
  restart: () => Promise<void>;
  /** Stops the Worker if it runs and deletes its state. */
  dispose: () => Promise<void>;
};

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startOwnWorker(name: string, vars: Record<string, string> = {}): Promise<OwnWorker> {
  const persistTo = mkdtempSync(join(tmpdir(), `reva-${name}-`));
  applyLocalMigrations(persistTo);
  const port = await freePort();
  const launch = () => startDevServer({ port, persistTo, quiet: true, vars: { REVA_ENV: "development", ...vars } });
  let server: Awaited<ReturnType<typeof launch>> | null = await launch();
  const stop = async () => {
    await server?.stop();
    server = null;
  };
  return {
    origin: server.origin,
    stop,
    restart: async () => {
      await stop();
      server = await launch();
    },
    dispose: async () => {
      await stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

let storeCounter = 0;

/** A new store made through the admin API (the development admin token), with its keys. */
export async function createStore(origin: string, name: string): Promise<{ id: string; secret_key: string; publishable_key: string }> {
  storeCounter += 1;
  const response = await fetch(`${origin}/api/v1/stores`, {
    method: "POST",
    headers: { authorization: "Bearer dev-admin-token", "content-type": "application/json" },
    body: JSON.stringify({ name: `${name} ${storeCounter}`, domain: `${name.toLowerCase().replace(/\W+/g, "-")}${storeCounter}-${Date.now()}.example.com`, from_email: "hello@example.com" }),
  });
  if (response.status !== 201) throw new Error(`store: ${response.status} ${await response.text()}`);
  return response.json();
}
