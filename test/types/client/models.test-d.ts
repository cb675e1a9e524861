// Type tests of the camelCase models derived from the wire schemas.
import { describe, expectTypeOf, test } from "vitest";
import {
  PrefectClient,
  type Flow,
  type FlowRun,
  type FlowRunFilter,
  type Log,
  type OrchestrationResult,
  type State,
  type TaskRun,
} from "prefect-ts/client";

describe("client models", () => {
  test("datetimes are Dates, keys camelCase", () => {
    expectTypeOf<FlowRun["expectedStartTime"]>().toEqualTypeOf<Date | null>();
    expectTypeOf<FlowRun["created"]>().toEqualTypeOf<Date | null>();
    expectTypeOf<FlowRun["flowId"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<FlowRun["state"]>["timestamp"]>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<NonNullable<FlowRun["state"]>["stateDetails"]["scheduledTime"]>().toEqualTypeOf<Date | null>();
    expectTypeOf<Log["timestamp"]>().toEqualTypeOf<Date>();
    expectTypeOf<Flow["tags"]>().toEqualTypeOf<string[]>();
  });
  test("user-keyed maps keep their shape", () => {
    expectTypeOf<FlowRun["parameters"]>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<FlowRun["jobVariables"]>().toEqualTypeOf<Record<string, unknown> | null>();
    expectTypeOf<TaskRun["taskInputs"][string][number]["inputType"]>().toEqualTypeOf<
      "task_run" | "flow_run" | "parameter" | "constant"
    >();
  });
  test("orchestration result details", () => {
    expectTypeOf<OrchestrationResult["status"]>().toEqualTypeOf<"ACCEPT" | "REJECT" | "ABORT" | "WAIT">();
    expectTypeOf<OrchestrationResult["details"]["type"]>().toEqualTypeOf<
      "accept_details" | "wait_details" | "reject_details" | "abort_details"
    >();
    expectTypeOf<OrchestrationResult["details"]["delaySeconds"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OrchestrationResult["state"]>().toEqualTypeOf<State | null>();
  });
  test("filters use camelCase with operators", () => {
    const f: FlowRunFilter = {
      state: { type: { any_: ["RUNNING"], notAny_: null } },
      startTime: { after_: new Date() },
    };
    expectTypeOf(f).toMatchTypeOf<FlowRunFilter>();
  });
  test("client methods", () => {
    const c = new PrefectClient({ apiUrl: "http://x/api" });
    expectTypeOf(c.createFlowRun).returns.resolves.toEqualTypeOf<FlowRun>();
    expectTypeOf(c.countFlows).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(c.deleteFlow).returns.resolves.toEqualTypeOf<void>();
  });
});
