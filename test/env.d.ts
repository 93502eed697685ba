import type { D1Migration } from "cloudflare:test";
import type { Env } from "../worker/config";

declare global {
  namespace Cloudflare {
    interface Env extends import("../worker/config").Env {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
export type { Env, D1Migration };
