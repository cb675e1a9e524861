// Concurrency: tasks started together with Promise.all, and .map() over inputs; results come back in order.
import { flow, task, unmapped } from "prefect-ts";

const fetchPage = task(async function fetchPage(page: number) {
  await new Promise((resolve) => setTimeout(resolve, 20 + (5 - page) * 5));
  return { page, items: page * 10 };
});

const scale = task(function scale(value: number, factor: number) {
  return value * factor;
});

export const concurrentFlow = flow({ name: "concurrent-flow" }, async () => {
  const started = Date.now();
  const pages = await Promise.all([1, 2, 3, 4, 5].map((p) => fetchPage(p)));
  const scaled = await scale.map(
    pages.map((p) => p.items),
    unmapped(2),
  );
  return { pages: pages.map((p) => p.page), scaled, elapsedMs: Date.now() - started };
});

const result = await concurrentFlow();
console.log(`pages:  ${result.pages.join(", ")}`);
console.log(`scaled: ${result.scaled.join(", ")}`);
console.log(`ran 10 task runs concurrently in ${result.elapsedMs} ms`);
