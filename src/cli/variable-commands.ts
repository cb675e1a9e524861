// The `variable` command tree: names, arguments and options as Prefect's CLI spells them. Each action
// lazy-imports variable.ts so `--help` loads nothing heavy; main.ts registers the tree.
import type { Command } from "commander";
import { collect, outputOption, positiveInteger, type Act } from "./command-kit.js";
import type { VariableLsFlags, VariableSetFlags } from "./variable.js";

/** `variable set|get|ls|inspect|unset` (`unset` also answers to `delete`). */
export function registerVariableCommands(program: Command, act: Act): void {
  const variable = program.command("variable").description("create, read and delete variables (named JSON values)");
  const load = () => import("./variable.js");
  variable
    .command("set")
    .description("set a variable; the value is read as JSON when it parses (42, true, '{\"a\": 1}'), else as text")
    .argument("<name>", "the variable's name: lowercase letters, numbers, dashes and underscores")
    .argument("<value>", "the value")
    .option("--overwrite", "replace the value of an existing variable")
    .option("--tag <tag>", "a tag for the variable (repeatable)", collect)
    .action(act(async (c, n: string, v: string, o: VariableSetFlags) => (await load()).variableSet(c, n, v, o)));
  variable
    .command("get")
    .description("print a variable's value as JSON")
    .argument("<name>", "the variable's name")
    .action(act(async (c, n: string) => (await load()).variableGet(c, n)));
  variable
    .command("ls")
    .description("list variables")
    .option("--limit <n>", "the most variables to list", positiveInteger, 100)
    .addOption(outputOption())
    .action(act(async (c, o: VariableLsFlags) => (await load()).variableLs(c, o)));
  variable
    .command("inspect")
    .description("show a variable as JSON (as the API returns it)")
    .argument("<name>", "the variable's name")
    .addOption(outputOption())
    .action(act(async (c, n: string) => (await load()).variableInspect(c, n)));
  variable
    .command("unset")
    .alias("delete")
    .description("delete a variable")
    .argument("<name>", "the variable's name")
    .action(act(async (c, n: string) => (await load()).variableUnset(c, n)));
}
