import type { TestProject } from "vitest/node";
import { startFakeResend } from "./resend-server.mjs";

export const FAKE_RESEND_KEY = "re_test_4f9c2d7b1a";

declare module "vitest" {
  export interface ProvidedContext {
    resendUrl: string;
  }
}

/** One fake Resend for the Workers tests; each test reads back only its own store's emails. */
export default async function setup(project: TestProject) {
  const fake = await startFakeResend({ apiKey: FAKE_RESEND_KEY, requestsPerSecond: 50 });
  project.provide("resendUrl", fake.url);
  return () => fake.close();
}
