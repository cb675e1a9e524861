// The layers of ARCHITECTURE.md as dependency-cruiser rules (`npm run lint:layers`): imports point down, client/ and
// server/ never import each other (they agree through schemas/), a layer is imported from outside through its index.ts
// (THROUGH_INDEX), each layer keeps to its own npm packages, and every folder and top-level file of src/ has a rule, so
// a new one has to be placed in the table before it can import.
// Code style is ESLint's (eslint.config.js); this file is only about what may import what.

/** A path pattern for the given layers of src/ (folders end in "/", files are escaped names). */
const below = (...paths) => `^src/(${paths.join("|")})`;
const LEAVES = ["errors\\.ts", "settings/"];

/** A rule forbidding `from` to import anything of ours outside `allowed` (its own folder included). */
function layer(name, from, allowed, why = "") {
  return {
    name,
    severity: "error",
    comment: `${name} may import only: ${allowed.join(", ")} (ARCHITECTURE.md)${why ? `. ${why}` : ""}`,
    from: { path: from },
    to: { path: "^src/", pathNot: below(...allowed) },
  };
}

/** The path of an npm package (or its @types package) as resolved, for `to.path`. */
const packages = (...names) =>
  `(^|/)node_modules/(@types/)?(${names.map((n) => n.replace("/", "\\/")).join("|")})(/|$)`;

/** A rule forbidding `from` to import the npm packages `names` (type-only imports included: they couple too). */
function npmNever(name, from, names, why) {
  return {
    name,
    severity: "error",
    comment: `${from} never imports ${names.join(", ")}: ${why}`,
    from: { path: from },
    to: { path: packages(...names) },
  };
}

// The server's and the Docker worker's packages: native code, a web framework, a socket to an engine. A layer that a
// remote client, a script's `import "prefect-ts"` or the browser loads must not pull them in.
const SERVER_PACKAGES = ["better-sqlite3", "hono", "@hono/node-server"];
const DOCKER_PACKAGES = ["dockerode", "tar-fs", "@balena/dockerignore"];
const CLI_PACKAGES = ["commander", "@clack/prompts", "cli-table3", "yocto-spinner", "picocolors"];
// Node-only packages the dashboard (a browser bundle) cannot run.
const NODE_ONLY = [
  ...SERVER_PACKAGES,
  ...DOCKER_PACKAGES,
  ...CLI_PACKAGES,
  "ws",
  "tsx",
  "typescript",
  "typescript-json-schema",
  "smol-toml",
];

/** Every layer of src/ that has a rule below; a file outside them fails `unplaced-file`. */
const PLACED = below(
  "errors\\.ts$",
  "settings/",
  "schemas/",
  "schedules/",
  "client/",
  "server/",
  "docker/",
  "engine/",
  "deploy/",
  "(flow|task|variables|artifacts)\\.ts$",
  "worker/",
  "connect\\.ts$",
  "index\\.ts$",
  "cli/",
  "testing/",
);

/**
 * Layers whose importers outside them go through the layer's index.ts only: the index is the layer's surface, its other
 * files can move. A part that must load on use (zod, yaml, tsx, the Docker worker, a server) is an import function of
 * the index (`importX = () => import("./x.js")`), so importing the index loads none of it and each part still loads
 * alone. `also` names a second entry file where one index cannot serve every importer at start-up speed, and `why`.
 */
const THROUGH_INDEX = [
  { layer: "settings" },
  {
    layer: "schemas",
    also: "plain",
    why: "the contract's zod-free parts (versions, the default pool's name, templating, date-time text) for the engine and deploy code that load at start-up, before any wire model",
  },
  { layer: "schedules" },
  { layer: "docker" },
  {
    layer: "engine",
    also: "clock",
    why: "the Clock alone (no imports) for the worker's poll loops, which `server start` loads to run managed pools without the rest of the engine",
  },
  { layer: "deploy" },
  {
    layer: "client",
    also: "client",
    why: 'PrefectClient alone for connect.ts, which `import "prefect-ts"` loads: index.ts re-exports the wire schemas (zod), which load with the client\'s first request',
  },
  {
    layer: "worker",
    also: "serve",
    why: "serve() for the public exports and flow.ts: it loads the Runner with the deploy and engine surfaces, which connect.ts (every CLI command) must not, through index.ts",
  },
  { layer: "server" },
  { layer: "testing" },
];

