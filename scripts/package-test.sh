#!/usr/bin/env bash
# Package test: pack the tarball, install it in a temp project, import every entry point,
# run the bin, and run a flow on the embedded server from the installed package.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d)"
serve_pid=""
# A failed step must not leave the served process running.
trap '[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; rm -rf "$work"' EXIT
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
mkdir -p "$work/app"
cd "$work/app"
printf '{ "name": "package-test", "private": true, "type": "module" }\n' > package.json
npm install --no-audit --no-fund --prefer-offline "$work/$tarball" >/dev/null
export PREFECT_HOME="$work/home"
node --input-type=module -e '
const entries = ["prefect-ts", "prefect-ts/client", "prefect-ts/server", "prefect-ts/testing"];
for (const entry of entries) {
  const mod = await import(entry);
  if (Object.keys(mod).length === 0) throw new Error(`${entry} exports nothing`);
  console.log(`import ${entry}: ${Object.keys(mod).length} exports`);
}
const { flow, task, getClient } = await import("prefect-ts");
const double = task({ name: "double" }, async (x) => x * 2);
const main = flow({ name: "package-test" }, async (x) => (await double(x)) + 1);
const result = await main(20);
if (result !== 41) throw new Error(`flow returned ${result}, expected 41`);
const runs = await getClient().readFlowRuns();
if (runs.length !== 1 || runs[0].stateType !== "COMPLETED") throw new Error("flow run not recorded as COMPLETED");
console.log("flow on the embedded server: COMPLETED");
'
npx --no-install prefect-ts --help >/dev/null
npx --no-install prefect-ts version

# serve() from the installed package: a TypeScript flow file served in the background, a run triggered and watched
# with the CLI (the child loads the .ts entrypoint through tsx from dist/).
cat > flows.ts <<'TS'
import { flow, getRunLogger } from "prefect-ts";

export const greet = flow({ name: "greet" }, async (name: string, punctuation = "!") => {
  getRunLogger().info(`Hello, ${name}${punctuation}`);
  return name.length;
});

await greet.serve({ name: "package-test", cron: "0 3 * * *" });
TS
node --import tsx flows.ts > serve.log 2>&1 &
serve_pid=$!
for _ in $(seq 1 300); do grep -q "being served" serve.log && break; sleep 0.1; done
grep -q "being served" serve.log || { cat serve.log; echo "serve() did not start"; exit 1; }
if ! npx --no-install prefect-ts deployment run 'greet/package-test' --param name=package --watch > run.log 2>&1; then
  cat run.log serve.log
  echo "the served run did not complete"
  exit 1
fi
grep -q "Hello, package!" run.log || { cat run.log; echo "the run's logs were not shown"; exit 1; }
kill -TERM "$serve_pid"
wait "$serve_pid" || { cat serve.log; echo "serve() did not exit 0 on SIGTERM"; exit 1; }
serve_pid=""
echo "served a .ts flow from the installed package and ran it with deployment run --watch"
# The README's "Use prefect-ts in your own project", as written: a new module project, the tarball and tsx installed,
# the README's my-flow.ts run with npx tsx, the run listed by the installed CLI.
mkdir -p "$work/my-project"
cd "$work/my-project"
npm init -y >/dev/null && npm pkg set type=module
npm pkg set allowScripts.better-sqlite3=true allowScripts.esbuild=true \
  allowScripts.cpu-features=false allowScripts.protobufjs=false allowScripts.ssh2=false \
  allowScripts.prefect-ts=false --json
npm install --no-audit --no-fund --prefer-offline "$work/$tarball" tsx >/dev/null
awk '/<!-- own-project:my-flow.ts -->/{found=1; next} found && /^```ts/{inblock=1; next} inblock && /^```/{exit} inblock{print}' \
  "$repo/README.md" > my-flow.ts
[ -s my-flow.ts ] || { echo "README has no own-project:my-flow.ts block"; exit 1; }
export PREFECT_HOME="$work/own-home"
npx tsx my-flow.ts > own.log 2>&1 || { cat own.log; echo "the README's my-flow.ts failed"; exit 1; }
grep -q "sum: 6" own.log || { cat own.log; echo "the README's my-flow.ts did not print sum: 6"; exit 1; }
npx prefect-ts flow-run ls > own-runs.log 2>&1 || { cat own-runs.log; echo "flow-run ls failed"; exit 1; }
grep -q "sum" own-runs.log && grep -qi "completed" own-runs.log || { cat own-runs.log; echo "the run was not listed as Completed"; exit 1; }
echo "the README's own-project steps: my-flow.ts ran with npx tsx, flow-run ls shows it Completed"
echo "package test passed"
