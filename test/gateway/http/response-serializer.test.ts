import { describe, expect, it } from "vitest";
import { openAIErrorSchema } from "../../../services/gateway/src/http/response-schemas";
import { buildResponseSerializer } from "../../../services/gateway/src/http/response-serializer";

const route = { method: "GET", url: "/x", httpStatus: "4xx" };
const serializerFor = (schema: unknown) =>
  buildResponseSerializer({ openaiError: openAIErrorSchema })({ ...route, schema });

describe("buildResponseSerializer", () => {
  it("writes only the schema's properties, in schema order, through a $ref", () => {
    const serialize = serializerFor({ $ref: "openaiError#" });
    const body = { error: { code: "c", param: null, type: "t", message: "m", secret: "leak" }, extra: 1 };
    expect(serialize(body)).toBe('{"error":{"message":"m","type":"t","param":null,"code":"c"}}');
  });

  it("coerces to the declared type and throws on a missing required property", () => {
    const serialize = serializerFor({ $ref: "openaiError#" });
    expect(serialize({ error: { message: 42, type: "t", param: 7, code: "c" } })).toBe(
      '{"error":{"message":"42","type":"t","param":"7","code":"c"}}',
    );
    expect(() => serialize({ error: { message: "m", type: "t", param: null } })).toThrow(
      '"code" is required!',
    );
  });

  it("projects arrays of objects and truncates integers", () => {
    const serialize = serializerFor({
      type: "object",
      properties: {
        data: {
          type: "array",
          items: { type: "object", properties: { id: { type: "string" }, n: { type: "integer" } } },
        },
      },
    });
    expect(serialize({ data: [{ id: "a", n: 1.7, x: true }, { id: "b" }], y: 2 })).toBe(
      '{"data":[{"id":"a","n":1},{"id":"b"}]}',
    );
  });

  it("refuses, at compile time, a schema keyword it does not implement", () => {
    expect(() => serializerFor({ type: "object", additionalProperties: true })).toThrow(
      'response schema: keyword "additionalProperties" at response',
    );
    expect(() => serializerFor({ $ref: "nope#" })).toThrow('unknown $ref "nope#" at response');
  });
});
