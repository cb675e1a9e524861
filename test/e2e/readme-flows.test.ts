// The README's examples of one part, run as written (readme-helpers.ts has their plans; readme.test.ts type-checks
// them all). Flows and tasks: each example a script run to its end.
import { describeReadmeGroup, readmeExamples } from "./readme-helpers.js";

describeReadmeGroup("flows", await readmeExamples());
