// Flow routes of the client: create (idempotent by name), read, filter, count, update, delete.
// Flow runs, task runs and logs have their own modules; client.ts composes them.
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import { runFilterBody, type PageOptions, type RunFilterOptions } from "./filter-body.js";
import type { HttpTransport } from "./http.js";
import type { Flow } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** Options of `readFlows`. */
export interface ReadFlowsOptions extends RunFilterOptions, PageOptions<schemas.FlowSort> {}

/** Options of `countFlows`. */
export type CountFlowsOptions = RunFilterOptions;

/** Fields of a flow that can be changed. */
export interface FlowUpdateOptions {
  tags?: string[];
}

/** The flow methods of PrefectClient. */
export interface FlowsApi {
  /** Registers a flow by name (`POST /flows/`); an existing name returns the existing flow. */
  createFlow(name: string): Promise<Flow>;
  /** Reads a flow by id. @throws ObjectNotFoundError */
  readFlow(id: string): Promise<Flow>;
  /** Reads a flow by name. @throws ObjectNotFoundError */
  readFlowByName(name: string): Promise<Flow>;
  /** Flows matching the filters (`POST /flows/filter`), sorted by name by default. */
  readFlows(opts?: ReadFlowsOptions): Promise<Flow[]>;
  /** Number of flows matching the filters. */
  countFlows(opts?: CountFlowsOptions): Promise<number>;
  /** Changes a flow's tags. @throws ObjectNotFoundError */
  updateFlow(id: string, patch: FlowUpdateOptions): Promise<void>;
  /** Deletes a flow and its deployments. @throws ObjectNotFoundError */
  deleteFlow(id: string): Promise<void>;
}

const FlowList = z.array(schemas.Flow);
const Count = z.int();

/** Builds the flow methods over a transport. */
export function flowsApi(http: HttpTransport): FlowsApi {
  return {
    createFlow: (name) => http.request("POST", "flows/", { json: toWire(schemas.FlowCreate, { name }) }, schemas.Flow),
    readFlow: (id) => http.request("GET", `flows/${encodeURIComponent(id)}`, {}, schemas.Flow),
    readFlowByName: (name) => http.request("GET", `flows/name/${encodeURIComponent(name)}`, {}, schemas.Flow),
    readFlows: (opts) => http.request("POST", "flows/filter", { json: runFilterBody(opts) }, FlowList),
    countFlows: (opts) => http.request("POST", "flows/count", { json: runFilterBody(opts) }, Count),
    updateFlow: (id, patch) =>
      http.request("PATCH", `flows/${encodeURIComponent(id)}`, { json: toWire(schemas.FlowUpdate, patch) }),
    deleteFlow: (id) => http.request("DELETE", `flows/${encodeURIComponent(id)}`),
  };
}
