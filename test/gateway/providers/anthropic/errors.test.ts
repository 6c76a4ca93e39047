import { describe, expect, it } from "vitest";
import {
  describeAnthropicError,
  redactCredentials,
} from "../../../../services/gateway/src/providers/anthropic/errors";
import { fixtureText } from "./helpers";

describe("describeError", () => {
  it("summarises Anthropic's error JSON with status, type, message and request id", () => {
    expect(describeAnthropicError(401, fixtureText("error-authentication.json"))).toBe(
      "Anthropic 401 authentication_error: invalid x-api-key (request_id req_011CSHoEeqs5C35K2UUqR7Fy)",
    );
    expect(describeAnthropicError(529, fixtureText("error-overloaded.json"))).toBe(
      "Anthropic 529 overloaded_error: Overloaded (request_id req_011CSHt7yNq3vKpLm8RbWcXd)",
    );
  });

  it("never echoes a key the upstream sent back", () => {
    const description = describeAnthropicError(401, fixtureText("error-echoed-key.json"));
    expect(description).not.toMatch(/sk-ant-api03-Zx9/);
    expect(description).not.toMatch(/AbCdEfAA/);
    expect(description).not.toMatch(/eyJhbGci/);
    expect(description).toBe(
      "Anthropic 401 authentication_error: Invalid API key provided: [redacted]. Also tried Bearer [redacted] (request_id req_011CSHsFx2p9RmWz1tYb3KqL)",
    );
  });

  it("keeps Anthropic's own validation message, which names the bad field", () => {
    expect(describeAnthropicError(400, fixtureText("error-invalid-request.json"))).toBe(
      "Anthropic 400 invalid_request_error: messages.1.content.0.tool_result: unexpected `tool_use_id` found in " +
        "`tool_result` blocks: toolu_01XyZ. Each `tool_result` block must have a corresponding `tool_use` block in " +
        "the previous message. (request_id req_011CSHuA1b2C3d4E5f6G7h8J)",
    );
  });

  it("clips long messages to one short line", () => {
    const body = JSON.stringify({
      type: "error",
      error: { type: "invalid_request_error", message: "prompt is too long:\n".concat("word ".repeat(200)) },
    });
    const description = describeAnthropicError(400, body);
    expect(description).toHaveLength(300);
    expect(description.startsWith("Anthropic 400 invalid_request_error: prompt is too long: word word")).toBe(
      true,
    );
    expect(description.endsWith("word ...")).toBe(true);
    expect(description).not.toContain("\n");
  });

  it("falls back to the start of a body that is not Anthropic's JSON, still redacted", () => {
    expect(describeAnthropicError(502, "<html>\n<body>Bad Gateway</body>\n</html>")).toBe(
      "Anthropic 502: <html> <body>Bad Gateway</body> </html>",
    );
    expect(describeAnthropicError(500, "")).toBe("Anthropic 500 with an empty body");
    expect(describeAnthropicError(401, '{"detail":"bad key x-api-key: sk-ant-admin01-abc"}')).toBe(
      'Anthropic 401: {"detail":"bad key x-api-key: [redacted]"}',
    );
  });
});

describe("redactCredentials", () => {
  it.each([
    ["key sk-ant-api03-abcDEF_123-xyz here", "key [redacted] here"],
    ["openai sk-proj-abcdefghijklmnop", "openai [redacted]"],
    ["Authorization: Bearer abc.def.ghi", "Authorization: Bearer [redacted]"],
    ['{"api_key": "s3cr3t-value"}', '{"api_key": "[redacted]"}'],
    [`token ${"A".repeat(40)} end`, "token [redacted] end"],
  ])("redacts %j", (input, expected) => {
    expect(redactCredentials(input)).toBe(expected);
  });

  it("leaves ordinary text and request ids alone", () => {
    const text = "Overloaded (request_id req_011CSHt7yNq3vKpLm8RbWcXd) at messages.1.content";
    expect(redactCredentials(text)).toBe(text);
  });
});
