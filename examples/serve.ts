// Serving a flow (Prefect's `flow.serve()`): run `npx tsx examples/serve.ts`, leave it running, then trigger runs from
// another terminal with `npx prefect-ts deployment run 'repo-info/hourly' --param repoName=nodejs/node` or with
// examples/trigger-deployment.ts. Each run executes in a child process that loads this file; the serve() call below
// does nothing then, so no main-guard is needed. Ctrl-C stops serving (running runs get 30 s to finish).
import { flow, getRunLogger } from "prefect-ts";

/**
 * Summarises a repository name.
 * @param repoName - "owner/name" of the repository
 */
export const repoInfo = flow(
  { name: "repo-info", logPrints: true },
  async (repoName = "PrefectHQ/prefect", verbose?: boolean) => {
    const [owner, name] = repoName.split("/");
    getRunLogger().info(`owner: ${owner}, repository: ${name}`);
    if (verbose) console.log(`${repoName} has ${repoName.length} characters`);
    return { owner, name };
  },
);

await repoInfo.serve({ name: "hourly", cron: "0 * * * *", timezone: "UTC", tags: ["example"] });
