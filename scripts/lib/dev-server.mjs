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

/** The flags this script sets by default; one the caller passes after `--` replaces ours (wrangler refuses a flag given twice). */
const OWN_FLAGS = ["--port", "--ip", "--persist-to", "--show-interactive-dev-session"];

/** `--name value` or `--name=value` at `args[i]`: the flag's name, its value, and how many args it spans. */
function readFlag(args, i) {
  const arg = args[i];
  const eq = arg.indexOf("=");
  if (eq !== -1) return { name: arg.slice(0, eq), value: arg.slice(eq + 1), span: 1 };
  const next = args[i + 1];
  const takesValue = arg === "--show-interactive-dev-session" ? next === "true" || next === "false" : next !== undefined && !next.startsWith("-");
  return { name: arg, value: takesValue ? next : "true", span: takesValue ? 2 : 1 };
}

/**
 * The argv of `wrangler dev`: our defaults, then the caller's arguments (SPEC §2: what follows
 * `--` reaches `wrangler dev`). A caller's `--port`, `--ip`, `--persist-to` replace ours instead of
 * repeating them; `--var`s are simply appended, and wrangler lets the last one of a name win.
 * Pure, so it is unit tested (test/checks/dev-server.test.ts). Also answers where the server will
 * listen, so its health can be checked and its URLs printed.
 * @param {{ port?: number, persistTo?: string, args?: string[], vars?: Record<string, string> }} [options]
 */
export function wranglerDevArgs({ port = 8787, persistTo, args = [], vars = {} } = {}) {
  /** @type {Map<string, string>} */
  const given = new Map();
  /** @type {string[]} */
  const rest = [];
  for (let i = 0; i < args.length; ) {
    const flag = args[i].startsWith("--") ? readFlag(args, i) : null;
    if (flag && OWN_FLAGS.includes(flag.name)) {
      given.set(flag.name, flag.value);
      i += flag.span;
    } else {
      rest.push(args[i]);
      i += 1;
    }
  }
  const chosen = {
    "--port": given.get("--port") ?? String(port),
    "--ip": given.get("--ip") ?? "127.0.0.1",
    "--persist-to": given.get("--persist-to") ?? persistTo,
    "--show-interactive-dev-session": given.get("--show-interactive-dev-session") ?? "false",
  };
  const own = OWN_FLAGS.flatMap((name) => (chosen[name] === undefined ? [] : name === "--show-interactive-dev-session" ? [`${name}=${chosen[name]}`] : [name, chosen[name]]));
  const varArgs = Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const ip = chosen["--ip"];
  // A wildcard address listens on loopback too; any other address is where the server is found.
  const host = ip === "0.0.0.0" || ip === "::" || ip === "*" ? "127.0.0.1" : ip.includes(":") ? `[${ip}]` : ip;
  return {
    argv: ["dev", ...own, ...varArgs, ...rest],
    port: Number(chosen["--port"]),
    persistTo: chosen["--persist-to"],
    origin: `http://${host}:${chosen["--port"]}`,
  };
}

/**
 * Starts `wrangler dev` (local D1, Durable Objects, Queues) and resolves once /healthz answers.
 * Used by `npm start`, the browser tests and the benchmarks alike.
 * @param {{ port?: number, persistTo?: string, args?: string[], quiet?: boolean, vars?: Record<string, string> }} [options]
 */
export async function startDevServer({ port = 8787, persistTo, args = [], quiet = false, vars = {} } = {}) {
  const plan = wranglerDevArgs({ port, persistTo, args, vars });
  const child = start("wrangler", plan.argv, { stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit", detached: false });
  const exited = new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`wrangler dev exited with ${code}`))));
  await Promise.race([waitForHealth(plan.origin), exited]);
  return {
    origin: plan.origin,
    port: plan.port,
    persistTo: plan.persistTo,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
