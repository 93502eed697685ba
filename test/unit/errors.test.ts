import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, fieldErrorsFromZod, invalidField, notFound, validationError } from "../../worker/domain/errors";
import { parseJsonText } from "../../worker/domain/parse-json";

describe("errors", () => {
  it("notFound and invalidField say what and where", () => {
    expect(notFound("sequence")).toMatchObject({ code: "not_found", message: "sequence not found", errors: [] });
    expect(invalidField("items.0.url", "expected an http(s) URL")).toMatchObject({
      code: "validation_failed",
      message: "items.0.url: expected an http(s) URL",
      errors: [{ field: "items.0.url", message: "expected an http(s) URL" }],
    });
  });

  it("fieldErrorsFromZod joins paths with dots, names each unknown key, and calls a root issue (body)", () => {
    expect(
      fieldErrorsFromZod([
        { path: ["items", 0, "price"], message: "expected a number" },
        { path: ["popup"], message: "Unrecognized keys", code: "unrecognized_keys", keys: ["colour", "size"] },
        { path: [], message: "expected an object" },
      ]),
    ).toEqual([
      { field: "items.0.price", message: "expected a number" },
      { field: "popup.colour", message: "unknown key" },
      { field: "popup.size", message: "unknown key" },
      { field: "(body)", message: "expected an object" },
    ]);
  });

  it("validationError lists every field in its message", () => {
    const error = validationError([
      { field: "a", message: "bad" },
      { field: "b.c", message: "worse" },
    ]);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "validation_failed", message: "a: bad; b.c: worse" });
  });
});

describe("parseJsonText", () => {
  const schema = z.strictObject({ n: z.number() });

  it("gives the parsed body when it fits", () => {
    expect(parseJsonText('{"n": 1}', schema)).toEqual({ n: 1 });
  });

  it("answers unsupported_media_type for text that is not JSON, and validation_failed naming the field otherwise", () => {
    expect(() => parseJsonText("{", schema)).toThrow(expect.objectContaining({ code: "unsupported_media_type", message: "the body is not UTF-8 JSON" }));
    expect(() => parseJsonText('{"n": "1", "x": 2}', schema)).toThrow(
      expect.objectContaining({ code: "validation_failed", errors: [{ field: "n", message: expect.any(String) }, { field: "x", message: "unknown key" }] }),
    );
  });
});
