// The layers of ARCHITECTURE.md as dependency-cruiser rules: imports point down, and
// client/ and server/ never import each other (they agree through schemas/).
const below = (...paths) => `^src/(${paths.join("|")})`;
const LEAVES = ["errors\\.ts", "settings/"];

/** A rule forbidding `from` to import anything of ours outside `allowed` (its own folder included). */
function layer(name, from, allowed) {
  return {
    name,
    severity: "error",
    comment: `${name} may import only: ${allowed.join(", ")} (ARCHITECTURE.md)`,
    from: { path: from },
    to: { path: "^src/", pathNot: below(...allowed) },
  };
}

module.exports = {
  forbidden: [
    layer("errors-is-a-leaf", "^src/errors\\.ts$", ["errors\\.ts"]),
    layer("settings-is-a-leaf", "^src/settings/", ["settings/", "errors\\.ts"]),
    layer("schemas-contract", "^src/schemas/", ["schemas/", ...LEAVES]),
    layer("schedules-maths", "^src/schedules/", ["schedules/", "schemas/", ...LEAVES]),
    layer("client-layer", "^src/client/", ["client/", "schemas/", ...LEAVES]),
    layer("server-layer", "^src/server/", ["server/", "schemas/", "schedules/", ...LEAVES]),
    // The Docker Engine connection (dockerode), shared by image builds and the Docker worker.
    layer("docker-layer", "^src/docker/", ["docker/", ...LEAVES]),
    layer("engine-layer", "^src/engine/", ["engine/", "client/", "schemas/", ...LEAVES]),
    // runDeployment() takes the engine's client and links a run made inside a flow run as a subflow.
    layer("deploy-layer", "^src/deploy/", ["deploy/", "docker/", "engine/", "client/", "schemas/", "schedules/", ...LEAVES]),
    // `.serve()` runs the poll loop, which lives in worker/ (ARCHITECTURE.md listed deploy/ only).
    layer("user-api", "^src/(flow|task)\\.ts$", ["flow\\.ts", "task\\.ts", "engine/", "deploy/", "worker/", "client/", "schemas/", ...LEAVES]),
    layer("worker-layer", "^src/worker/", ["worker/", "docker/", "engine/", "client/", "deploy/", "schemas/", "schedules/", ...LEAVES]),
    // The dashboard talks to the API only through the package's client (and its schemas); the server serves its
    // built files and never imports it.
    {
      name: "dashboard-layer",
      severity: "error",
      comment: "ui/ may import only src/client and src/schemas (ARCHITECTURE.md)",
      from: { path: "^ui/" },
      to: { path: "^src/", pathNot: below("client/", "schemas/") },
    },
    {
      name: "nothing-imports-the-dashboard",
      severity: "error",
      comment: "src/ never imports ui/: the server serves dist/ui as files (ARCHITECTURE.md)",
      from: { path: "^src/" },
      to: { path: "^ui/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "circular imports make load order fragile",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { conditionNames: ["prefect-ts-source", "import", "types", "default"] },
  },
};
