// The README's examples of one part, run as written (readme-helpers.ts has their plans; readme.test.ts type-checks
// them all). Servers, the client, variables, blocks and testing: scripts, and the testing example under vitest.
import { describeReadmeGroup, readmeExamples } from "./readme-helpers.js";

describeReadmeGroup("servers", await readmeExamples());
