// Deploying a flow to a process work pool from a script (Prefect's `flow.deploy()`). First, in a terminal:
//   npx prefect-ts work-pool create --type process tutorial-process-pool
//   npx prefect-ts worker start --pool tutorial-process-pool        (leave it running)
// then `npx tsx examples/deploy.ts` registers the deployment and runs it once through the worker. The worker's child
// loads this file to find the flow; the deploy() call below does nothing then, so no main-guard is needed.
import { flow, getRunLogger } from "prefect-ts";

/**
 * Reports on a repository.
 * @param repoName - "owner/name" of the repository
 */
export const getRepoInfo = flow({ name: "get-repo-info" }, async (repoName = "PrefectHQ/prefect") => {
  const [owner, name] = repoName.split("/");
  getRunLogger().info(`Checking ${name} of ${owner}`);
  return { owner, name };
});

const deployment = await getRepoInfo.deploy({
  name: "my-first-deployment",
  workPoolName: "tutorial-process-pool",
  tags: ["example"],
});

// The handle knows the flow's parameters: a wrong name or type does not compile.
const run = await deployment.run({ args: ["nodejs/node"], timeoutSeconds: 120, pollIntervalSeconds: 0.5 });
console.log(`flow run '${run.name}' finished in state ${run.state?.name}`);
