// The README's examples of one part, run as written (readme-helpers.ts has their plans; readme.test.ts type-checks
// them all). Deployments and serve(): served examples triggered from the CLI, parameter schemas, deployment specs.
import { describeReadmeGroup, readmeExamples } from "./readme-helpers.js";

describeReadmeGroup("serving", await readmeExamples());
