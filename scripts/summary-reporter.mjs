// A node:test reporter that ends with one line `unit tests: N passed, N failed` (suites are not counted).
export default async function* summaryReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    if (event.data.details?.type === "suite") continue;
    if (event.type === "test:pass") passed++;
    else failed++;
  }
  yield `unit tests: ${passed} passed, ${failed} failed\n`;
}