module.exports = {
  forbidden: [
    // --- Layers, bottom to top (ARCHITECTURE.md's table) ---
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
    layer("deploy-layer", "^src/deploy/", [
      "deploy/",
      "docker/",
      "engine/",
      "client/",
      "schemas/",
      "schedules/",
      ...LEAVES,
    ]),
    // `.serve()` runs the poll loop, which lives in worker/ (ARCHITECTURE.md listed deploy/ only).
    layer("user-api", "^src/(flow|task)\\.ts$", [
      "flow\\.ts",
      "task\\.ts",
      "engine/",
      "deploy/",
      "worker/",
      "client/",
      "schemas/",
      ...LEAVES,
    ]),
    // Variable.get/set: the engine's client (or a given one) over the variables API.
    layer("variables-api", "^src/variables\\.ts$", ["variables\\.ts", "engine/", "client/", "schemas/", ...LEAVES]),
    // createMarkdownArtifact & co.: the run's client (or the engine's) over the artifacts API.
    layer("artifacts-api", "^src/artifacts\\.ts$", ["artifacts\\.ts", "engine/", "client/", "schemas/", ...LEAVES]),
    layer("worker-layer", "^src/worker/", [
      "worker/",
      "docker/",
      "engine/",
      "client/",
      "deploy/",
      "schemas/",
      "schedules/",
      ...LEAVES,
    ]),
    // getClient(): the one place that chooses remote or embedded, so it may reach both client/ and server/ (and the
    // worker's embedded-server handle); it is below the CLI and the public exports, which use it.
    layer(
      "connect-edge",
      "^src/connect\\.ts$",
      ["connect\\.ts", "client/", "server/", "worker/", "engine/", "schemas/", "schedules/", ...LEAVES],
      "The CLI and index.ts sit above it.",
    ),
    // The public exports: everything a user calls, but not the server (its own entry, "prefect-ts/server": importing
    // "prefect-ts" must not load hono and better-sqlite3), the test helpers ("prefect-ts/testing") or the CLI.
    layer(
      "public-exports",
      "^src/index\\.ts$",
      [
        "index\\.ts",
        "flow\\.ts",
        "task\\.ts",
        "variables\\.ts",
        "artifacts\\.ts",
        "connect\\.ts",
        "worker/",
        "deploy/",
        "engine/",
        "docker/",
        "client/",
        "schemas/",
        "schedules/",
        ...LEAVES,
      ],
      "The server, testing and the CLI have entry points of their own.",
    ),
    // The CLI is the top: it may call any library layer, but through the library, never the server's storage (a
    // command goes through the API, so it works the same against a remote server).
    layer(
      "cli-edge",
      "^src/cli/",
      [
        "cli/",
        "connect\\.ts",
        "flow\\.ts",
        "task\\.ts",
        "variables\\.ts",
        "artifacts\\.ts",
        "worker/",
        "deploy/",
        "engine/",
        "docker/",
        "client/",
        "server/",
        "schemas/",
        "schedules/",
        ...LEAVES,
      ],
      "Never index.ts (the public exports) or testing/.",
    ),
    {
      name: "cli-not-into-store",
      severity: "error",
      comment:
        "src/cli/ never reaches into src/server/store/: a command goes through the API (the client), so it behaves the same against a remote server",
      from: { path: "^src/cli/" },
      to: { path: "^src/server/store/" },
    },
    // The test helpers ("prefect-ts/testing"): a server in a temp home, a clock, waitFor.
    layer("testing-kit", "^src/testing/", [
      "testing/",
      "connect\\.ts",
      "server/",
      "engine/",
      "client/",
      "schemas/",
      ...LEAVES,
    ]),
    {
      name: "edges-are-not-imported",
      severity: "error",
      comment:
        "Nothing in src/ imports the CLI, the test helpers or the public exports; connect.ts is imported only by the edges (CLI, index.ts, testing/)",
      from: { path: "^src/", pathNot: "^src/(cli/|index\\.ts$|testing/)" },
      to: { path: "^src/(cli/|testing/|index\\.ts$|connect\\.ts$)" },
    },
    {
      name: "unplaced-file",
      severity: "error",
      comment:
        "Every folder and top-level file of src/ has a layer rule here: add the new one to PLACED and give it a rule (ARCHITECTURE.md says where it sits)",
      from: { path: "^src/", pathNot: PLACED },
      to: {},
    },
    ...THROUGH_INDEX.map(({ layer, also, why }) => ({
      name: `${layer}-through-index`,
      severity: "error",
      comment:
        `Outside src/${layer}/, import it through src/${layer}/index.ts: the index is the layer's surface, its other files can move` +
        (also ? `, or src/${layer}/${also}.ts: ${why}` : ""),
      from: { path: "^src/", pathNot: `^src/${layer}/` },
      to: { path: `^src/${layer}/`, pathNot: `^src/${layer}/(index${also ? `|${also}` : ""})\\.ts$` },
    })),

    // --- npm packages per layer ---
    npmNever(
      "schemas-packages",
      "^src/schemas/",
      [...SERVER_PACKAGES, ...DOCKER_PACKAGES, ...CLI_PACKAGES, "ky", "ws"],
      "the contract is zod models, loaded by the client, the server and the browser alike",
    ),
    npmNever(
      "settings-packages",
      "^src/settings/",
      [...SERVER_PACKAGES, ...DOCKER_PACKAGES, ...CLI_PACKAGES, "ky", "ws", "zod"],
      "a leaf every process loads first",
    ),
    npmNever(
      "schedules-packages",
      "^src/schedules/",
      [...SERVER_PACKAGES, ...DOCKER_PACKAGES, ...CLI_PACKAGES, "ky", "ws"],
      "pure schedule maths",
    ),
    npmNever(
      "client-packages",
      "^src/client/",
      [...SERVER_PACKAGES, ...DOCKER_PACKAGES, ...CLI_PACKAGES, "typescript", "typescript-json-schema"],
      "a remote client loads no server; the embedded transport reaches the server through connect.ts",
    ),
    npmNever(
      "engine-packages",
      "^src/engine/",
      [...SERVER_PACKAGES, ...DOCKER_PACKAGES, ...CLI_PACKAGES],
      "a flow call in a script loads the engine, never the server, Docker or the CLI",
    ),
    npmNever(
      "server-packages",
      "^src/server/",
      [...DOCKER_PACKAGES, ...CLI_PACKAGES, "ky"],
      "the server answers the API; the client and the worker make calls and launch containers",
    ),
    npmNever(
      "deploy-worker-packages",
      "^src/(deploy|worker|docker)/",
      [...SERVER_PACKAGES, ...CLI_PACKAGES],
      "they talk to the API through the client, and print nothing of the CLI's",
    ),
    npmNever(
      "user-api-packages",
      "^src/(flow|task|variables|artifacts|index)\\.ts$",
      [...SERVER_PACKAGES, ...DOCKER_PACKAGES, ...CLI_PACKAGES],
      '`import "prefect-ts"` stays light',
    ),
    npmNever("dashboard-packages", "^ui/", NODE_ONLY, "the dashboard is a browser bundle"),
    {
      name: "runtime-deps-declared",
      severity: "error",
      comment:
        "What src/ loads at run time is a dependency in package.json, not a devDependency or a package that only happens to be installed through another (the published package would miss it)",
      from: { path: "^src/" },
      to: {
        dependencyTypes: ["npm-dev", "npm-no-pkg", "npm-unknown"],
        dependencyTypesNot: ["type-only"],
        pathNot: "(^|/)node_modules/@types/",
      },
    },

    // --- The dashboard ---
    // It talks to the API only through the package's client (and its schemas); the server serves its built files and
    // never imports it. One exception: src/schedules/index.ts, for the schedule form's preview of the next runs. That
    // is pure schedule maths (cron-parser's expression parser, luxon, rrule), browser-safe, and shared so that the
    // preview is the server's schedule, not a second copy of it; the form loads it lazily (a chunk of its own).
    {
      name: "dashboard-layer",
      severity: "error",
      comment:
        "ui/ may import only src/client and src/schemas (ARCHITECTURE.md), and src/schedules/index.ts for the schedule preview",
      from: { path: "^ui/" },
      to: { path: "^src/", pathNot: below("client/", "schemas/", "schedules/index\\.ts$") },
    },
    {
      name: "nothing-imports-the-dashboard",
      severity: "error",
      comment: "src/ never imports ui/: the server serves dist/ui as files (ARCHITECTURE.md)",
      from: { path: "^src/" },
      to: { path: "^ui/" },
    },

    // --- Hygiene ---
    {
      name: "no-circular",
      severity: "error",
      comment: "circular imports make load order fragile",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "no-orphans",
      severity: "error",
      comment:
        "A module nothing imports is dead code: delete it with its tests (STYLE.md). Entry points and declaration files are exempt.",
      from: {
        orphan: true,
        // ui/src/shims/*: Vite's aliases for node modules in the browser bundle (ui/vite.config.ts), loaded by name.
        pathNot: [
          "\\.d\\.ts$",
          "^src/index\\.ts$",
          "^src/cli/main\\.ts$",
          "^src/(client|server|testing)/index\\.ts$",
          "^ui/src/main\\.tsx$",
          "^ui/src/shims/",
        ],
      },
      to: {},
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve fails at run time (a typo, or a package that is not installed)",
      from: { path: "^(src|ui)/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // exportsFields lets the conditions apply (subpaths such as hono/cors resolve), and makes the dashboard's
    // `prefect-ts/client` a self-reference that resolves to src/client/index.ts through the source condition.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["prefect-ts-source", "import", "types", "default"],
    },
  },
};
