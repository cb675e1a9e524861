// The deploy tutorial (seeds 000 and 004) as a user types it, against `prefect-ts server start` with PREFECT_API_URL
// set for every command: pool, worker, `prefect-ts deploy`, `deployment run --watch`, a script's flow.deploy().
import { describeDeployJourney } from "./deploy-journey.js";

describeDeployJourney({ remote: true });
