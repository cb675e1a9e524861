// Variable routes: create, read/update/delete by id and by name, filter, count, as Prefect's /variables.
// Name and value rules live in the schemas; a duplicate name is the store's UNIQUE violation (409).
import { Hono } from "hono";
import {
  PREFECT_API_DEFAULT_LIMIT,
  VariableCountRequest,
  VariableCreate,
  VariableFilterRequest,
  VariableUpdate,
} from "../../schemas/index.js";
import { notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam } from "../http/request.js";
import type { RouteDeps } from "./deps.js";

const VARIABLE_NOT_FOUND = "Variable not found.";

/** Routes mounted at `/api/variables`. */
export function variableRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });

  app.post("/", async (c) => {
    const input = await parseBody(c, VariableCreate);
    return c.json(
      store.write(() => store.variables.create(input, now())),
      201,
    );
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, VariableFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.variables.filter(query));
  });

  app.post("/count", async (c) => {
    const query = await parseBody(c, VariableCountRequest, true);
    return c.json(store.variables.count(query));
  });

  app.get("/name/:name", (c) => {
    const variable = store.variables.readByName(c.req.param("name"));
    if (variable === undefined) throw notFound(VARIABLE_NOT_FOUND);
    return c.json(variable);
  });

  app.patch("/name/:name", async (c) => {
    const name = c.req.param("name");
    const patch = await parseBody(c, VariableUpdate);
    if (!store.write(() => store.variables.update({ name }, patch, now()))) throw notFound(VARIABLE_NOT_FOUND);
    return c.body(null, 204);
  });

  app.delete("/name/:name", (c) => {
    const name = c.req.param("name");
    if (!store.write(() => store.variables.delete({ name }))) throw notFound(VARIABLE_NOT_FOUND);
    return c.body(null, 204);
  });

  app.get("/:id", (c) => {
    const variable = store.variables.read(uuidParam(c));
    if (variable === undefined) throw notFound(VARIABLE_NOT_FOUND);
    return c.json(variable);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, VariableUpdate);
    if (!store.write(() => store.variables.update({ id }, patch, now()))) throw notFound(VARIABLE_NOT_FOUND);
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    if (!store.write(() => store.variables.delete({ id }))) throw notFound(VARIABLE_NOT_FOUND);
    return c.body(null, 204);
  });

  return app;
}
