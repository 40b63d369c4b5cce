// Prints the one closing line CI reads, from vitest's and Playwright's JSON
// reports plus the typecheck/lint checks that ran before them (one test each).
import { readFileSync } from 'node:fs';

// After vitest's: any number of Playwright (report, exit code) pairs — the renderer's, the console's.
const [reportPath = '', checksFailedArg = '0', vitestRcArg = '0', ...e2eArgs] = process.argv.slice(2);
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
for (let i = 0; i < e2eArgs.length; i += 2) {
  const e2eReportPath = e2eArgs[i] ?? '';
  const e2eRcArg = e2eArgs[i + 1] ?? '0';
  try {
    const { stats } = JSON.parse(readFileSync(e2eReportPath, 'utf8')) as {
      stats: { expected: number; unexpected: number; skipped: number; flaky: number };
    };
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
    if (Number(e2eRcArg) !== 0 && stats.unexpected === 0) failed += 1;
  } catch {
    failed += 1;
    console.error(`no Playwright report at ${e2eReportPath}`);
  }
}
console.log(`summary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
