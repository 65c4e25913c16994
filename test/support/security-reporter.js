import { relative } from 'node:path';
import { SECURITY_SCENARIOS } from './security-scenarios.js';

/**
 * A Jest reporter that prints, after a run that included any of the security scenarios' test
 * files, one line per scenario: passed, failed, or missing (a listed test that its file no longer
 * has). A missing test fails the run.
 */
export default class SecurityReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.error = undefined;
  }

  onRunComplete(_contexts, results) {
    const ran = new Map(
      results.testResults.map((file) => [
        relative(this.rootDir, file.testFilePath),
        file.testResults,
      ]),
    );
    const lines = [];
    const missing = [];
    for (const entry of SECURITY_SCENARIOS) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      let seen = false;
      for (const test of entry.tests) {
        const assertions = ran.get(test.file);
        if (!assertions) continue;
        seen = true;
        const matching = assertions.filter((a) => a.title.startsWith(test.title));
        if (!matching.length)
          missing.push(`scenario ${entry.scenario}: ${test.file} "${test.title}"`);
        for (const assertion of matching) {
          if (assertion.status === 'passed') counts.passed++;
          else if (assertion.status === 'failed') counts.failed++;
          else counts.skipped++;
        }
      }
      if (!seen) continue;
      const verdict = counts.failed
        ? 'FAILED'
        : counts.passed && !counts.skipped
          ? 'passed'
          : 'incomplete';
      lines.push(
        `  ${String(entry.scenario).padStart(2)}  ${verdict.padEnd(10)} ${String(counts.passed).padStart(3)} tests  ${entry.title}`,
      );
    }
    if (!lines.length) return;
    const out = ['', 'Security scenarios of the quality bar:', ...lines];
    if (missing.length) {
      out.push('  Listed in test/support/security-scenarios.js but not found:');
      out.push(...missing.map((line) => `    ${line}`));
      this.error = new Error(`${missing.length} security test(s) listed but not found`);
    }
    process.stderr.write(`${out.join('\n')}\n\n`);
  }

  getLastError() {
    return this.error;
  }
}
