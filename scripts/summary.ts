// Prints the one closing line CI reads, from vitest's JSON report plus the
// typecheck/lint checks that ran before it (each counts as one test).
import { readFileSync } from 'node:fs';

const [reportPath = '', checksFailedArg = '0', vitestRcArg = '0'] = process.argv.slice(2);
const checksFailed = Number(checksFailedArg);
let passed = 2 - checksFailed;
let failed = checksFailed;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: { name: string; status: string; assertionResults: unknown[] }[];
  };
  // A file that failed to load has no assertion results: count it as one failure.
  const brokenFiles = report.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  );
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenFiles.length;
  skipped += report.numPendingTests + report.numTodoTests;
} catch {
  failed += 1;
  console.error(`no vitest report at ${reportPath}`);
}
if (Number(vitestRcArg) !== 0 && failed === 0) failed = 1;
console.log(`summary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
