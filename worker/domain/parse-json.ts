import type { ZodType } from "zod";
import { AppError, fieldErrorsFromZod, validationError, type FieldError } from "./errors";

/** NUL ends strings in C and in some storage; a lone surrogate half cannot be encoded as UTF-8. Neither is text. */
const NOT_TEXT = /\u0000|[\uD800-\uDFFF]/u;

export const isText = (value: string) => !NOT_TEXT.test(value);

const NOT_TEXT_MESSAGE = "must not contain NUL or unpaired surrogate characters";

/** Every string in a parsed body (keys included) that is not text, named by its path ("items.0.title"). */
export function fieldsNotText(value: unknown, path: string[] = []): FieldError[] {
  const field = () => path.join(".") || "(body)";
  if (typeof value === "string") return isText(value) ? [] : [{ field: field(), message: NOT_TEXT_MESSAGE }];
  if (Array.isArray(value)) return value.flatMap((item, index) => fieldsNotText(item, [...path, String(index)]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) =>
      isText(key) ? fieldsNotText(item, [...path, key]) : [{ field: [...path, key.replace(/[\u0000\uD800-\uDFFF]/gu, "\uFFFD")].join("."), message: NOT_TEXT_MESSAGE }],
    );
  }
  return [];
}

/**
 * A request body as JSON: 415 when it is not UTF-8 JSON at all, 422 naming each string that
 * holds NUL or half a surrogate pair. Every JSON body passes here before any schema sees it.
 */
export function parseJsonBody(bytes: Uint8Array | string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(typeof bytes === "string" ? bytes : new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new AppError("unsupported_media_type", "the body is not UTF-8 JSON");
  }
  const notText = fieldsNotText(body);
  if (notText.length > 0) throw validationError(notText);
  return body;
}

/**
 * For bodies read as raw text first (signed webhooks need the exact bytes; sendBeacon posts
 * text/plain): 415 when it is not JSON, 422 naming each field when it does not fit the schema.
 */
export function parseJsonText<T>(text: string, schema: ZodType<T>): T {
  const result = schema.safeParse(parseJsonBody(text));
  if (!result.success) throw validationError(fieldErrorsFromZod(result.error.issues));
  return result.data;
}
