// The conventional colour switches of terminals (NO_COLOR, FORCE_COLOR): not Prefect settings, so not in the
// settings table, but read here because only src/settings reads the environment. The CLI decides what they mean.

/** What the environment asks of colour: `never` (NO_COLOR), `always` (FORCE_COLOR), or `auto` (a terminal decides). */
export type ColorPreference = "never" | "always" | "auto";

/**
 * Reads NO_COLOR (any non-empty value turns colour off, https://no-color.org) and FORCE_COLOR (`0`/`false` off,
 * anything else on); NO_COLOR wins.
 * @example colorPreference({ NO_COLOR: "1" }) // "never"
 */
export function colorPreference(env: Record<string, string | undefined> = process.env): ColorPreference {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return "never";
  const force = env.FORCE_COLOR;
  if (force === undefined) return "auto";
  return force === "0" || force.toLowerCase() === "false" ? "never" : "always";
}
