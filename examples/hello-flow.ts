// The first example: a flow with two tasks. Run it with `npm run example` (or `npx tsx examples/hello-flow.ts Ada`).
// Runs are recorded in the embedded database under PREFECT_HOME (~/.prefect-ts), or on PREFECT_API_URL if set.
import { flow, getRunLogger, task } from "prefect-ts";

const fetchGreeting = task(async function fetchGreeting(name: string) {
  return `Hello, ${name}!`;
});

const countLetters = task(function countLetters(text: string) {
  return text.replace(/[^a-z]/gi, "").length;
});

export const helloFlow = flow({ name: "hello-flow" }, async (name: string = "world") => {
  const greeting = await fetchGreeting(name);
  const letters = await countLetters(greeting);
  getRunLogger().info(`${greeting} has ${letters} letters`);
  return { greeting, letters };
});

const result = await helloFlow(process.argv[2] ?? "world");
console.log(`greeting: ${result.greeting}`);
console.log(`letters:  ${result.letters}`);
