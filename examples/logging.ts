// Logging: getRunLogger() levels (printed and stored as run logs), and logPrints turning console.log inside a
// run into run logs. PREFECT_LOGGING_LEVEL=DEBUG shows the debug line too.
import { flow, getRunLogger, task } from "prefect-ts";

const chatty = task({ logPrints: true }, function chatty(item: string) {
  console.log(`processing ${item}`);
  return item.length;
});

export const loggingFlow = flow({ name: "logging-flow" }, async () => {
  const logger = getRunLogger();
  logger.debug("a debug detail");
  logger.info("starting work");
  logger.warning("disk is %d%% full", 91);
  const sizes = await chatty.map(["alpha", "beta"]);
  logger.error("pretend something went wrong (the run still completes)");
  return sizes;
});

const sizes = await loggingFlow();
console.log(`sizes: ${sizes.join(", ")}`);
