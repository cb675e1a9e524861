// The `block` command tree: names, arguments and options as Prefect's CLI spells them. Each action lazy-imports
// block.ts so `--help` loads nothing heavy; main.ts registers the tree.
import type { Command } from "commander";
import { collect, outputOption, type Act } from "./command-kit.js";
import type { BlockCreateFlags, BlockTargetFlags } from "./block.js";

/** `block ls|inspect|create|delete|register` and `block type ls`. */
export function registerBlockCommands(program: Command, act: Act): void {
  const block = program
    .command("block")
    .description("create, inspect and delete blocks (typed, named configuration with secrets)");
  const load = () => import("./block.js");
  block
    .command("ls")
    .description("list blocks")
    .addOption(outputOption())
    .action(act(async (c, o: { output?: "json" }) => (await load()).blockLs(c, o)));
  block
    .command("inspect")
    .description("show a block (secret fields as ********)")
    .argument("[slug]", "the block as <block_type_slug>/<name>, e.g. secret/db-password")
    .option("--id <uuid>", "the block's id instead of its slug")
    .action(act(async (c, s: string | undefined, o: BlockTargetFlags) => (await load()).blockInspect(c, s, o)));
  block
    .command("create")
    .description("create a block of a type from its fields")
    .argument("<block_type_slug>", "the block type, e.g. secret, json, local-file-system")
    .argument("<name>", "the block's name: lowercase letters, numbers and dashes")
    .option("--field <key=value>", "a field of the block (JSON when it parses, else text; repeatable)", collect)
    .option("--data <json>", "all fields as a JSON object")
    .option("--overwrite", "replace the data of an existing block of that name")
    .action(act(async (c, t: string, n: string, o: BlockCreateFlags) => (await load()).blockCreate(c, t, n, o)));
  block
    .command("delete")
    .description("delete a block")
    .argument("[slug]", "the block as <block_type_slug>/<name>")
    .option("--id <uuid>", "the block's id instead of its slug")
    .action(act(async (c, s: string | undefined, o: BlockTargetFlags) => (await load()).blockDelete(c, s, o)));
  block
    .command("register")
    .description("list the built-in block types the server registers at start")
    .option("-f, --file <path>", "a file of block definitions (not supported: there is no Block class in prefect-ts)")
    .option("-m, --module <name>", "a module of block definitions (not supported)")
    .action(act(async (c, o: { file?: string; module?: string }) => (await load()).blockRegister(c, o)));
  const type = block.command("type").description("inspect block types");
  type
    .command("ls")
    .description("list block types")
    .action(act(async (c) => (await load()).blockTypeLs(c)));
}
