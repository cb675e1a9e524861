// Prefect's UpdateSubflowParentTask over both transports: every state a subflow run enters is mirrored onto its
// tracking task run in the parent flow run, once, naming the subflow as child_flow_run_id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

describe.each(TRANSPORTS)("subflow tracking task runs (%s)", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(async () => h.close());

  it("get each state of the subflow run, forced and once, with child_flow_run_id", async () => {
    const flowId = (await h.call("POST", "/api/flows/", { name: "parent" })).body.id;
    const parent = (await h.call("POST", "/api/flow_runs/", { flow_id: flowId, state: { type: "RUNNING" } })).body;
    const tracking = (
      await h.call("POST", "/api/task_runs/", {
        flow_run_id: parent.id,
        task_key: "child",
        dynamic_key: "0",
        state: { type: "PENDING" },
      })
    ).body;
    const child = await h.call("POST", "/api/flow_runs/", {
      flow_id: flowId,
      parent_task_run_id: tracking.id,
      state: { type: "PENDING" },
    });
    expect(child.status).toBe(201);
    for (const type of ["RUNNING", "COMPLETED"]) {
      const res = await h.call("POST", `/api/flow_runs/${child.body.id}/set_state`, { state: { type } });
      expect(res.body.status).toBe("ACCEPT");
    }
    const states = (await h.call("GET", `/api/task_run_states/?task_run_id=${tracking.id}`)).body as {
      name: string;
      state_details: { child_flow_run_id: string | null; task_run_id: string; flow_run_id: string };
    }[];
    expect(states.map((s) => s.name)).toEqual(["Pending", "Pending", "Running", "Completed"]);
    for (const s of states.slice(1)) {
      expect(s.state_details).toMatchObject({
        child_flow_run_id: child.body.id,
        task_run_id: tracking.id,
        flow_run_id: parent.id,
      });
    }
    const run = (await h.call("GET", `/api/task_runs/${tracking.id}`)).body;
    expect(run.state_type).toBe("COMPLETED");
  });
});
