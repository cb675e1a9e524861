// Prefect's LocalFileSystem and RemoteFileSystem blocks as deployment storage: put_directory (upload a project,
// honouring .prefectignore) and get_directory (copy it back for a run). Remote supports file:// only (no fsspec in
// Node). Reading a block document into one of these is storage-block.ts.
import { copyFile, mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../../errors.js";
import { listProjectFiles, readIgnoreFile } from "./ignore-rules.js";

/** Options of {@link DeploymentStorage.putDirectory}. */
export interface PutDirectoryOptions {
  /** The directory to upload. */
  localPath: string;
  /** Where under the block's basepath (Prefect's `to_path`, the deployment's `path`). @default the basepath */
  toPath?: string | null | undefined;
  /** A .gitignore-style file of paths to leave out. @default none */
  ignoreFile?: string | undefined;
}

/** Options of {@link DeploymentStorage.getDirectory}. */
export interface GetDirectoryOptions {
  /** Where under the block's basepath (the deployment's `path`). @default the basepath */
  fromPath?: string | null | undefined;
  /** The directory to copy into (made when missing). */
  localPath: string;
}

/** A storage block that can hold a deployment's files (Prefect's `WritableDeploymentStorage`). */
export interface DeploymentStorage {
  /** The block as `type-slug/name`, for messages. */
  readonly label: string;
  /** Where `subPath` lives (Prefect 2's deployment `location`: the basepath, then the path). */
  location(subPath?: string | null): string;
  /** Copies the files of `localPath` that the ignore file keeps; resolves to how many were copied. */
  putDirectory(options: PutDirectoryOptions): Promise<number>;
  /** Copies the stored directory into `localPath`. @throws ConfigError when nothing is stored there */
  getDirectory(options: GetDirectoryOptions): Promise<void>;
}

/** A storage whose files live in a directory of this machine; `resolve` maps a block path to a local one. */
function directoryStorage(
  label: string,
  root: string,
  shown: string,
  resolve: (subPath: string) => string,
): DeploymentStorage {
  const at = (subPath: string | null | undefined): string => (subPath ? resolve(subPath) : root);
  return {
    label,
    location: (subPath) => (subPath ? `${shown.replace(/\/+$/, "")}/${subPath.replace(/^\/+/, "")}` : shown),
    async putDirectory({ localPath, toPath, ignoreFile }) {
      const source = path.resolve(localPath);
      const destination = at(toPath);
      // Prefect skips the copy when the project already is the storage directory.
      if (source === destination) return listProjectFiles(source, { patterns: readIgnoreFile(ignoreFile) }).length;
      const files = listProjectFiles(source, { patterns: readIgnoreFile(ignoreFile), skip: [destination] });
      await copyFiles(source, destination, files);
      return files.length;
    },
    async getDirectory({ fromPath, localPath }) {
      const source = at(fromPath);
      const destination = path.resolve(localPath);
      if (source === destination) return;
      let files: string[];
      try {
        // As Prefect's LocalFileSystem: a .prefectignore stored with the files still applies when copying them back.
        files = listProjectFiles(source, { patterns: readIgnoreFile(path.join(source, ".prefectignore")) });
      } catch (error) {
        throw new ConfigError(
          `Storage block '${label}' has no directory ${source}: was the deployment built with -sb ${label} (and without --skip-upload)?`,
          "path",
          { cause: error },
        );
      }
      await copyFiles(source, destination, files);
    },
  };
}

/** Copies at most this many files at a time: a project with its node_modules holds thousands of small files. */
const PARALLEL_COPIES = 16;

async function copyFiles(from: string, to: string, files: readonly string[]): Promise<void> {
  const directories = new Set([to, ...files.map((file) => path.dirname(path.join(to, file)))]);
  for (const directory of directories) await mkdir(directory, { recursive: true });
  let next = 0;
  const copier = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      await copyFile(path.join(from, file), path.join(to, file));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_COPIES, files.length) }, copier));
}

/** `child` resolved under `root`; a path leading out of it is refused, as Prefect's LocalFileSystem does. */
function inside(label: string, root: string, child: string): string {
  const resolved = path.resolve(root, child);
  const relative = path.relative(root, resolved);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new ConfigError(
      `Path ${child} is outside of the base path ${root} of storage block '${label}'. Give a path inside it.`,
      "path",
    );
  }
  return resolved;
}

/**
 * Prefect's `LocalFileSystem` block: `basepath` (`~` expanded; the current directory when unset). Relative paths are
 * under the basepath; absolute ones must lie inside it.
 * @throws ConfigError when `basepath` is not a string
 */
export function localFileSystem(label: string, data: Record<string, unknown>): DeploymentStorage {
  const basepath = data.basepath;
  if (basepath !== undefined && basepath !== null && typeof basepath !== "string") {
    throw new ConfigError(
      `Storage block '${label}': "basepath" must be a string path, got ${JSON.stringify(basepath)}. Update the block with a directory.`,
      "basepath",
    );
  }
  const root = path.resolve(basepath ? basepath.replace(/^~(?=$|\/)/, homedir()) : ".");
  return directoryStorage(label, root, root, (subPath) =>
    inside(label, root, subPath.replace(/^~(?=$|\/)/, homedir())),
  );
}

/** The URL schemes a remote-file-system block can use here. */
export const SUPPORTED_REMOTE_SCHEMES = ["file"] as const;

/**
 * Prefect's `RemoteFileSystem` block: `basepath` is a URL, `settings` what fsspec would be given. Only `file://`
 * URLs work in prefect-ts (a directory of this machine, or a mount shared by the machines that run flows); any other
 * scheme is an error naming it. `settings` mean nothing for file:// and are ignored.
 * @throws ConfigError when `basepath` is missing, not a URL, or of an unsupported scheme
 */
export function remoteFileSystem(label: string, data: Record<string, unknown>): DeploymentStorage {
  const basepath = data.basepath;
  if (typeof basepath !== "string" || basepath === "") {
    throw new ConfigError(
      `Storage block '${label}': "basepath" is required, a URL such as file:///srv/flows. Update the block.`,
      "basepath",
    );
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(basepath)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new ConfigError(
      `Storage block '${label}': basepath '${basepath}' must start with a scheme, e.g. file:///srv/flows. Update the block.`,
      "basepath",
    );
  }
  if (scheme !== "file") {
    throw new ConfigError(
      `Storage block '${label}': the '${scheme}' scheme of basepath '${basepath}' is not supported by prefect-ts (it supports ` +
        `${SUPPORTED_REMOTE_SCHEMES.map((s) => `${s}://`).join(", ")}; Prefect reaches other schemes through Python's fsspec). ` +
        "Use a file:// URL or a local-file-system block on a disk the workers share, or a prefect.yaml pull step (git_clone).",
      "basepath",
    );
  }
  let root: string;
  try {
    root = fileURLToPath(basepath);
  } catch (error) {
    throw new ConfigError(
      `Storage block '${label}': basepath '${basepath}' is not a file URL of this machine (${(error as Error).message}). Write it as file:///absolute/path.`,
      "basepath",
      {
        cause: error,
      },
    );
  }
  root = path.resolve(root);
  return directoryStorage(label, root, basepath, (subPath) => {
    const local = /^file:\/\//i.test(subPath) ? fileURLToPath(subPath) : subPath.replace(/^\/+/, "");
    return inside(label, root, local);
  });
}
