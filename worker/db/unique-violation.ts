/** D1 reports a UNIQUE or PRIMARY KEY conflict only in its message (also on the cause, through drizzle). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (/UNIQUE constraint failed|SQLITE_CONSTRAINT/.test(e.message)) return true;
  }
  return false;
}
