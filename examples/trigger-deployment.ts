// Triggering a served deployment from code (start examples/serve.ts first): the client's `readDeploymentByName` +
// `createFlowRunFromDeployment`, as Prefect's client, then `runDeployment`, which waits for the final state.
import { getClient, runDeployment } from "prefect-ts";
import type { repoInfo } from "./serve.js";

const client = getClient();
const deployment = await client.readDeploymentByName("repo-info/hourly");
const scheduled = await client.createFlowRunFromDeployment(deployment.id, { parameters: { repoName: "nodejs/node" } });
console.log(`created flow run '${scheduled.name}' (${scheduled.id})`);

// `typeof repoInfo` type-checks the arguments: positional, mapped to names by the deployment's parameter schema.
const run = await runDeployment<typeof repoInfo>("repo-info/hourly", {
  args: ["denoland/deno", true],
  timeoutSeconds: 60,
});
console.log(`flow run '${run.name}' finished in state ${run.state?.name}`);
