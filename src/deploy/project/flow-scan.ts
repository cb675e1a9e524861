// Finding the flows of a project without running its code (the deploy wizard's list): each `.ts`/`.mts`/`.js`/`.mjs`
// file that mentions `flow(` is parsed with TypeScript's parser, and every `export const x = flow(...)` is reported
// with its entrypoint, flow name and description. Loading a chosen flow for real is entrypoint.ts's job.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { kebabCase } from "../../engine/index.js";

/** A flow found in the project's source. */
export interface ScannedFlow {
  /** `relative/file.ts:exportName`, relative to the scanned directory. */
  readonly entrypoint: string;
  readonly exportName: string;
  /** The flow's name: its `name` option, else its function's name kebab-cased, else the export's. */
  readonly flowName: string;
  /** Its `description` option, else the JSDoc above the export. */
  readonly description: string | undefined;
}

const EXTENSIONS = new Set([".ts", ".mts", ".js", ".mjs"]);
const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "coverage", ".git", ".prefect-ts"]);
/** A bound on the walk: a project this large names its flow on the command line. */
const MAX_FILES = 3000;

function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 8 || found.length >= MAX_FILES) return;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".") && entry.name !== ".") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full, depth + 1);
      } else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !entry.name.endsWith(".d.ts")) {
        found.push(full);
      }
    }
  };
  walk(root, 0);
  return found;
}

/** Scans `root` for exported flows, in file then source order. */
export async function scanFlows(root: string): Promise<ScannedFlow[]> {
  const { ts } = await import("../typescript.js");
  const flows: ScannedFlow[] = [];
  for (const file of sourceFiles(root)) {
    let text: string;
    try {
      if (statSync(file).size > 1_000_000) continue;
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    if (!/\bflow\s*\(/.test(text)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const relative = path.relative(root, file).split(path.sep).join("/");
    const stringProperty = (object: import("typescript").ObjectLiteralExpression, key: string): string | undefined => {
      for (const property of object.properties) {
        if (
          ts.isPropertyAssignment(property) &&
          property.name.getText(source) === key &&
          ts.isStringLiteralLike(property.initializer)
        )
          return property.initializer.text;
      }
      return undefined;
    };
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(declaration.name)) continue;
        if (!ts.isIdentifier(init.expression) || init.expression.text !== "flow") continue;
        const exportName = declaration.name.text;
        const [first, second] = init.arguments;
        const options = first && ts.isObjectLiteralExpression(first) ? first : undefined;
        const fn = options ? second : first;
        const fnName =
          fn && (ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) && fn.name ? fn.name.text : undefined;
        const jsDoc = ts
          .getJSDocCommentsAndTags(declaration)
          .map((d) => (ts.isJSDoc(d) ? ts.getTextOfJSDocComment(d.comment) : undefined))
          .find((c) => c);
        flows.push({
          entrypoint: `${relative}:${exportName}`,
          exportName,
          flowName: (options && stringProperty(options, "name")) ?? kebabCase(fnName ?? exportName),
          description: (options && stringProperty(options, "description")) ?? jsDoc ?? undefined,
        });
      }
    }
  }
  return flows;
}
