// A deployment of a flow imported from another module names the module that defines the flow and its export, not
// the module that calls toDeployment() (seed 003: the deployment declared in another script).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { calculator } from "../../fixtures/seed-003/my_flow.js";
import { flow } from "../../../src/flow.js";
import { EntrypointError, ObjectNotFoundError } from "../../../src/errors.js";
import { createTestServer } from "../../../src/testing/index.js";
import { serve } from "../../../src/worker/serve.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const local = flow({ name: "local-only" }, async (x: number) => x);

// Finding the export loads TypeScript's parser, which takes seconds on a busy machine.
describe("a deployment's entrypoint", { timeout: 60_000 }, () => {
  it("is the defining module and its export, wherever toDeployment() is called", async () => {
    const location = await calculator.toDeployment({ name: "my-first-deployment" }).location();
    expect(location).toEqual({ entrypoint: "test/fixtures/seed-003/my_flow.ts:calculator", path: ROOT });
    const copy = await calculator.toDeployment({ name: "elsewhere", path: join(ROOT, "test") }).location();
    expect(copy.entrypoint).toBe("fixtures/seed-003/my_flow.ts:calculator");
  });

  it("of a flow its module does not export is an EntrypointError naming the export to add", async () => {
    const location = local.toDeployment({ name: "nope" }).location();
    await expect(location).rejects.toThrow(EntrypointError);
    await expect(location).rejects.toThrow(
      "Flow 'local-only' is defined in test/integration/deploy/entrypoint-location.test.ts",
    );
    await expect(location).rejects.toThrow("`export const local = flow(...)`");
  });

  it("is checked for every deployment before serve() writes any", async () => {
    const server = await createTestServer({ transport: "http" });
    try {
      const serving = serve(calculator.toDeployment({ name: "first" }), local.toDeployment({ name: "second" }), {
        client: server.client,
        printStartingMessage: false,
      });
      await expect(serving).rejects.toThrow(EntrypointError);
      await expect(server.client.readDeploymentByName("Addition Machine/first")).rejects.toThrow(ObjectNotFoundError);
    } finally {
      await server.close();
    }
  });
});
