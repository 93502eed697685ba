// Runs on the machine's own Node (20) before node_modules exists, so: no dependencies here
// (util.parseEnv reads the dotenv format wrangler reads).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/** Every value of a repeatable flag: `--name a`, `--name=a`, and yargs' `--name a b` (values up to the next flag). */
function flagValues(args, name) {
  const values = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith(`${name}=`)) values.push(args[i].slice(name.length + 1));
    else if (args[i] === name) while (args[i + 1] !== undefined && !args[i + 1].startsWith("-")) values.push(args[++i]);
  }
  return values;
}

const readEnvFile = (path) => (existsSync(path) ? parseEnv(readFileSync(path, "utf8")) : undefined);

/**
 * The value `wrangler dev <args>` run in `dir` gives the Worker's variable `name`, in wrangler's
 * own order: a `--var NAME:value` (the last one wins); else, with `--env-file`s, those files (later
 * ones win); else `.dev.vars.<env>` or `.dev.vars`; else, when neither exists, `.env` and
 * `.env.local` (and their `.<env>` forms). wrangler.toml's `[vars]` hold no secrets here (it sets
 * only REVA_ENV), so they are not read. Undefined when nothing sets it: the Worker's default applies.
 * @param {string} name
 * @param {{ args?: string[], dir: string }} where
 * @returns {string | undefined}
 */
export function resolveDevVar(name, { args = [], dir }) {
  const fromCli = flagValues(args, "--var")
    .map((pair) => pair.split(":"))
    .filter(([key]) => key === name)
    .map(([, ...value]) => value.join(":"));
  if (fromCli.length > 0) return fromCli[fromCli.length - 1];

  const env = flagValues(args, "--env").at(-1) ?? flagValues(args, "-e").at(-1);
  const envFiles = flagValues(args, "--env-file");
  let files;
  if (envFiles.length > 0) files = envFiles.map((file) => readEnvFile(join(dir, file)));
  else {
    const devVars = (env && readEnvFile(join(dir, `.dev.vars.${env}`))) || readEnvFile(join(dir, ".dev.vars"));
    files = devVars ? [devVars] : [".env", ".env.local", ...(env ? [`.env.${env}`, `.env.${env}.local`] : [])].map((file) => readEnvFile(join(dir, file)));
  }
  return files.reduce((value, file) => file?.[name] ?? value, undefined);
}

/** The token `npm start` creates the demo store with: the one the Worker it starts will accept. */
export const DEV_ADMIN_TOKEN = "dev-admin-token";
export const resolveAdminToken = (/** @type {string[]} */ args, /** @type {string} */ dir) => resolveDevVar("ADMIN_TOKEN", { args, dir }) ?? DEV_ADMIN_TOKEN;
