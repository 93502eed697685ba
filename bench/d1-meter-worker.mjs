// The Worker as `npm run bench` runs it for the D1 rows-written and bytes-stored rows: the app's own
// entry, unchanged (`export *` keeps every Durable Object class), with every D1 answer metered.
// D1 reports `meta.rows_written` (index and trigger writes included, what D1 bills) and
// `meta.size_after` (the database's size) on every statement, but the binding hands them back only
// from `run()`, `all()` and `batch()`, not from `first()` or `raw()` (drizzle's `.get()` and
// `.returning()`). Every one of those methods, of every D1 binding, goes through one internal
// method of the binding's session class, so wrapping that method once per isolate sees them all.
// Bench only: nothing under worker/ knows about it, and `wrangler dev` runs it only when the
// benchmark names it as the script.
import app from "../worker/index.ts";

export * from "../worker/index.ts";

const totals = { statements: 0, rowsWritten: 0, rowsRead: 0, byBinding: {} };
/** Which binding a session's fetcher belongs to, so a sharded layout is reported per database. */
const bindingOf = new WeakMap();
let metered = false;

function record(binding, results) {
  const per = (totals.byBinding[binding] ??= { statements: 0, rowsWritten: 0, rowsRead: 0, sizeAfter: null });
  for (const result of Array.isArray(results) ? results : [results]) {
    const meta = result?.meta ?? {};
    const written = Number(meta.rows_written ?? 0);
    const read = Number(meta.rows_read ?? 0);
    totals.statements += 1;
    totals.rowsWritten += written;
    totals.rowsRead += read;
    per.statements += 1;
    per.rowsWritten += written;
    per.rowsRead += read;
    if (Number.isFinite(Number(meta.size_after)) && meta.size_after !== undefined) per.sizeAfter = Number(meta.size_after);
  }
}

/** D1 bindings of `env` (instances of the runtime's D1Database class), by name. */
function d1Bindings(env) {
  return Object.entries(env).filter(([, value]) => value !== null && typeof value === "object" && Object.getPrototypeOf(value)?.constructor?.name === "D1Database");
}

/** Wraps the session class's transport once per isolate; remembers each binding's fetcher by name. */
function meter(env) {
  const bindings = d1Bindings(env);
  for (const [name, db] of bindings) bindingOf.set(db.alwaysPrimarySession.fetcher, name);
  if (metered || bindings.length === 0) return;
  // D1DatabaseSessionAlwaysPrimary → D1DatabaseSession: the prototype every session shares.
  const session = Object.getPrototypeOf(Object.getPrototypeOf(bindings[0][1].alwaysPrimarySession));
  for (const method of ["_send", "_queryOrThrow"]) {
    const original = session[method];
    if (typeof original !== "function") continue;
    session[method] = async function metered(...args) {
      const results = await original.apply(this, args);
      record(bindingOf.get(this.fetcher) ?? "unknown", results);
      return results;
    };
  }
  if (typeof session._send !== "function") throw new Error("the D1 binding has no _send method to meter: the workerd version changed");
  metered = true;
}

export default {
  ...app,
  async fetch(request, env, ctx) {
    meter(env);
    if (new URL(request.url).pathname === "/__bench/d1") return Response.json({ ...totals, bindings: d1Bindings(env).map(([name]) => name) });
    return app.fetch(request, env, ctx);
  },
  async queue(batch, env, ctx) {
    meter(env);
    return app.queue(batch, env, ctx);
  },
};
