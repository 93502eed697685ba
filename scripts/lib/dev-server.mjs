import { start } from "./toolchain.mjs";

export async function waitForHealth(origin, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer ${origin}/healthz within ${timeoutMs} ms`);
}

/**
 * Starts `wrangler dev` (local D1, Durable Objects, Queues) and resolves once /healthz answers.
 * Used by `npm start`, the browser tests and the benchmarks alike.
 */
export async function startDevServer({ port = 8787, persistTo, args = [], quiet = false, vars = {} } = {}) {
  const varArgs = Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const persist = persistTo ? ["--persist-to", persistTo] : [];
  const child = start(
    "wrangler",
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false", ...persist, ...varArgs, ...args],
    { stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit", detached: false },
  );
  const origin = `http://127.0.0.1:${port}`;
  const exited = new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`wrangler dev exited with ${code}`))));
  await Promise.race([waitForHealth(origin), exited]);
  return {
    origin,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
