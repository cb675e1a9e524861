// The `artifact` command tree: names, arguments and options as Prefect's CLI spells them. Each action lazy-imports
// artifact.ts so `--help` loads nothing heavy; main.ts registers the tree.
import { type Command, Option } from "commander";
import { positiveInteger, uuid, type Act } from "./command-kit.js";
import type { ArtifactDeleteFlags, ArtifactInspectFlags, ArtifactLsFlags } from "./artifact.js";

// Not outputOption()'s choices: a format other than json gets Prefect's own message (artifact.ts checks it).
const output = (): Option => new Option("-o, --output <format>", "output format (json)");

/** `artifact ls|inspect|delete`. */
export function registerArtifactCommands(program: Command, act: Act): void {
  const artifact = program
    .command("artifact")
    .description("list, inspect and delete artifacts (markdown, tables, links, progress and images runs publish)");
  const load = () => import("./artifact.js");
  artifact
    .command("ls")
    .description("list the latest artifact of each key (every artifact with --all)")
    .option("--limit <n>", "the most artifacts to list", positiveInteger, 100)
    .option("-a, --all", "every version of every key, and artifacts without a key")
    .addOption(output())
    .action(act(async (c, o: ArtifactLsFlags) => (await load()).artifactLs(c, o)));
  artifact
    .command("inspect")
    .description("show every version of a key as JSON (as the API returns it), most recently updated first")
    .argument("<key>", "the artifact's key")
    .option("--limit <n>", "the most versions to show", positiveInteger, 10)
    .addOption(output())
    .action(act(async (c, k: string, o: ArtifactInspectFlags) => (await load()).artifactInspect(c, k, o)));
  artifact
    .command("delete")
    .description("delete every version of a key, or one artifact by --id")
    .argument("[key]", "the key whose artifacts to delete")
    .option("--id <uuid>", "the id of one artifact to delete instead of a key", uuid)
    .action(act(async (c, k: string | undefined, o: ArtifactDeleteFlags) => (await load()).artifactDelete(c, k, o)));
}
