// Prints vitest's JSON result as the plain closing line CI reads: "N passed, N failed, N skipped".
// A test left unrun because its file failed (a hook timed out, an import threw) counts as failed.
import { readFileSync } from 'node:fs';
const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of r.testResults) {
  const fileFailed = file.status === 'failed';
  if (fileFailed && file.assertionResults.length === 0) failed++;
  for (const t of file.assertionResults) {
    if (t.status === 'passed') passed++;
    else if (t.status === 'failed' || fileFailed) failed++;
    else skipped++;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
