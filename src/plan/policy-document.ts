/**
 * Renders the inputs of `aws.iam.getPolicyDocument` as the IAM JSON AWS (and the provider's data source) writes:
 * `Version`, `Id`, `Statement[]` with `Sid`, `Effect`, `Principal`/`NotPrincipal`, `Action`/`NotAction`,
 * `Resource`/`NotResource` and `Condition`. The pack reads that shape, so the offline plan must produce it, or
 * policies judge a document no real deployment would ever have.
 *
 * Like the provider, a list holding one value is written as a plain string (`"Action": "s3:GetObject"`), a
 * principal of type "*" is the bare string `"*"`, and `Effect` defaults to "Allow".
 */

type Json = Record<string, unknown>;

interface PrincipalInput {
  readonly type?: unknown;
  readonly identifiers?: unknown;
}

interface ConditionInput {
  readonly test?: unknown;
  readonly variable?: unknown;
  readonly values?: unknown;
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function records<T>(value: unknown): T[] {
  return Array.isArray(value) ? value.filter((v): v is T => typeof v === "object" && v !== null) : [];
}

/** One value as a string, several as a list, none as absent: how AWS writes IAM string lists. */
function collapse(values: readonly string[]): string | string[] | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : [...values];
}

/** `[{ type: "AWS", identifiers: [a, b] }]` → `{ AWS: [a, b] }`; `[{ type: "*", identifiers: ["*"] }]` → `"*"`. */
function renderPrincipals(value: unknown): string | Json | undefined {
  const blocks = records<PrincipalInput>(value);
  if (blocks.length === 0) return undefined;
  const byType = new Map<string, string[]>();
  for (const block of blocks) {
    const type = typeof block.type === "string" ? block.type : "AWS";
    byType.set(type, [...(byType.get(type) ?? []), ...strings(block.identifiers)]);
  }
  const everyone = byType.get("*");
  if (byType.size === 1 && everyone !== undefined) return "*";
  const rendered: Json = {};
  for (const [type, identifiers] of byType) rendered[type] = collapse(identifiers);
  return rendered;
}

/** `[{ test, variable, values }]` → `{ test: { variable: values } }`. */
function renderConditions(value: unknown): Json | undefined {
  const blocks = records<ConditionInput>(value);
  if (blocks.length === 0) return undefined;
  const rendered: Record<string, Json> = {};
  for (const block of blocks) {
    if (typeof block.test !== "string" || typeof block.variable !== "string") continue;
    const test = rendered[block.test] ?? {};
    const values = [...strings(test[block.variable]), ...strings(block.values)];
    test[block.variable] = collapse(values);
    rendered[block.test] = test;
  }
  return rendered;
}

/** Keeps defined fields only, in the given order. */
function compact(entries: [string, unknown][]): Json {
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined && value !== ""));
}

function renderStatement(statement: Json): Json {
  return compact([
    ["Sid", typeof statement.sid === "string" ? statement.sid : undefined],
    ["Effect", typeof statement.effect === "string" && statement.effect !== "" ? statement.effect : "Allow"],
    ["Principal", renderPrincipals(statement.principals)],
    ["NotPrincipal", renderPrincipals(statement.notPrincipals)],
    ["Action", collapse(strings(statement.actions))],
    ["NotAction", collapse(strings(statement.notActions))],
    ["Resource", collapse(strings(statement.resources))],
    ["NotResource", collapse(strings(statement.notResources))],
    ["Condition", renderConditions(statement.conditions)],
  ]);
}

/** Statements of already-rendered JSON documents (sourcePolicyDocuments, overridePolicyDocuments). */
function statementsOfDocuments(value: unknown): Json[] {
  const statements: Json[] = [];
  for (const text of strings(value)) {
    try {
      const parsed: unknown = JSON.parse(text);
      const list = typeof parsed === "object" && parsed !== null ? (parsed as Json).Statement : undefined;
      statements.push(...records<Json>(Array.isArray(list) ? list : list === undefined ? [] : [list]));
    } catch {
      // Not JSON (or unknown during preview): nothing the document could contribute.
    }
  }
  return statements;
}

/**
 * Merges statements by Sid as the provider does: source documents first, then the inputs' own statements
 * (replacing a source statement with the same Sid), then override documents (replacing by Sid again).
 */
function mergeBySid(layers: Json[][]): Json[] {
  const merged: Json[] = [];
  for (const layer of layers) {
    for (const statement of layer) {
      const sid = statement.Sid;
      const at = typeof sid === "string" && sid !== "" ? merged.findIndex((s) => s.Sid === sid) : -1;
      if (at >= 0) merged[at] = statement;
      else merged.push(statement);
    }
  }
  return merged;
}

/** The `json` output of `aws.iam.getPolicyDocument` for the given call inputs. */
export function renderPolicyDocument(inputs: Json): string {
  const statements = mergeBySid([
    statementsOfDocuments(inputs.sourcePolicyDocuments),
    records<Json>(inputs.statements).map(renderStatement),
    statementsOfDocuments(inputs.overridePolicyDocuments),
  ]);
  const document = compact([
    ["Version", typeof inputs.version === "string" && inputs.version !== "" ? inputs.version : "2012-10-17"],
    ["Id", typeof inputs.policyId === "string" ? inputs.policyId : undefined],
    ["Statement", statements],
  ]);
  return JSON.stringify(document, null, 2);
}
