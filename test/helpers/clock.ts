import { vi } from "vitest";

/**
 * The test and the Worker share one isolate, so faking Date here moves the Durable Object's
 * clock too. Only Date is faked: timers stay real so queue delivery and waitFor still work.
 * Tests start a day ahead of real time so the runtime's own alarms never fire under them.
 */
export function useFakeClock() {
  const start = Date.now() + 86_400_000;
  vi.useFakeTimers({ toFake: ["Date"], now: start });
  return {
    start,
    at(msAfterStart: number) {
      vi.setSystemTime(start + msAfterStart);
    },
    restore() {
      vi.useRealTimers();
    },
  };
}
