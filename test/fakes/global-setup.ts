import type { TestProject } from "vitest/node";
import { startFakeGa4 } from "./ga4-server.mjs";
import { startFakeKlaviyo } from "./klaviyo-server.mjs";
import { startFakeResend } from "./resend-server.mjs";

export const FAKE_RESEND_KEY = "re_test_4f9c2d7b1a";

declare module "vitest" {
  export interface ProvidedContext {
    resendUrl: string;
    klaviyoUrl: string;
    ga4Url: string;
    /**
     * The chaos suites' size and seed: `bounded` in `npm test`, `large` under `npm run test:chaos`
     * (the race suite's 1,000 carts); CHAOS_SEED replays a run.
     */
    chaos: { scale: "bounded" | "large"; carts: number; seed: number };
  }
}

/** One fake of each provider for the Workers tests; each test reads back only its own store's calls. */
export default async function setup(project: TestProject) {
  const resend = await startFakeResend({ apiKey: FAKE_RESEND_KEY, requestsPerSecond: 50 });
  const klaviyo = await startFakeKlaviyo();
  const ga4 = await startFakeGa4();
  project.provide("resendUrl", resend.url);
  project.provide("klaviyoUrl", klaviyo.url);
  project.provide("ga4Url", ga4.url);
  const large = process.env.CHAOS_SCALE === "large";
  project.provide("chaos", {
    scale: large ? "large" : "bounded",
    carts: Number(process.env.CHAOS_CARTS ?? (large ? 1000 : 80)),
    seed: Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31)),
  });
  return async () => {
    await Promise.all([resend.close(), klaviyo.close(), ga4.close()]);
  };
}
