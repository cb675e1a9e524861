// Prints vitest's totals as one plain line, `N passed, N failed`, from its JSON report.
// Every failed CI step other than the tests counts as one more failure, so a red CI never reads green.
import { readFileSync } from "node:fs";

const [reportPath, failedSteps = "0"] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load has no failed test but a failed suite: count it.
  if (failed === 0 && report.numFailedTestSuites) failed = report.numFailedTestSuites;
} catch (error) {
  console.error(`no readable vitest report at ${reportPath}: ${error.message}`);
  failed += 1;
}
const steps = Number(failedSteps);
const nonTestFailures = Number.isFinite(steps) ? steps : 0;
console.log(`${passed} passed, ${failed + nonTestFailures} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed + nonTestFailures > 0 ? 1 : 0);
