// The README's examples of one part, run as written (readme-helpers.ts has their plans; readme.test.ts type-checks
// them all). Work pools, workers and deploy(): the examples that deploy run while `worker start` polls their pool.
import { describeReadmeGroup, readmeExamples } from "./readme-helpers.js";

describeReadmeGroup("deploying", await readmeExamples());
