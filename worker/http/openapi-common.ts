import { z } from "@hono/zod-openapi";

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemSchema } } });

export const problems = {
  400: problem("Malformed request"),
  401: problem("Missing or invalid credentials"),
  404: problem("Not found (or another store's)"),
  413: problem("Body over 1 MB"),
  422: problem("Invalid field; `errors` names each one"),
};

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

export const secretKeySecurity = [{ secretKey: [] }];
