// The wire types the rules work on, from src/schemas/ (Prefect's OpenAPI components), gathered in one place
// so the rule files share a single import site.

export type { State, StateCreate, StateDetails, StateType } from "../../schemas/index.js";
