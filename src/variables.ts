// The SDK's `Variable`: read, set and unset Prefect variables by name through the engine's current client
// (a `withClient` scope, else the default client). The wire routes live in client/variables.ts.
import { currentClient } from "./engine/index.js";
import { ObjectAlreadyExistsError, ObjectNotFoundError } from "./errors.js";
import type { JsonValue } from "./schemas/index.js";

/** Options of {@link Variable.set}. */
export interface VariableSetOptions {
  /** Replace the value (and tags) of an existing variable instead of failing. @default false */
  overwrite?: boolean;
  /** The variable's tags; on overwrite they replace the old ones, as Prefect's `Variable.set` does. @default [] */
  tags?: string[];
}

/** A literal default's type widened to its primitive (`3` -> `number`), so `get("n", 3)` reads as a number. */
export type Widened<V> = V extends string ? string : V extends number ? number : V extends boolean ? boolean : V;

/**
 * A named JSON value stored by the Prefect API (`/api/variables`), as Prefect's `prefect.variables.Variable`.
 * Names are lowercase letters, digits, `-` and `_` (at most 255 characters); values are any JSON value whose
 * JSON text is at most 5,000 characters.
 * @example
 * await Variable.set("db_config", { host: "localhost", port: 5432 }, { overwrite: true });
 * const config = await Variable.get<{ host: string; port: number }>("db_config");
 */
export class Variable<T extends JsonValue = JsonValue> {
  /** The variable's name. */
  readonly name: string;
  /** Its value. */
  readonly value: T;
  /** Its tags. */
  readonly tags: readonly string[];

  private constructor(name: string, value: T, tags: readonly string[]) {
    this.name = name;
    this.value = value;
    this.tags = tags;
  }

  /**
   * The value of the variable `name`, or `defaultValue` (else `undefined`) when there is none.
   * The type parameter states what you stored; the value is not checked against it.
   * @example const retries = await Variable.get("max_retries", 3);
   */
  static async get<V extends JsonValue = JsonValue>(name: string): Promise<V | undefined>;
  static async get<V extends JsonValue>(name: string, defaultValue: V): Promise<Widened<V>>;
  static async get<V extends JsonValue>(name: string, defaultValue?: V): Promise<V | Widened<V> | undefined> {
    const client = await currentClient();
    const variable = await client.readVariableByName(name);
    return variable === undefined ? defaultValue : (variable.value as V);
  }

  /**
   * Creates the variable `name` with `value`, or with `{ overwrite: true }` replaces an existing one's value and tags.
   * @throws ObjectAlreadyExistsError when it exists and `overwrite` is not set
   * @throws ValidationError for a name outside Prefect's rule or a value over 5,000 characters of JSON
   * @example await Variable.set("greeting", "hello", { tags: ["demo"] });
   */
  static async set<V extends JsonValue>(
    name: string,
    value: V,
    options: VariableSetOptions = {},
  ): Promise<Variable<V>> {
    const client = await currentClient();
    const tags = options.tags ?? [];
    if (options.overwrite === true && (await client.readVariableByName(name)) !== undefined) {
      await client.updateVariableByName(name, { value, tags });
      return new Variable(name, value, tags);
    }
    try {
      const created = await client.createVariable({ name, value, tags });
      return new Variable(created.name, value, created.tags);
    } catch (error) {
      if (!(error instanceof ObjectAlreadyExistsError)) throw error;
      if (options.overwrite === true) {
        // Created by someone else since we looked: overwrite it as asked.
        await client.updateVariableByName(name, { value, tags });
        return new Variable(name, value, tags);
      }
      throw new ObjectAlreadyExistsError(
        `Variable "${name}" already exists. Pass { overwrite: true } to Variable.set to replace its value.`,
        { status: error.status, method: error.method, url: error.url, body: error.body },
        { cause: error },
      );
    }
  }

  /** Deletes the variable `name`; true when it existed, false when there was none. */
  static async unset(name: string): Promise<boolean> {
    const client = await currentClient();
    try {
      await client.deleteVariableByName(name);
      return true;
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return false;
      throw error;
    }
  }
}
