import { runDurableObjectAlarm } from "cloudflare:test";
import { expect } from "vitest";
import { json, request, sequenceStub } from "./api";

export async function getSequence(key: string, id: string) {
  return json(request(`/api/v1/recovery/sequences/${id}`, { key }));
}

export const stepStatus = (sequence: any, stepId: string) => sequence.steps.find((s: any) => s.id === stepId)?.status;

/** Runs the cart's alarm now (at the faked time). */
export function runAlarm(storeId: string, cartToken: string) {
  return runDurableObjectAlarm(sequenceStub(storeId, cartToken));
}

/**
 * Polls until `check` passes. Unlike vi.waitFor, it never advances the faked Date between polls,
 * which would move the cart's clock under the test.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await scheduler.wait(25);
    }
  }
}

/**
 * Waits until an email step carries a reason containing `reason`: the send consumer's claim
 * judges the shopper's history (suppression, frequency cap, daily limit), so a step the alarm
 * queued is skipped or deferred behind the queue.
 */
export async function waitForStepReason(key: string, sequenceId: string, stepId: string, reason: string) {
  return eventually(async () => {
    const sequence = await getSequence(key, sequenceId);
    expect(sequence.steps.find((s: any) => s.id === stepId)?.reason ?? "").toContain(reason);
    return sequence;
  });
}

/** Waits until the send queue's consumer has settled an email step. */
export async function waitForStep(key: string, sequenceId: string, stepId: string, status: string) {
  return eventually(async () => {
    const sequence = await getSequence(key, sequenceId);
    expect(stepStatus(sequence, stepId)).toBe(status);
    return sequence;
  });
}
