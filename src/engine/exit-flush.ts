// Flushes the engine's background writers (task-run states, logs) when the process is about to exit normally
// (`beforeExit`), so nothing recorded in memory is lost. Writers register themselves here.
interface Flushable {
  readonly idle: boolean;
  flush(): Promise<void>;
}

const registry = new Set<WeakRef<Flushable>>();
let installed = false;

/** Stops flushing a writer at exit (a flow run's writer, once the run has ended and flushed). */
export function unregisterExitFlush(writer: Flushable): void {
  for (const ref of registry) {
    const w = ref.deref();
    if (!w || w === writer) registry.delete(ref);
  }
}

/** Registers a writer to be flushed before the process exits. */
export function registerExitFlush(writer: Flushable): void {
  registry.add(new WeakRef(writer));
  if (installed) return;
  installed = true;
  // beforeExit fires each time the event loop drains; flushing only busy writers keeps it from looping forever.
  process.on("beforeExit", () => {
    const busy: Flushable[] = [];
    for (const ref of registry) {
      const writer = ref.deref();
      if (!writer) registry.delete(ref);
      else if (!writer.idle) busy.push(writer);
    }
    if (busy.length > 0) void Promise.all(busy.map((w) => w.flush().catch(() => undefined)));
  });
}

/** Flushes every registered writer now (used on errors and by tests). */
export async function flushAllWriters(): Promise<void> {
  const all: Promise<void>[] = [];
  for (const ref of registry) {
    const writer = ref.deref();
    if (writer) all.push(writer.flush().catch(() => undefined));
    else registry.delete(ref);
  }
  await Promise.all(all);
}
