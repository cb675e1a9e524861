// Prints vitest's totals as one plain line, `N passed, N failed`, from its JSON reports (the main suite's and the
// Docker suite's). Every failed CI step other than the tests counts as one more failure, so a red CI never reads green.
//   node scripts/test-totals.mjs <failed-steps> <report.json> [<report.json> ...]
import { readFileSync } from "node:fs";

const [failedSteps = "0", ...reportPaths] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const reportPath of reportPaths) {
  try {
    const report = JSON.parse(readFileSync(reportPath, "utf8"));
    let reportFailed = report.numFailedTests ?? 0;
    // A file that fails to load has no failed test but a failed suite: count it.
    if (reportFailed === 0 && report.numFailedTestSuites) reportFailed = report.numFailedTestSuites;
    passed += report.numPassedTests ?? 0;
    failed += reportFailed;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } catch (error) {
    console.error(`no readable vitest report at ${reportPath}: ${error.message}`);
    failed += 1;
  }
}
const steps = Number(failedSteps);
const nonTestFailures = Number.isFinite(steps) ? steps : 0;
console.log(`${passed} passed, ${failed + nonTestFailures} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed + nonTestFailures > 0 ? 1 : 0);
