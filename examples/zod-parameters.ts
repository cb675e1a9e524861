// Zod parameters: callers pass the schema's input (strings coerced, defaults filled), the flow gets its output;
// invalid parameters fail the run with ParameterValidationError naming each field.
import { z } from "zod";
import { FailedRunError, ParameterValidationError, flow } from "prefect-ts";

const Params = z.object({
  city: z.string().min(1),
  days: z.coerce.number().int().positive().default(3),
  units: z.enum(["metric", "imperial"]).default("metric"),
});

export const forecastFlow = flow({ name: "forecast-flow", parameters: Params }, (params) => {
  return `${params.days}-day ${params.units} forecast for ${params.city}`;
});

console.log(await forecastFlow({ city: "Lisbon", days: "5" }));

try {
  await forecastFlow({ city: "", days: -1 });
} catch (error) {
  if (error instanceof FailedRunError && error.cause instanceof ParameterValidationError) {
    console.log(`rejected: ${error.cause.issues.map((i) => `${i.path} (${i.message})`).join(", ")}`);
  } else {
    throw error;
  }
}
