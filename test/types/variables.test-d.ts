// Type tests of the SDK's Variable: get's result follows the type parameter or the default, set keeps the value's type.
import { describe, expectTypeOf, test } from "vitest";
import { Variable, type JsonValue } from "prefect-ts";

describe("Variable", () => {
  test("get: the stated type or undefined; a default widens to its primitive", () => {
    expectTypeOf(Variable.get("x")).resolves.toEqualTypeOf<JsonValue | undefined>();
    expectTypeOf(Variable.get<{ host: string }>("x")).resolves.toEqualTypeOf<{ host: string } | undefined>();
    expectTypeOf(Variable.get("x", 3)).resolves.toEqualTypeOf<number>();
    expectTypeOf(Variable.get("x", "a")).resolves.toEqualTypeOf<string>();
    expectTypeOf(Variable.get("x", [1, 2])).resolves.toEqualTypeOf<number[]>();
  });

  test("set: JSON values only; the returned Variable carries the value's type", () => {
    expectTypeOf(Variable.set("x", { a: [1] }, { overwrite: true, tags: ["t"] })).resolves.toEqualTypeOf<
      Variable<{ a: number[] }>
    >();
    // @ts-expect-error a function is not a JSON value
    void Variable.set("x", () => 1);
    // @ts-expect-error a Date is not a JSON value
    void Variable.set("x", new Date());
    expectTypeOf(Variable.unset("x")).resolves.toEqualTypeOf<boolean>();
  });
});
