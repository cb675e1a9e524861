// Which files of a project go to deployment storage: every file under the root except those a `.prefectignore`
// excludes, matched as .gitignore (Prefect's pathspec "gitwildmatch"). Image build contexts are image/build-context.ts.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import ignore from "ignore";
import { ConfigError } from "../../errors.js";

/** Options of {@link listProjectFiles}. */
export interface ListProjectFilesOptions {
  /** Patterns to leave out, as lines of a .gitignore. @default none */
  patterns?: readonly string[];
  /** Directories (absolute) never listed, e.g. the upload's destination when it lies inside the root. */
  skip?: readonly string[];
}

/**
 * The lines of an ignore file; `[]` when `file` is undefined or does not exist (Prefect uploads everything then).
 * @throws ConfigError when the file exists but cannot be read
 */
export function readIgnoreFile(file: string | undefined): string[] {
  if (file === undefined || !existsSync(file)) return [];
  try {
    return readFileSync(file, "utf8").split(/\r?\n/);
  } catch (error) {
    throw new ConfigError(
      `Cannot read ignore file ${file}: ${(error as Error).message}. Fix its permissions or delete it.`,
      "ignore_file",
      { cause: error },
    );
  }
}

/**
 * The files under `root` that the patterns keep, as sorted `/`-separated paths relative to `root`. As in git, a file
 * under an ignored directory stays out even if a later `!pattern` names it. Symbolic links are followed (their
 * targets' contents are what gets copied); a link back into a directory already being listed is not entered twice.
 * @throws ConfigError when `root` is not a directory
 * @example listProjectFiles(".", { patterns: readIgnoreFile(".prefectignore") })
 */
export function listProjectFiles(root: string, options: ListProjectFilesOptions = {}): string[] {
  const base = path.resolve(root);
  if (!isDirectory(base)) throw new ConfigError(`Cannot list files of ${base}: it is not a directory.`, "local_path");
  // Case-sensitive, as git on Linux and Prefect's pathspec.
  const rules = ignore({ ignorecase: false }).add(options.patterns ?? []);
  const skip = new Set((options.skip ?? []).map((dir) => path.resolve(dir)));
  const files: string[] = [];
  const visiting = new Set<string>();
  const walk = (dir: string, relative: string): void => {
    const real = realpathSync(dir);
    if (visiting.has(real)) return;
    visiting.add(real);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      const rel = relative === "" ? entry.name : `${relative}/${entry.name}`;
      const kind = entry.isSymbolicLink()
        ? kindOf(absolute)
        : entry.isDirectory()
          ? "dir"
          : entry.isFile()
            ? "file"
            : undefined;
      if (kind === "dir") {
        if (!skip.has(absolute) && !rules.ignores(`${rel}/`)) walk(absolute, rel);
      } else if (kind === "file" && !rules.ignores(rel)) {
        files.push(rel);
      }
    }
    visiting.delete(real);
  };
  walk(base, "");
  return files.sort();
}

function isDirectory(target: string): boolean {
  return kindOf(target) === "dir";
}

/** What a path is once links are followed; undefined for a dangling link, a socket or a device. */
function kindOf(target: string): "dir" | "file" | undefined {
  try {
    const stats = statSync(target);
    return stats.isDirectory() ? "dir" : stats.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}
