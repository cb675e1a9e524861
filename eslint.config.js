// ESLint for prefect-ts (`npm run lint`): the mistakes a review catches, caught before review. Formatting is
// Prettier's job (`npm run format`) and layering (what may import what) dependency-cruiser's (`npm run lint:layers`).
// Type-aware rules (promises) run on the package and the dashboard only: over test/ and bench/ as well they tripled
// lint's time, and a test's lost promise fails the test anyway.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Everything linted (`npm run lint` names the same folders); `.mjs` scripts too. */
const ALL = [
  "src/**/*.ts",
  "ui/src/**/*.{ts,tsx}",
  "test/**/*.{ts,mjs}",
  "bench/**/*.ts",
  "scripts/**/*.{ts,mjs}",
  "examples/**/*.ts",
];
/** What the type-aware rules check (through each folder's own tsconfig.json, found by the project service). */
const TYPED = ["src/**/*.ts", "ui/src/**/*.{ts,tsx}"];

/** How code outside src/settings/ could read the environment, each with the way to do it instead. */
const ENV_MESSAGE =
  "Only src/settings/ reads the environment (STYLE.md): take a resolved `Settings` (resolveSettings() at the edge) " +
  "or an `env` option, and default it with processEnvironment() from src/settings/.";

export default tseslint.config(
  {
    // test/fixtures and bench/fixtures are linted: they are flows the tests run, written as users write them.
    ignores: ["dist/**", "node_modules/**", "test-artifacts/**", "**/*.d.ts"],
  },
  {
    files: ALL,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // verbatimModuleSyntax already requires `import type` for interfaces; this catches a class imported only as a
      // type too, which would otherwise load its module at run time. `typeof import("./x.js")` stays allowed: it
      // names the type of a module loaded lazily with `await import()`, which an import statement would load eagerly.
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      // `_name` marks a parameter a signature needs but the body does not, or a property taken out of a rest copy.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // A `let` read by a closure before its one assignment (a forwarding stub for a recursive structure) must stay a
      // `let`: as a `const` the closure would hit the temporal dead zone.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: TYPED,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its error (an unhandled rejection kills the process) and its ordering: await
      // it, `.catch()` it to a report, or mark a deliberate fire-and-forget with `void` and a comment saying why.
      "@typescript-eslint/no-floating-promises": "error",
      // An async function where a sync callback is expected (an event listener, forEach, a condition) runs with
      // nobody observing its rejection.
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // The environment belongs to the settings layer; the dashboard runs in a browser and has none.
    files: ["src/**/*.ts", "ui/src/**/*.{ts,tsx}"],
    ignores: ["src/settings/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: ENV_MESSAGE }],
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.property.name='process'][property.name='env']", message: ENV_MESSAGE },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "node:process", importNames: ["env"], message: ENV_MESSAGE },
            { name: "process", importNames: ["env"], message: ENV_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    // Tests, benchmarks and scripts: `any` in a test helper is no public signature (it stays an error in src/, where
    // it would be), and type tests bind values only to take their types.
    files: ["test/**/*.{ts,mjs}", "bench/**/*.ts", "scripts/**/*.{ts,mjs}"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["test/types/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": "off",
    },
  },
);
