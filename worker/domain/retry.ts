const MAX_BACKOFF_S = 300;

/** Seconds before retry number `attempts` (1 = first retry): 5, 10, 20 … capped at 5 minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(5 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_S);

/** What a queue consumer does with one message: ack it, or retry it after a delay. */
export type MessageOutcome = { kind: "done" } | { kind: "retry"; delaySeconds: number };
