import type { ZodType } from "zod";
import { AppError, fieldErrorsFromZod, validationError, type FieldError } from "./errors";

/** NUL ends strings in C and in some storage; a lone surrogate half cannot be encoded as UTF-8. Neither is text. */
const NOT_TEXT = /\u0000|[\uD800-\uDFFF]/u;

export const isText = (value: string) => !NOT_TEXT.test(value);

const NOT_TEXT_MESSAGE = "must not contain NUL or unpaired surrogate characters";

/**
 * Every string in a parsed body (keys included) that is not text, named by its path ("items.0.title").
 * Walked with a stack, not recursion: a 1 MB body can nest arrays half a million deep.
 */
type PathNode = { parent: PathNode | null; key: string } | null;

function fieldName(node: PathNode): string {
  const parts: string[] = [];
  for (let at = node; at; at = at.parent) parts.unshift(at.key.replace(/[\u0000\uD800-\uDFFF]/gu, "\uFFFD"));
  return parts.join(".") || "(body)";
}

export function fieldsNotText(body: unknown): FieldError[] {
  const found: FieldError[] = [];
  const pending: [unknown, PathNode][] = [[body, null]];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === "string") {
      if (!isText(value)) found.push({ field: fieldName(path), message: NOT_TEXT_MESSAGE });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push([item, { parent: path, key: String(index) }]));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (isText(key)) pending.push([item, { parent: path, key }]);
        else found.push({ field: fieldName({ parent: path, key }), message: NOT_TEXT_MESSAGE });
      }
    }
  }
  return found;
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
