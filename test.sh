#!/usr/bin/env bash
# The whole test suite, also on a fresh machine: installs what the web page's browser tests need (Debian's headless
# chromium, Node.js and playwright-core from npm, pinned by src/test/browser/package-lock.json) and the third-party Jira
# clients the sandbox is checked with (Debian's python3-jira; jira.js from npm, pinned by src/test/jira-js/package-lock.json),
# then runs Maven.
set -euo pipefail
cd "$(dirname "$0")"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm > /dev/null || missing+=(nodejs npm)
/usr/bin/python3 -c 'import jira' 2> /dev/null || missing+=(python3-jira)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
[ -d src/test/browser/node_modules/playwright-core ] || npm ci --prefix src/test/browser --no-audit --no-fund
[ -d src/test/jira-js/node_modules/jira.js ] || npm ci --prefix src/test/jira-js --no-audit --no-fund
mvn -B test
