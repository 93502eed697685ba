import type { MiddlewareHandler } from "hono";
import { AppError, validationError } from "../domain/errors";
import { isText, parseJsonBody } from "../domain/parse-json";

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

function decodedPath(pathname: string) {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/**
 * Refuses what is not text before any route sees it: NUL or a lone surrogate in the path, a query
 * parameter (422 naming it) or anywhere in a JSON body (422 naming the field), and a JSON body
 * that does not parse or is not UTF-8 (415). Wrong content types are answered 415 by each route's
 * own body validator. Webhooks are left to their services, which verify the signature over the
 * exact bytes first and then parse with the same rules (`parseJsonText`).
 */
export const textOnlyInput: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  if (!isText(decodedPath(url.pathname))) throw new AppError("bad_request", "the path must not contain NUL");
  const badParams = [...url.searchParams].filter(([name, value]) => !isText(name) || !isText(value));
  if (badParams.length > 0) {
    throw validationError(badParams.map(([name]) => ({ field: name, message: "must not contain NUL or unpaired surrogate characters" })));
  }
  const mediaType = c.req.header("content-type")?.split(";")[0]?.trim() ?? "";
  if (JSON_MEDIA_TYPE.test(mediaType) && !url.pathname.startsWith("/webhooks/")) {
    // Read as bytes so the body stays byte-exact for whoever reads it next (hono caches it). No
    // body at all is not malformed JSON: many clients send the JSON content type on every GET.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > 0) parseJsonBody(bytes);
  }
  return next();
};
