/**
 * JSON schemas for responses, shared through `addSchema` + `$ref`: fastify serializes error bodies with
 * them (fast, and no stray field can leak). Chat and embeddings answers are sent pre-serialized.
 */
export const openAIErrorSchema = {
  $id: "openaiError",
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["message", "type", "param", "code"],
      properties: {
        message: { type: "string" },
        type: { type: "string" },
        param: { type: ["string", "null"] },
        code: { type: "string" },
      },
    },
  },
} as const;

/** Every route's error responses. */
export const errorResponses = {
  "4xx": { $ref: "openaiError#" },
  "5xx": { $ref: "openaiError#" },
} as const;
