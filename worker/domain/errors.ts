/** Every error a caller can see. Code throws these; only the HTTP layer (http/problem) knows status codes. */
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "upstream_failed"
  | "not_configured"
  | "internal_error";

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** Too many requests for now: the answer says when to try again (`Retry-After`). */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message);
  }
}

export const notFound = (entity: string) => new AppError("not_found", `${entity} not found`);

export const invalidField = (field: string, message: string) =>
  new AppError("validation_failed", `${field}: ${message}`, [{ field, message }]);

type ZodIssueLike = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

/** zod issue paths such as ["items", 0, "price"] become "items.0.price"; an unknown key is named itself. */
export function fieldErrorsFromZod(issues: readonly ZodIssueLike[]): FieldError[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys" && issue.keys) {
      return issue.keys.map((key) => ({ field: [...path, key].join("."), message: "unknown key" }));
    }
    return [{ field: path.join(".") || "(body)", message: issue.message }];
  });
}

export function validationError(fieldErrors: FieldError[]): AppError {
  const detail = fieldErrors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return new AppError("validation_failed", detail, fieldErrors);
}
