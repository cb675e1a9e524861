// `npm run bench`: runs every bench/*.bench.ts (each exports `run(): Promise<Figure[]>`), after a header naming
// the machine, Node and SQLite versions, and prints p50/p95/p99 per figure with its target.
import { readdirSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { meetsTarget, type Figure } from "./figure.js";

const here = dirname(fileURLToPath(import.meta.url));

function sqliteVersion(): string {
  const db = new Database(":memory:");
  try {
    return (db.prepare("select sqlite_version() as v").get() as { v: string }).v;
  } finally {
    db.close();
  }
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const cpu = cpus();
  console.log("prefect-ts benchmarks");
  console.log(
    `machine: ${cpu[0]?.model ?? "unknown cpu"} x ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}`,
  );
  console.log(`node ${process.version}, sqlite ${sqliteVersion()}`);
  console.log("");
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  let failed = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => Promise<Figure[]> };
    if (typeof mod.run !== "function") continue;
    console.log(`## ${file}`);
    const figures = await mod.run();
    for (const f of figures) {
      const ok = meetsTarget(f);
      if (ok === false) failed++;
      const mark = ok === undefined ? "  " : ok ? "ok" : "!!";
      console.log(
        `${mark} ${f.name.padEnd(46)} p50 ${fmt(f.p50).padStart(8)}  p95 ${fmt(f.p95).padStart(8)}  p99 ${fmt(f.p99).padStart(8)} ${f.unit.padEnd(7)}${f.target ? ` target ${f.target}` : ""}${f.note ? `  (${f.note})` : ""}`,
      );
    }
    console.log("");
  }
  console.log(failed === 0 ? "all targets met" : `${failed} figure(s) missed their target`);
}

await main();
