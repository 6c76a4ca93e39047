import * as fs from "node:fs";
import Ajv from "ajv-draft-04";

/**
 * The SARIF 2.1.0 JSON schema (draft-04), as Microsoft's SARIF SDK ships it in @microsoft/jest-sarif
 * (lib/schemas/sarif-2.1.0-rtm.5.json, the schema of the OASIS standard's final release candidate;
 * https://github.com/microsoft/sarif-js-sdk). Validated with ajv's draft-04 build; its language-tag pattern
 * is not a valid unicode regular expression, hence `unicodeRegExp: false`.
 */
const SCHEMA_FILE = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

export function sarifValidator(): (log: unknown) => string[] {
  if (!fs.existsSync(SCHEMA_FILE)) {
    throw new Error(
      `SARIF schema missing at ${SCHEMA_FILE}: run npm ci (devDependency @microsoft/jest-sarif)`,
    );
  }
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);
  return (log) =>
    validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}
