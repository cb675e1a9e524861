// The interactive `prefect-ts deploy` (seeds 000 and 001): asks, with @clack/prompts, for what the command line left
// out (the flow, found by a static scan; the name; a schedule, previewed in its time zone; the work pool, or a new
// one; an image for a Docker pool; git as the code's source), then deploys and offers to save the answers to
// prefect.yaml. Nothing is written before the last answer: Ctrl-C leaves no pool, deployment or file behind.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type * as Clack from "@clack/prompts";
import * as yaml from "yaml";
import type { PrefectClient } from "../client/index.js";
import { DeploymentImage, importDeployEntrypoint, importDockerfile, importFlowScan } from "../deploy/index.js";
import { ConfigError } from "../errors.js";
import { importWorkerTypes } from "../worker/index.js";
import type { CliContext } from "./context.js";
import type { DeployFlags } from "./deploy.js";
import { gitCheckout } from "./git-checkout.js";

/** Thrown on Ctrl-C: the command ends with exit code 130 and nothing written. */
class WizardCancelled extends Error {}

/** The answers, as deployEntrypoint() takes them plus what the wizard does around it. */
interface WizardAnswers {
  entrypoint: string;
  name: string;
  pool: { name: string; type: string; create: boolean };
  schedule?: { kind: "cron" | "interval" | "rrule"; value: string; timezone: string };
  image?: { name: string; tag: string; dockerfile: string; push: boolean };
  pullSteps?: Record<string, unknown>[];
  /** Kept for prefect.yaml: the git step as the user will see it. */
  git?: { repository: string; branch: string };
}

/** Runs the wizard, deploys, and offers to save. */
export async function deployWizard(
  context: CliContext,
  entrypointArg: string | undefined,
  flags: DeployFlags,
  client: PrefectClient,
): Promise<void> {
  const prompts = await import("@clack/prompts");
  const ask: Ask = async (answer) => {
    const value = await answer;
    if (prompts.isCancel(value)) throw new WizardCancelled();
    return value as never;
  };
  try {
    prompts.intro("prefect-ts deploy");
    const answers = await collect(prompts, ask, context, entrypointArg, flags, client);
    await deployAnswers(context, answers, flags, client);
    const save = await ask(
      prompts.confirm({
        message: "Save these answers to prefect.yaml, so `prefect-ts deploy -n NAME` redeploys without questions?",
        initialValue: true,
      }),
    );
    if (save) {
      const file = saveToProjectFile(answers);
      prompts.outro(`Saved deployment '${answers.name}' to ${path.basename(file)}.`);
    } else {
      prompts.outro("Done.");
    }
  } catch (error) {
    if (!(error instanceof WizardCancelled)) throw error;
    prompts.cancel("Cancelled; nothing was written.");
    process.exitCode = 130;
  }
}

/** Awaits a prompt's answer; Ctrl-C (clack's cancel symbol) becomes WizardCancelled. */
type Ask = <T>(answer: Promise<T>) => Promise<Exclude<T, symbol>>;

async function collect(
  prompts: typeof Clack,
  ask: Ask,
  context: CliContext,
  entrypointArg: string | undefined,
  flags: DeployFlags,
  client: PrefectClient,
): Promise<WizardAnswers> {
  let entrypoint = entrypointArg;
  if (entrypoint === undefined) {
    const { scanFlows } = await importFlowScan();
    const flows = await scanFlows(process.cwd());
    if (flows.length === 0) {
      throw new ConfigError(
        `No flows found under ${process.cwd()}: export one (\`export const etl = flow(...)\`) or give it: prefect-ts deploy path/to/file.ts:exportName`,
        "entrypoint",
      );
    }
    entrypoint = await ask(
      prompts.select({
        message: "Which flow would you like to deploy?",
        options: flows.map((f) => ({
          value: f.entrypoint,
          label: f.flowName,
          hint: f.description ? `${f.entrypoint} - ${f.description}` : f.entrypoint,
        })),
      }),
    );
  }
  const name =
    flags.name?.[0] ??
    (await ask(
      prompts.text({
        message: "Deployment name",
        placeholder: "default",
        defaultValue: "default",
        validate: (v) => (v && /[/%&><]/.test(v) ? "a name may not contain / % & > <" : undefined),
      }),
    ));

  const schedule = await askSchedule(prompts, ask, flags);
  const pool = await askPool(prompts, ask, flags, client);
  const answers: WizardAnswers = { entrypoint, name, pool, ...(schedule ? { schedule } : {}) };
  if (pool.type === "docker" && flags.image === undefined) {
    const build = await ask(
      prompts.confirm({
        message: "Would you like to build a custom Docker image for this deployment?",
        initialValue: true,
      }),
    );
    if (build) {
      const { projectSlug } = await importDockerfile();
      const imageName = await ask(
        prompts.text({
          message: "Image name",
          defaultValue: projectSlug(path.basename(process.cwd())),
          placeholder: projectSlug(path.basename(process.cwd())),
        }),
      );
      const tag = await ask(prompts.text({ message: "Image tag", defaultValue: "latest", placeholder: "latest" }));
      const dockerfile = existsSync("Dockerfile")
        ? await ask(
            prompts.select({
              message: "Which Dockerfile?",
              options: [
                { value: "auto", label: "generate one for this project (auto)" },
                { value: "Dockerfile", label: "./Dockerfile" },
              ],
            }),
          )
        : "auto";
      const push = await ask(
        prompts.confirm({ message: "Would you like to push this image to its registry?", initialValue: false }),
      );
      answers.image = { name: imageName, tag, dockerfile, push };
    }
  }
  const { remote, branch: checkedOut } = gitCheckout(process.cwd());
  if (remote && !flags.image) {
    const branch = checkedOut ?? "main";
    const pull = await ask(
      prompts.confirm({
        message: `Should workers pull this flow's code from git (${remote}, branch ${branch}) for each run?`,
        initialValue: false,
      }),
    );
    if (pull) {
      answers.git = { repository: remote, branch };
      answers.pullSteps = [
        { "prefect_ts.deployments.steps.git_clone": { repository: remote, branch } },
        { "prefect_ts.deployments.steps.npm_install": {} },
      ];
    }
  }
  context.out("");
  return answers;
}

