import type { ZodType } from "zod";
import { AppError, fieldErrorsFromZod, validationError } from "./errors";

/**
 * For bodies read as raw text first (signed webhooks need the exact bytes; sendBeacon posts
 * text/plain): 400 when it is not JSON, 422 naming each field when it does not fit the schema.
 */
export function parseJsonText<T>(text: string, schema: ZodType<T>): T {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "body is not valid JSON");
  }
  const result = schema.safeParse(body);
  if (!result.success) throw validationError(fieldErrorsFromZod(result.error.issues));
  return result.data;
}
