import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(REPO, file), "utf8");
const DOCS = [
  "README.md",
  ...fs
    .readdirSync(path.join(REPO, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Markdown with code (fenced blocks, indented blocks, inline spans) removed: links there are not links. */
function prose(markdown: string): string {
  return markdown
    .replace(/^```[\s\S]*?^```/gm, "")
    .split("\n")
    .filter((line) => !line.startsWith("    "))
    .join("\n")
    .replace(/`[^`\n]*`/g, "");
}

/** Heading anchors as GitHub makes them: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const withoutFences = markdown.replace(/^```[\s\S]*?^```/gm, "");
  for (const match of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = (match[1] ?? "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Every relative link target of a document: `[text](target)`, external and mail links excluded. */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] ?? "")
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe("links in README.md and docs/*.md", () => {
  it("computes GitHub's anchors", () => {
    expect(
      anchors("# The `openclaw` command line\n## How evaluation works (`src/plan/evaluate.ts`)\n## A\n## A"),
    ).toEqual(new Set(["the-openclaw-command-line", "how-evaluation-works-srcplanevaluatets", "a", "a-1"]));
  });

  it.each(DOCS)("%s: every relative link resolves to a file, and to a heading when it names one", (doc) => {
    const broken: string[] = [];
    for (const target of relativeLinks(read(doc))) {
      const [file = "", anchor] = target.split("#");
      const resolved =
        file === "" ? path.join(REPO, doc) : path.resolve(path.dirname(path.join(REPO, doc)), file);
      if (!fs.existsSync(resolved)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (
        anchor !== undefined &&
        resolved.endsWith(".md") &&
        !anchors(fs.readFileSync(resolved, "utf8")).has(anchor)
      ) {
        broken.push(`${target}: no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("never cites documents that are not in the repository", () => {
    for (const doc of DOCS) expect(read(doc), doc).not.toMatch(/INTERFACES\.md|shared\/README/);
  });
});

describe("README.md", () => {
  const readme = read("README.md");

  it("shows what npm start really prints: the same counts, violations and cost", async () => {
    // npm start's own command, from package.json, run directly so the test needs no npm.
    const start =
      (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts.start ?? "";
    expect(start).toMatch(/^node bin\/openclaw\.js plan/);
    const args = start.split(" ").slice(1);
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: REPO, timeout: 60_000 });
    const sample = readme.slice(readme.indexOf("What `npm start` prints"), readme.indexOf("\n## "));
    const expected = sample
      .split("\n")
      .map((line) => line.trim())
      .filter((line) =>
        /^(Plan for stack|Resources \(|Policy violations \(|Estimated cost:|OK:|BLOCKED:)/.test(line),
      );
    expect(expected.length).toBe(5);
    const actual = new Set(stdout.split("\n").map((line) => line.trim()));
    for (const line of expected) expect(actual, line).toContain(line);
  });

  it("lists every test file that needs redis-server", () => {
    const begin = readme.indexOf("<!-- BEGIN REDIS TEST FILES");
    const listed = [
      ...readme.slice(begin, readme.indexOf("<!-- END REDIS TEST FILES", begin)).matchAll(/`(test\/[^`]+)`/g),
    ]
      .map((m) => m[1])
      .sort();
    const needing = testFiles(path.join(REPO, "test"))
      .filter((file) => /\bstartRedisForTests\(/.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(REPO, file))
      .sort();
    expect(needing.length).toBeGreaterThan(0);
    expect(listed).toEqual(needing);
  });

  it("keeps the two commands of its first block: npm ci && npm start, npm test", () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(readme).toContain("    npm ci && npm start ");
    expect(readme).toContain("    npm test ");
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBe("vitest run");
  });
});

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}
