/**
 * Ends the test output with one plain line, "tests: N passed, N failed, N skipped", which CI
 * reads whatever the runner; Jest's own summary stays above it.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`;
    // Printed at exit, after Jest's own summary, so that it is the last line.
    process.once('exit', () => process.stdout.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
