import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { RateLimitedError, type AppError, type ErrorCode } from "../domain/errors";

const statusByCode: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  validation_failed: 422,
  internal_error: 500,
  upstream_failed: 502,
  not_configured: 503,
};

const titleByCode: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  rate_limited: "Too many requests",
  validation_failed: "Validation failed",
  internal_error: "Internal error",
  upstream_failed: "Upstream service failed",
  not_configured: "Not configured",
};

/** The one way any error leaves the Worker: RFC 9457 problem+json with a type per code. */
export function problemResponse(c: Context, error: AppError): Response {
  const status = statusByCode[error.code];
  const body = {
    type: `https://reva.dev/problems/${error.code}`,
    title: titleByCode[error.code],
    status,
    detail: error.message,
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
  };
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (error instanceof RateLimitedError) headers["retry-after"] = String(error.retryAfterSeconds);
  return c.body(JSON.stringify(body), status, headers);
}
