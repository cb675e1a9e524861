// The build context sent to the engine: a tar stream of the context directory that honours `.dockerignore` and
// `.prefectignore` (Docker's matching rules, @balena/dockerignore), always keeping the Dockerfile and .dockerignore.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import dockerignoreModule from "@balena/dockerignore";
import { pack } from "tar-fs";

// A CommonJS module whose function is also its own `default`: under NodeNext the default import is the module object.
const dockerignore = dockerignoreModule.default;

/** The ignore files read from the context's root, in this order; a path ignored by either is left out. */
export const IGNORE_FILES = [".dockerignore", ".prefectignore"] as const;

/** Options of {@link listBuildContext} and {@link createBuildContext}. */
export interface BuildContextOptions {
  /** The Dockerfile's path relative to the context (posix); always sent, as the Docker CLI does. */
  dockerfile?: string;
  /** More patterns applied after the ignore files (e.g. `node_modules` when dependencies are installed in the build). */
  extraIgnores?: readonly string[];
  /** An extra file added to the tar under `name` (a Dockerfile kept outside the context). */
  extraFile?: { name: string; content: string };
}

/** Parses an ignore file's text into patterns: one a line, `#` comments and blank lines dropped. */
export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** A predicate on context-relative posix paths: true when the path is left out of the context. */
export interface ContextFilter {
  ignores(relativePath: string): boolean;
  /** Whether some pattern re-includes paths (`!pattern`): then an ignored directory is still walked, as Docker does. */
  hasExceptions: boolean;
}

/** The filter of a context directory: its ignore files, then `extraIgnores`, with the build files always kept. */
export function contextFilter(contextDir: string, options: BuildContextOptions = {}): ContextFilter {
  const matchers = IGNORE_FILES.filter((file) => existsSync(path.join(contextDir, file))).map((file) =>
    parseIgnoreFile(readFileSync(path.join(contextDir, file), "utf8")),
  );
  if (options.extraIgnores !== undefined && options.extraIgnores.length > 0) matchers.push([...options.extraIgnores]);
  const ignores = matchers.map((patterns) => dockerignore().add(patterns));
  const always = new Set([".dockerignore", ...(options.dockerfile === undefined ? [] : [options.dockerfile])]);
  return {
    hasExceptions: matchers.some((patterns) => patterns.some((pattern) => pattern.startsWith("!"))),
    ignores: (relativePath) => !always.has(relativePath) && ignores.some((matcher) => matcher.ignores(relativePath)),
  };
}

/**
 * The context-relative posix paths (files, links and directories) that go into the build context, sorted.
 * Ignored directories are not walked unless an exception pattern could re-include something below them.
 */
export function listBuildContext(contextDir: string, options: BuildContextOptions = {}): string[] {
  const filter = contextFilter(contextDir, options);
  const kept: string[] = [];
  const walk = (relativeDir: string): boolean => {
    let keptBelow = false;
    for (const entry of readdirSync(path.join(contextDir, relativeDir), { withFileTypes: true })) {
      const relative = relativeDir === "" ? entry.name : `${relativeDir}/${entry.name}`;
      const ignored = filter.ignores(relative);
      if (entry.isDirectory()) {
        if (ignored && !filter.hasExceptions) continue;
        const index = kept.length;
        const childrenKept = walk(relative);
        // A directory that is ignored itself stays only as the parent of something re-included below it.
        if (!ignored || childrenKept) {
          kept.splice(index, 0, relative);
          keptBelow = true;
        }
      } else if (!ignored) {
        kept.push(relative);
        keptBelow = true;
      }
    }
    return keptBelow;
  };
  walk("");
  return kept.sort();
}

/**
 * A tar stream of the build context for `docker.buildImage`.
 * @example const tar = createBuildContext("/work/app", { dockerfile: "Dockerfile", extraIgnores: ["node_modules"] });
 */
export function createBuildContext(contextDir: string, options: BuildContextOptions = {}): Readable {
  const root = path.resolve(contextDir);
  const kept = new Set(listBuildContext(root, options));
  const extra = options.extraFile;
  return pack(root, {
    ignore: (name) => {
      const relative = path.relative(root, name).split(path.sep).join("/");
      return relative !== "" && !kept.has(relative);
    },
    // Sockets and other special files are skipped rather than failing the whole build.
    strict: false,
    ...(extra === undefined
      ? {}
      : {
          finalize: false,
          finish: (tar) => {
            tar.entry({ name: extra.name, mode: 0o644, mtime: new Date() }, extra.content);
            tar.finalize();
          },
        }),
  }) as unknown as Readable;
}

/** Whether `file` lies inside `contextDir` (then the engine can read it from the context tar). */
export function isInsideContext(contextDir: string, file: string): boolean {
  const relative = path.relative(path.resolve(contextDir), path.resolve(file));
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
