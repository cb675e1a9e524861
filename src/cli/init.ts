// `prefect-ts init [--recipe NAME] [--field k=v ...]` (and seed 000's `project init`): writes the project's
// prefect.yaml from a recipe (src/deploy/project/recipes.ts) and a .prefectignore when there is none.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { importDockerfile, importRecipes } from "../deploy/index.js";
import { ConfigError } from "../errors.js";
import type { CliContext } from "./context.js";
import { gitCheckout } from "./git-checkout.js";
import { mayPrompt } from "./prompting.js";

/** Flags of `init`. */
export interface InitFlags {
  recipe?: string;
  field?: string[];
  /** Overwrite an existing prefect.yaml. */
  force?: boolean;
}

function parseFields(items: readonly string[] | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0)
      throw new ConfigError(
        `Invalid --field ${JSON.stringify(item)}: expected NAME=VALUE, e.g. --field image_name=my-flows.`,
        "--field",
      );
    fields[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return fields;
}

/** Writes prefect.yaml (and .prefectignore) in the current directory. */
export async function initCommand(context: CliContext, flags: InitFlags): Promise<void> {
  const directory = process.cwd();
  const target = path.join(directory, "prefect.yaml");
  if (existsSync(target) && !flags.force) {
    throw new ConfigError("prefect.yaml already exists here. Edit it, or pass --force to replace it.", "--force");
  }
  const [{ recipes, renderRecipe, DEFAULT_PREFECTIGNORE }, { projectSlug }, { PREFECT_VERSION }] = await Promise.all([
    importRecipes(),
    importDockerfile(),
    import("../schemas/plain.js"),
  ]);
  const checkout = gitCheckout(directory);
  const recipeContext = {
    directory,
    projectName: projectSlug(path.basename(directory)),
    gitRemote: checkout.remote,
    gitBranch: checkout.branch,
  };
  const all = recipes(recipeContext);
  const interactive = await mayPrompt(context);
  let name = flags.recipe;
  if (name === undefined && interactive) {
    const prompts = await import("@clack/prompts");
    const picked = await prompts.select({
      message: "Which recipe fits how your runs get their code?",
      options: Object.values(all).map((r) => ({ value: r.name, label: r.name, hint: r.description })),
      initialValue: "local",
    });
    if (prompts.isCancel(picked)) return cancelled(context);
    name = picked;
  }
  name ??= "local";
  const recipe = all[name];
  if (!recipe) throw new ConfigError(`Unknown recipe '${name}'. Recipes: ${Object.keys(all).join(", ")}.`, "--recipe");
  const fields = parseFields(flags.field);
  for (const field of recipe.fields) {
    if (fields[field.name] !== undefined) continue;
    if (interactive) {
      const prompts = await import("@clack/prompts");
      const answer = await prompts.text({
        message: field.question,
        ...(field.default !== undefined ? { initialValue: field.default, placeholder: field.default } : {}),
        validate: (value) => (value === undefined || value.trim() === "" ? `${field.name} is needed` : undefined),
      });
      if (prompts.isCancel(answer)) return cancelled(context);
      fields[field.name] = answer.trim();
    } else if (field.default !== undefined) {
      fields[field.name] = field.default;
    }
  }
  const text = renderRecipe(recipe, fields, recipeContext, PREFECT_VERSION);
  writeFileSync(target, text);
  context.out(`Created project file prefect.yaml (recipe ${recipe.name}).`);
  const ignore = path.join(directory, ".prefectignore");
  if (!existsSync(ignore)) {
    writeFileSync(ignore, DEFAULT_PREFECTIGNORE);
    context.out("Created .prefectignore.");
  }
  context.out(
    "Add deployments under `deployments:`, or run `prefect-ts deploy` to be asked and save the answers there.",
  );
}

/** Ctrl-C in a prompt: nothing was written. */
function cancelled(context: CliContext): void {
  context.err("Cancelled; nothing was written.");
  process.exitCode = 130;
}
