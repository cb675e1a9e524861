// Variable routes of the client, named as Prefect's Python client: create, read by id or name, filter, count,
// update and delete by id or name. The SDK's `Variable.get/set/unset` (src/variables.ts) is built on these.
import { z } from "zod";
import { ObjectNotFoundError } from "../errors.js";
import * as schemas from "../schemas/index.js";
import type { PageOptions } from "./filter-body.js";
import type { HttpTransport } from "./http.js";
import type { InputOf, ModelOf } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** A variable, as returned by the client (`value` is the JSON value as stored). */
export type Variable = ModelOf<typeof schemas.Variable>;
/** Filter on variables, camelCase of Prefect's `VariableFilter` (`{ name: { like_: "db_" }, tags: { all_: ["prod"] } }`). */
export type VariableFilter = InputOf<typeof schemas.VariableFilter>;

/** A variable to create: a name (lowercase letters, digits, `-`, `_`), any JSON value, tags. */
export interface VariableCreateOptions {
  name: string;
  value: schemas.JsonValue;
  tags?: string[];
}

/** Fields of a variable that can be changed; absent fields are left as they are. */
export interface VariableUpdateOptions {
  name?: string;
  value?: schemas.JsonValue;
  tags?: string[];
}

/** Options of `readVariables`. */
export interface ReadVariablesOptions extends PageOptions<schemas.VariableSort> {
  variableFilter?: VariableFilter;
}

/** The variable methods of PrefectClient. */
export interface VariablesApi {
  /** Creates a variable (`POST /variables/`). @throws ObjectAlreadyExistsError when the name is taken; ValidationError for a bad name or a value over 5,000 characters of JSON */
  createVariable(variable: VariableCreateOptions): Promise<Variable>;
  /** Reads a variable by id. @throws ObjectNotFoundError */
  readVariable(id: string): Promise<Variable>;
  /** Reads a variable by name; `undefined` when there is none, as Prefect's `read_variable_by_name` returns None. */
  readVariableByName(name: string): Promise<Variable | undefined>;
  /** Variables matching the filter (`POST /variables/filter`), sorted by name by default. */
  readVariables(opts?: ReadVariablesOptions): Promise<Variable[]>;
  /** Number of variables matching the filter. */
  countVariables(opts?: { variableFilter?: VariableFilter }): Promise<number>;
  /** Changes a variable's name, value or tags. @throws ObjectNotFoundError, ObjectAlreadyExistsError (new name taken) */
  updateVariable(id: string, patch: VariableUpdateOptions): Promise<void>;
  /** Changes the named variable (`PATCH /variables/name/{name}`). @throws ObjectNotFoundError, ObjectAlreadyExistsError */
  updateVariableByName(name: string, patch: VariableUpdateOptions): Promise<void>;
  /** Deletes a variable by id. @throws ObjectNotFoundError */
  deleteVariable(id: string): Promise<void>;
  /** Deletes the named variable. @throws ObjectNotFoundError */
  deleteVariableByName(name: string): Promise<void>;
}

const VariableList = z.array(schemas.Variable);
const Count = z.int();

function filterBody(opts: ReadVariablesOptions = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts.variableFilter) body.variables = toWire(schemas.VariableFilter, opts.variableFilter);
  if (opts.limit !== undefined) body.limit = opts.limit;
  if (opts.offset !== undefined) body.offset = opts.offset;
  if (opts.sort !== undefined) body.sort = opts.sort;
  return body;
}

function updateBody(patch: VariableUpdateOptions): Record<string, unknown> {
  // Only the fields given: Prefect applies the ones a request sets, and `value: null` is a value.
  const body: Record<string, unknown> = {};
  if (patch.name !== undefined) body.name = patch.name;
  if (patch.value !== undefined) body.value = patch.value;
  if (patch.tags !== undefined) body.tags = patch.tags;
  return body;
}

/** Builds the variable methods over a transport. */
export function variablesApi(http: HttpTransport): VariablesApi {
  const byName = (name: string) => `variables/name/${encodeURIComponent(name)}`;
  return {
    createVariable: (variable) =>
      http.request(
        "POST",
        "variables/",
        { json: { name: variable.name, value: variable.value, tags: variable.tags ?? [] } },
        schemas.Variable,
      ),
    readVariable: (id) => http.request("GET", `variables/${encodeURIComponent(id)}`, {}, schemas.Variable),
    readVariableByName: async (name) => {
      try {
        return await http.request("GET", byName(name), {}, schemas.Variable);
      } catch (error) {
        if (error instanceof ObjectNotFoundError) return undefined;
        throw error;
      }
    },
    readVariables: (opts) => http.request("POST", "variables/filter", { json: filterBody(opts) }, VariableList),
    countVariables: (opts) => http.request("POST", "variables/count", { json: filterBody(opts) }, Count),
    updateVariable: (id, patch) =>
      http.request("PATCH", `variables/${encodeURIComponent(id)}`, { json: updateBody(patch) }),
    updateVariableByName: (name, patch) => http.request("PATCH", byName(name), { json: updateBody(patch) }),
    deleteVariable: (id) => http.request("DELETE", `variables/${encodeURIComponent(id)}`),
    deleteVariableByName: (name) => http.request("DELETE", byName(name)),
  };
}
