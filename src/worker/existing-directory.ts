// Whether a path names a directory on this machine (a deployment's `path` may come from another machine).

import { statSync } from "node:fs";

/** `path` when it is an existing directory, else undefined. */
export function existingDirectory(path: string | null | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return statSync(path).isDirectory() ? path : undefined;
  } catch {
    return undefined;
  }
}
