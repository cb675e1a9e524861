// What the CLI reads of the git checkout it runs in (init's and the deploy wizard's defaults): its remote and branch.
import { execFileSync } from "node:child_process";

/** The checkout's `origin` URL and current branch; each undefined outside a checkout, without a remote, or without git. */
export function gitCheckout(cwd: string): { remote: string | undefined; branch: string | undefined } {
  const git = (args: string[]): string | undefined => {
    try {
      return (
        execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined
      );
    } catch {
      return undefined;
    }
  };
  return { remote: git(["remote", "get-url", "origin"]), branch: git(["rev-parse", "--abbrev-ref", "HEAD"]) };
}
