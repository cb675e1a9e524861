// Sort orders accepted by Prefect's /filter endpoints, spelled as on the wire. Each is an `as const`
// object plus a union type, with a zod schema alongside (`FlowSortSchema`, ...).
import { z } from "zod";

/** Sort orders of `POST /flows/filter`. */
export const FlowSort = {
  CREATED_DESC: "CREATED_DESC",
  UPDATED_DESC: "UPDATED_DESC",
  NAME_ASC: "NAME_ASC",
  NAME_DESC: "NAME_DESC",
} as const;
/** A flow sort order. */
export type FlowSort = (typeof FlowSort)[keyof typeof FlowSort];
/** Zod schema of {@link FlowSort}. */
export const FlowSortSchema = z.enum(FlowSort);

/** Sort orders of `POST /flow_runs/filter`. */
export const FlowRunSort = {
  ID_DESC: "ID_DESC",
  START_TIME_ASC: "START_TIME_ASC",
  START_TIME_DESC: "START_TIME_DESC",
  EXPECTED_START_TIME_ASC: "EXPECTED_START_TIME_ASC",
  EXPECTED_START_TIME_DESC: "EXPECTED_START_TIME_DESC",
  NAME_ASC: "NAME_ASC",
  NAME_DESC: "NAME_DESC",
  NEXT_SCHEDULED_START_TIME_ASC: "NEXT_SCHEDULED_START_TIME_ASC",
  END_TIME_DESC: "END_TIME_DESC",
} as const;
/** A flow run sort order. */
export type FlowRunSort = (typeof FlowRunSort)[keyof typeof FlowRunSort];
/** Zod schema of {@link FlowRunSort}. */
export const FlowRunSortSchema = z.enum(FlowRunSort);

/** Sort orders of `POST /task_runs/filter`. */
export const TaskRunSort = {
  ID_DESC: "ID_DESC",
  EXPECTED_START_TIME_ASC: "EXPECTED_START_TIME_ASC",
  EXPECTED_START_TIME_DESC: "EXPECTED_START_TIME_DESC",
  NAME_ASC: "NAME_ASC",
  NAME_DESC: "NAME_DESC",
  NEXT_SCHEDULED_START_TIME_ASC: "NEXT_SCHEDULED_START_TIME_ASC",
  END_TIME_DESC: "END_TIME_DESC",
} as const;
/** A task run sort order. */
export type TaskRunSort = (typeof TaskRunSort)[keyof typeof TaskRunSort];
/** Zod schema of {@link TaskRunSort}. */
export const TaskRunSortSchema = z.enum(TaskRunSort);

/** Sort orders of `POST /logs/filter`. */
export const LogSort = {
  TIMESTAMP_ASC: "TIMESTAMP_ASC",
  TIMESTAMP_DESC: "TIMESTAMP_DESC",
} as const;
/** A log sort order. */
export type LogSort = (typeof LogSort)[keyof typeof LogSort];
/** Zod schema of {@link LogSort}. */
export const LogSortSchema = z.enum(LogSort);

/** Sort orders of `POST /deployments/filter`. */
export const DeploymentSort = {
  CREATED_DESC: "CREATED_DESC",
  UPDATED_DESC: "UPDATED_DESC",
  NAME_ASC: "NAME_ASC",
  NAME_DESC: "NAME_DESC",
} as const;
/** A deployment sort order. */
export type DeploymentSort = (typeof DeploymentSort)[keyof typeof DeploymentSort];
/** Zod schema of {@link DeploymentSort}. */
export const DeploymentSortSchema = z.enum(DeploymentSort);
