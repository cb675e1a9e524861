// The deploy tutorial (seeds 000 and 004) as a user types it, on the embedded database the terminals share through
// PREFECT_HOME (no server): pool, worker, `prefect-ts deploy`, `deployment run --watch`, a script's flow.deploy().
import { describeDeployJourney } from "./deploy-journey.js";

describeDeployJourney({ remote: false });
