import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error a caller can see. Domain code throws these; only `problemResponse` knows HTTP. */
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "not_configured";

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

export const notFound = (entity: string) => new AppError("not_found", `${entity} not found`);

export const invalidField = (field: string, message: string) =>
  new AppError("validation_failed", `${field}: ${message}`, [{ field, message }]);

const statusByCode: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  not_configured: 503,
};

const titleByCode: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  validation_failed: "Validation failed",
  not_configured: "Not configured",
};

export function problemResponse(c: Context, error: AppError): Response {
  const status = statusByCode[error.code];
  const body = {
    type: `https://reva.dev/problems/${error.code}`,
    title: titleByCode[error.code],
    status,
    detail: error.message,
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { "content-type": "application/problem+json" });
}

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
