/**
 * Lets fastify route schemas be zod schemas, and turns the first zod issue into OpenAI's 400 with
 * `param` naming the field (`messages[1].role`).
 */
import type { FastifySchemaCompiler } from "fastify";
import type { z } from "zod";
import { issuePath } from "../config/issues";
import { type GatewayError, gatewayErrors } from "../errors";

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => {
  return (data: unknown) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: invalidRequestFromZod(result.error, data) };
  };
};

export function invalidRequestFromZod(error: z.ZodError, input: unknown): GatewayError {
  const issue = error.issues[0];
  if (issue === undefined) return gatewayErrors.invalidRequest("Invalid request body.", null);
  const param = issuePath(issue);
  const value = valueAt(input, issue.path);
  if (issue.code === "invalid_type" && value === undefined) {
    return gatewayErrors.invalidRequest(`Missing required parameter: '${param}'.`, param);
  }
  const shown =
    value === undefined || typeof value === "object" ? "" : ` (got ${JSON.stringify(value).slice(0, 60)})`;
  return gatewayErrors.invalidRequest(
    `Invalid value for '${param || "body"}': ${issue.message}${shown}.`,
    param || null,
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}
