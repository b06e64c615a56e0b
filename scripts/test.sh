#!/usr/bin/env bash
# npm test: type-check, format and lint, then every test project (unit, stack + database, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type-check"
npx tsc --noEmit
echo "== format"
npx prettier --check .
echo "== lint"
npx eslint .
echo "== build (the browser tests run the production build)"
npx remix vite:build > /dev/null
echo "== tests"
mkdir -p .sammen
rm -f .sammen/test-results.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.sammen/test-results.json "$@" || status=$?
# One plain closing line that any CI can read. The report decides the exit status too:
# embedded-postgres's exit hook ends vitest with 0 even when tests failed.
node -e '
  const r = JSON.parse(require("fs").readFileSync(".sammen/test-results.json", "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numFailedTestSuites} failed files or suites`);
  process.exit(r.success ? 0 : 1);
' || status=1
exit $status
