// Prints the settings table (src/settings/keys.ts) as markdown, or with --write replaces the part of README.md
// between `<!-- settings:start -->` and `<!-- settings:end -->`; --check exits 1 when README.md is out of date.
// Run: npx tsx scripts/settings-table.ts [--write | --check]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { SETTINGS, SETTING_NAMES, type SettingDefinition } from "../src/settings/index.js";

const START = "<!-- settings:start -->";
const END = "<!-- settings:end -->";

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** The markdown table of every setting: name, type, default, description. */
function settingsMarkdown(): string {
  const lines = ["| Setting | Type | Default | Description |", "|---|---|---|---|"];
  for (const name of SETTING_NAMES) {
    const d: SettingDefinition = SETTINGS[name];
    let type: string = d.type;
    if (d.allowed !== undefined) type += `: ${d.allowed.map((a) => `\`${a}\``).join(", ")}`;
    if (d.min !== undefined || d.max !== undefined) type += ` (${d.min ?? ""}..${d.max ?? ""})`;
    if (d.secret === true) type += ", secret";
    const fallback = d.default === null ? "unset" : `\`${String(d.default)}\``;
    const aliases = d.aliases === undefined ? "" : ` Also read from ${d.aliases.map((a) => `\`${a}\``).join(", ")}.`;
    lines.push(`| \`${name}\` | ${cell(type)} | ${cell(fallback)} | ${cell(d.description + aliases)} |`);
  }
  return lines.join("\n");
}

function main(argv: string[]): void {
  const table = settingsMarkdown();
  if (!argv.includes("--write") && !argv.includes("--check")) {
    process.stdout.write(table + "\n");
    return;
  }
  const readme = resolve(import.meta.dirname, "../README.md");
  if (!existsSync(readme)) {
    process.stderr.write(`${readme} does not exist; create it with ${START} and ${END} markers.\n`);
    process.exitCode = 1;
    return;
  }
  const text = readFileSync(readme, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    process.stderr.write(`README.md has no ${START} ... ${END} markers; add them where the table belongs.\n`);
    process.exitCode = 1;
    return;
  }
  const next = `${text.slice(0, start + START.length)}\n${table}\n${text.slice(end)}`;
  if (argv.includes("--check")) {
    if (next !== text) {
      process.stderr.write("README.md's settings table is out of date: run `npm run readme:settings`.\n");
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(readme, next);
  process.stdout.write(`Wrote ${SETTING_NAMES.length} settings to README.md.\n`);
}

main(process.argv.slice(2));
