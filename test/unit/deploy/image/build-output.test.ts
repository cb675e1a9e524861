// Reading a build's progress stream: lines, step, image id, and the ImageBuildError message.
import { describe, expect, it } from "vitest";
import { BuildOutput, LAST_LINES } from "../../../../src/deploy/image/build-output.js";
import { ImageBuildError } from "../../../../src/deploy/image/image-errors.js";

describe("BuildOutput", () => {
  it("streams lines and finds the image id", () => {
    const output = new BuildOutput();
    expect(output.handle({ stream: "Step 1/2 : FROM node\n ---> abc\n" })).toEqual([
      "Step 1/2 : FROM node",
      " ---> abc",
    ]);
    output.handle({ aux: { ID: "sha256:def" } });
    output.handle({ stream: "Successfully built def\n" });
    expect(output.imageId).toBe("sha256:def");
    expect(output.error).toBeUndefined();
  });

  it("makes an ImageBuildError with the failing step and the last lines", () => {
    const output = new BuildOutput();
    output.handle({ stream: 'Step 3/5 : RUN ["node","-e","process.exit(3)"]\n' });
    for (let i = 0; i < LAST_LINES + 5; i += 1) output.handle({ stream: `line ${String(i)}\n` });
    output.handle({
      errorDetail: { code: 3, message: "The command '/bin/sh' returned a non-zero code: 3" },
      error: "x",
    });
    const error = output.toError("app:v1");
    expect(error).toBeInstanceOf(ImageBuildError);
    expect(error.step).toBe('Step 3/5 : RUN ["node","-e","process.exit(3)"]');
    expect(error.message).toContain(
      'Building image "app:v1" failed at Step 3/5 : RUN ["node","-e","process.exit(3)"]: The command',
    );
    expect(error.message).toContain(`  | line ${String(LAST_LINES + 4)}`);
    expect(error.message).not.toContain("  | line 0\n");
    expect(error.lastLines.length).toBeLessThanOrEqual(LAST_LINES);
  });
});