async function askSchedule(prompts: typeof Clack, ask: Ask, flags: DeployFlags): Promise<WizardAnswers["schedule"]> {
  if (flags.cron?.length || flags.interval?.length || flags.rrule?.length) return undefined;
  const kind = await ask(
    prompts.select({
      message: "Would you like to schedule this deployment?",
      options: [
        { value: "none", label: "No schedule", hint: "runs only when triggered" },
        { value: "cron", label: "Cron", hint: "e.g. 0 2 * * *" },
        { value: "interval", label: "Interval", hint: "every N seconds" },
        { value: "rrule", label: "RRule", hint: "e.g. FREQ=WEEKLY;BYDAY=MO" },
      ],
    }),
  );
  if (kind === "none") return undefined;
  const { validateSchedule, isValidTimeZone, nextScheduledTimes } = await import("../schedules/index.js");
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const timezone = await ask(
    prompts.text({
      message: "Time zone (IANA)",
      defaultValue: flags.timezone ?? localZone,
      placeholder: flags.timezone ?? localZone,
      validate: (v) => (v && !isValidTimeZone(v) ? `${v} is not an IANA time zone, e.g. Europe/London` : undefined),
    }),
  );
  const toSchedule = (value: string) =>
    kind === "interval"
      ? { interval: Number(value), timezone }
      : kind === "cron"
        ? { cron: value, timezone }
        : { rrule: value, timezone };
  const value = await ask(
    prompts.text({
      message: kind === "interval" ? "Seconds between runs" : kind === "cron" ? "Cron string" : "RRule string",
      placeholder: kind === "interval" ? "3600" : kind === "cron" ? "0 2 * * *" : "FREQ=DAILY;BYHOUR=6",
      validate: (v) => {
        if (!v) return "needed";
        if (kind === "interval" && !(Number(v) > 0)) return "a positive number of seconds";
        try {
          validateSchedule(toSchedule(v));
          return undefined;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
    }),
  );
  const format = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  const next = nextScheduledTimes(toSchedule(value), { after: new Date(), count: 3 });
  prompts.note(next.map((t) => format.format(t)).join("\n"), `Next runs (${timezone})`);
  return { kind: kind as "cron" | "interval" | "rrule", value, timezone };
}

async function askPool(
  prompts: typeof Clack,
  ask: Ask,
  flags: DeployFlags,
  client: PrefectClient,
): Promise<WizardAnswers["pool"]> {
  const pools = await client.readWorkPools();
  if (flags.pool) {
    const found = pools.find((p) => p.name === flags.pool);
    if (found) return { name: found.name, type: found.type, create: false };
  }
  const NEW = "\u0000new";
  const picked =
    pools.length === 0
      ? NEW
      : await ask(
          prompts.select({
            message: "Which work pool would you like to deploy this flow to?",
            options: [
              ...pools.map((p) => ({ value: p.name, label: p.name, hint: p.type })),
              { value: NEW, label: "Create a new work pool" },
            ],
          }),
        );
  if (picked !== NEW) return { name: picked, type: pools.find((p) => p.name === picked)!.type, create: false };
  const type = await ask(
    prompts.select({
      message: "What type of work pool?",
      options: [
        { value: "process", label: "process", hint: "runs flows as processes on the worker's machine" },
        { value: "docker", label: "docker", hint: "runs flows in containers" },
        { value: "prefect:managed", label: "prefect:managed", hint: "run by the server itself; no worker" },
      ],
    }),
  );
  const existing = new Set(pools.map((p) => p.name));
  const name = await ask(
    prompts.text({
      message: "Work pool name",
      defaultValue: flags.pool ?? `my-${type.replace("prefect:", "")}-pool`,
      placeholder: flags.pool ?? `my-${type.replace("prefect:", "")}-pool`,
      validate: (v) => (v && existing.has(v) ? `${v} exists already: pick it from the list instead` : undefined),
    }),
  );
  return { name, type, create: true };
}

/** Creates the pool (when new) and the deployment: the only writes, after every answer. */
async function deployAnswers(
  context: CliContext,
  answers: WizardAnswers,
  flags: DeployFlags,
  client: PrefectClient,
): Promise<void> {
  if (answers.pool.create) {
    const { workerType } = await importWorkerTypes();
    const definition = workerType(answers.pool.type);
    await client.createWorkPool({
      name: answers.pool.name,
      type: answers.pool.type,
      ...(definition ? { baseJobTemplate: { ...definition.baseJobTemplate() } } : {}),
    });
    context.out(`Created work pool '${answers.pool.name}' (${answers.pool.type}).`);
  }
  const { deployEntrypoint } = await importDeployEntrypoint();
  const schedule = answers.schedule;
  await deployEntrypoint(answers.entrypoint, {
    client,
    name: answers.name,
    workPoolName: answers.pool.name,
    onWarning: (message) => context.err(`Warning: ${message}`),
    ...(schedule
      ? {
          timezone: schedule.timezone,
          ...(schedule.kind === "interval"
            ? { interval: Number(schedule.value) }
            : { [schedule.kind]: schedule.value }),
        }
      : {}),
    ...(answers.image
      ? {
          image: new DeploymentImage({
            name: answers.image.name,
            tag: answers.image.tag,
            dockerfile: answers.image.dockerfile,
          }),
          push: answers.image.push,
        }
      : {}),
    ...(answers.pullSteps ? { pullSteps: answers.pullSteps } : {}),
    ...(flags.workQueue ? { workQueueName: flags.workQueue } : {}),
  });
}

/** Adds (or replaces) the deployment in ./prefect.yaml, keeping the file's comments and other entries. */
function saveToProjectFile(answers: WizardAnswers): string {
  const file = path.resolve("prefect.yaml");
  const entry: Record<string, unknown> = {
    name: answers.name,
    entrypoint: answers.entrypoint,
    parameters: {},
    ...(answers.schedule
      ? {
          schedule: {
            [answers.schedule.kind]:
              answers.schedule.kind === "interval" ? Number(answers.schedule.value) : answers.schedule.value,
            timezone: answers.schedule.timezone,
          },
        }
      : {}),
    work_pool: {
      name: answers.pool.name,
      job_variables: answers.image
        ? { image: "{{ build-image.image }}", ...(answers.image.push ? {} : { image_pull_policy: "IfNotPresent" }) }
        : {},
    },
    ...(answers.pullSteps ? { pull: answers.pullSteps } : {}),
    ...(answers.image
      ? {
          build: [
            {
              "prefect_ts.deployments.steps.build_docker_image": {
                id: "build-image",
                image_name: answers.image.name,
                tag: answers.image.tag,
                dockerfile: answers.image.dockerfile,
              },
            },
          ],
          ...(answers.image.push
            ? {
                push: [
                  {
                    "prefect_ts.deployments.steps.push_docker_image": {
                      image_name: "{{ build-image.image_name }}",
                      tag: "{{ build-image.tag }}",
                    },
                  },
                ],
              }
            : {}),
        }
      : {}),
  };
  return writeEntry(file, entry);
}

function writeEntry(file: string, entry: Record<string, unknown>): string {
  const doc = existsSync(file)
    ? yaml.parseDocument(readFileSync(file, "utf8"))
    : yaml.parseDocument(
        "# prefect.yaml: this project's deployments (written by `prefect-ts deploy`)\ndeployments: []\n",
      );
  let list = doc.get("deployments");
  if (!yaml.isSeq(list)) {
    doc.set("deployments", doc.createNode([]));
    list = doc.get("deployments");
  }
  const seq = list as yaml.YAMLSeq;
  // Block style, even when the file held `deployments: []`.
  seq.flow = false;
  const index = seq.items.findIndex((item) => yaml.isMap(item) && item.get("name") === entry.name);
  const node = doc.createNode(entry);
  if (index >= 0) seq.items[index] = node;
  else seq.items.push(node);
  writeFileSync(file, doc.toString());
  return file;
}
