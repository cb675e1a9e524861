// A DeploymentSpec's flowLocation: the file's only flow, or the one flowName names (by flow name or export name);
// several flows without flowName, or an unknown flowName, fail naming the file's flows.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DeploymentSpec } from "../../../src/deploy/deployment-spec.js";
import {
  DEFAULT_SPEC_POOL,
  loadDeploymentSpecs,
  runnerDeploymentOf,
} from "../../../src/deploy/deployment-spec-load.js";
import { EntrypointError } from "../../../src/errors.js";

const DIR = path.resolve(import.meta.dirname, "../../fixtures/seed-003-specs");

describe("DeploymentSpec flowLocation", () => {
  it("finds the flow by flowName (flow or export name), relative to the spec's directory", async () => {
    const byFlowName = await runnerDeploymentOf(
      new DeploymentSpec({ flowLocation: "./two_flows.ts", flowName: "Halver", name: "h" }),
      { baseDir: DIR },
    );
    expect([byFlowName.fullName, byFlowName.options.workPoolName]).toEqual(["Halver/h", DEFAULT_SPEC_POOL]);
    const byExport = await runnerDeploymentOf(
      new DeploymentSpec({ flowLocation: "two_flows.ts", flowName: "double", name: "d", workPoolName: "p" }),
      { baseDir: DIR },
    );
    expect([byExport.fullName, byExport.options.workPoolName]).toEqual(["Doubler/d", "p"]);
    const only = await runnerDeploymentOf(
      new DeploymentSpec({ flowLocation: "./my_flow.ts", name: "m", schedule: { interval: 60 } }),
      { baseDir: DIR },
    );
    expect(only.fullName).toBe("Addition Machine/m");
    expect((await only.schedules()).map((s) => [s.slug, s.schedule])).toEqual([["spec", { interval: 60 }]]);
  });

  it("needs flowName for a file of several flows, and names the flows when it matches none", async () => {
    const several = runnerDeploymentOf(new DeploymentSpec({ flowLocation: "./two_flows.ts", name: "x" }), {
      baseDir: DIR,
    });
    await expect(several).rejects.toThrow(EntrypointError);
    await expect(several).rejects.toThrow("has several flows ('Doubler', 'Halver'); set flowName to one of them");
    const unknown = runnerDeploymentOf(
      new DeploymentSpec({ flowLocation: "./two_flows.ts", flowName: "Tripler", name: "x" }),
      { baseDir: DIR },
    );
    await expect(unknown).rejects.toThrow("has no flow 'Tripler' (its flows: 'Doubler', 'Halver')");
    await expect(
      runnerDeploymentOf(new DeploymentSpec({ flowLocation: "./missing.ts", name: "x" }), { baseDir: DIR }),
    ).rejects.toThrow(/missing\.ts does not exist/);
  });

  it("collects the specs a file declares, assigned or not", async () => {
    const specs = await loadDeploymentSpecs(path.join(DIR, "my_flow_deployment.ts"));
    expect(specs.map((s) => s.name)).toEqual(["my-first-deployment", "weekday-mornings"]);
  });
});
