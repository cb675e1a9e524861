// `prefect-ts init` recipes, as Prefect's `deployments/recipes`: each a prefect.yaml template whose `{{ field }}`s
// the user fills (prompted, or `--field k=v`), with our steps (npm, a generated Dockerfile) in place of Python's.
// Writing the file and asking are src/cli/init.ts's; the format is read back by prefect-file.ts.
import { ConfigError } from "../../errors.js";
import { imageWorkdir } from "../image/dockerfile.js";

/** A field a recipe needs, with its question and default. */
export interface RecipeField {
  readonly name: string;
  readonly question: string;
  readonly default?: string;
}

/** One recipe: what it is for, its fields, and its steps. */
export interface Recipe {
  readonly name: string;
  readonly description: string;
  readonly fields: readonly RecipeField[];
  readonly build: string;
  readonly push: string;
  readonly pull: string;
}

/** What the recipes default from: the project directory and, in a git checkout, its remote and branch. */
export interface RecipeContext {
  readonly directory: string;
  readonly projectName: string;
  readonly gitRemote?: string | undefined;
  readonly gitBranch?: string | undefined;
}

const BUILD_IMAGE = `build:
- prefect_ts.deployments.steps.build_docker_image:
    id: build-image
    image_name: "{{ image_name }}"
    tag: "{{ tag }}"
    dockerfile: auto
`;
const PUSH_IMAGE = `push:
- prefect_ts.deployments.steps.push_docker_image:
    image_name: "{{ build-image.image_name }}"
    tag: "{{ build-image.tag }}"
`;
const GIT_PULL = `pull:
- prefect_ts.deployments.steps.git_clone:
    repository: "{{ repository }}"
    branch: "{{ branch }}"
    # a private repository: a token from a Prefect variable, e.g.
    # access_token: "{{ prefect.variables.github_token }}"
- prefect_ts.deployments.steps.npm_install: {}
`;

/** The recipes, by name. */
export function recipes(context: RecipeContext): Record<string, Recipe> {
  const imageFields: RecipeField[] = [
    {
      name: "image_name",
      question: "Image name (with registry and namespace to push, e.g. ghcr.io/org/flows)",
      default: context.projectName,
    },
    { name: "tag", question: "Image tag", default: "latest" },
  ];
  const gitFields: RecipeField[] = [
    {
      name: "repository",
      question: "Git repository URL workers clone",
      ...(context.gitRemote ? { default: context.gitRemote } : {}),
    },
    { name: "branch", question: "Branch", default: context.gitBranch ?? "main" },
  ];
  return {
    local: {
      name: "local",
      description: "runs use the code where it lies on this machine (process pools)",
      fields: [],
      build: "build: null\n",
      push: "push: null\n",
      pull: `pull:\n- prefect_ts.deployments.steps.set_working_directory:\n    directory: ${JSON.stringify(context.directory)}\n`,
    },
    git: {
      name: "git",
      description: "workers clone the code from a git repository for each run, then npm ci",
      fields: gitFields,
      build: "build: null\n",
      push: "push: null\n",
      pull: GIT_PULL,
    },
    docker: {
      name: "docker",
      description: "an image with the code is built (generated Dockerfile) and pushed; runs start in it",
      fields: imageFields,
      build: BUILD_IMAGE,
      push: PUSH_IMAGE,
      pull: `pull:\n- prefect_ts.deployments.steps.set_working_directory:\n    directory: ${imageWorkdir(context.projectName)}\n`,
    },
    "docker-git": {
      name: "docker-git",
      description: "an image with the dependencies is built and pushed; runs clone the code from git inside it",
      fields: [...imageFields, ...gitFields],
      build: BUILD_IMAGE,
      push: PUSH_IMAGE,
      pull: GIT_PULL,
    },
  };
}

/** A YAML scalar for a field's value: quoted as JSON (a valid YAML double-quoted string). */
function scalar(value: string): string {
  return JSON.stringify(value);
}

/**
 * The prefect.yaml text of a recipe with its fields filled in.
 * @throws ConfigError naming a field that has no value and how to give it
 */
export function renderRecipe(
  recipe: Recipe,
  fields: Readonly<Record<string, string>>,
  context: RecipeContext,
  prefectVersion: string,
): string {
  const fill = (text: string): string =>
    text.replace(/"\{\{ ([a-z_]+) \}\}"/g, (whole, name: string) => {
      if (!recipe.fields.some((f) => f.name === name)) return whole;
      const value = fields[name];
      if (value === undefined || value === "") {
        throw new ConfigError(`The ${recipe.name} recipe needs "${name}": pass --field ${name}=VALUE.`, "--field");
      }
      return scalar(value);
    });
  return [
    "# prefect.yaml: how this project's flows are built, pushed, pulled and deployed.",
    `# Written by \`prefect-ts init --recipe ${recipe.name}\`; deploy with \`prefect-ts deploy -n NAME\` or \`--all\`.`,
    "",
    `name: ${scalar(context.projectName)}`,
    `prefect-version: ${scalar(prefectVersion)}`,
    "",
    "# build: steps run by `prefect-ts deploy` before registering (an image, say)",
    fill(recipe.build).trimEnd(),
    "",
    "# push: steps that upload what build made",
    fill(recipe.push).trimEnd(),
    "",
    "# pull: steps each run carries out before it loads the flow",
    fill(recipe.pull).trimEnd(),
    "",
    "# deployments: one entry per deployment, e.g.",
    "# - name: nightly",
    "#   entrypoint: flows/etl.ts:etl",
    "#   parameters: {}",
    '#   schedule: { cron: "0 2 * * *", timezone: UTC }',
    recipe.build.includes("build_docker_image")
      ? '#   work_pool: { name: my-docker-pool, job_variables: { image: "{{ build-image.image }}" } }'
      : "#   work_pool: { name: my-pool, job_variables: {} }",
    "deployments: []",
    "",
  ].join("\n");
}

/** The `.prefectignore` `init` writes when there is none: what never belongs in an image or an upload. */
export const DEFAULT_PREFECTIGNORE = `# Files left out of images built from this project (and of uploads), as .dockerignore.
# node_modules stays in: images built with dependencies: copy use it.
.git
.prefect-ts
*.log
.env
.env.*
coverage
`;
