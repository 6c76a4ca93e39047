/** GET /v1/models: the configured model names the key may use. */
import type { FastifyInstance } from "fastify";
import { visibleModels } from "../../proxy/admission";
import { errorResponses } from "../response-schemas";
import { requireKey } from "./shared";

const modelList = {
  type: "object",
  properties: {
    object: { type: "string" },
    data: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          object: { type: "string" },
          created: { type: "integer" },
          owned_by: { type: "string" },
        },
      },
    },
  },
} as const;

export async function modelsRoutes(app: FastifyInstance): Promise<void> {
  app.get("/v1/models", { schema: { response: { 200: modelList, ...errorResponses } } }, async (request) => {
    const names = visibleModels(request.gw.snapshot, requireKey(request));
    return {
      object: "list",
      data: names.map((id) => ({ id, object: "model", created: 0, owned_by: "openclaw-gateway" })),
    };
  });
}
