// Parameter schema derivation: Prefect's `ParameterSchema` of a flow, from its zod schema or its TypeScript source.
export { parameterSchemaFromZod } from "./from-zod.js";
export {
  deriveFlowSource,
  parameterSchemaFromSource,
  type DeriveFlowSourceOptions,
  type FlowSourceInfo,
  type FlowSourceRef,
} from "./from-typescript.js";
export {
  makeParameterSchema,
  type Integer,
  type JsonSchemaObject,
  type ParameterEntry,
  type ParameterProperty,
  type ParameterSchema,
} from "./types.js";
