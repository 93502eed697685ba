const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Prefixed, time-ordered ids (ULID layout: 10 time chars + 16 random chars), so that a log
 * line says what an id is and `ORDER BY id` is creation order, which cursor pagination uses.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let rand = "";
  for (const byte of random) rand += CROCKFORD[byte % 32];
  return `${prefix}_${time}${rand}`;
}

/** Whether a value has the shape {@link newId} gives ids of `prefix`: how a pagination cursor from a caller is checked. */
export const isIdOf = (prefix: string, value: string) => new RegExp(`^${prefix}_[${CROCKFORD}]{26}$`).test(value);
