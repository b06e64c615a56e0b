#!/usr/bin/env bash
# npm test: type-check, then every test project (unit, stack + database, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type-check"
npx tsc --noEmit
echo "== build (the browser tests run the production build)"
npx remix vite:build > /dev/null
echo "== tests"
npx vitest run "$@"
