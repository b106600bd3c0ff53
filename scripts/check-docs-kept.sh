#!/usr/bin/env bash
# Checks that every test file (test/…​.test.ts, test/helpers/…, test/types/…) and every `test/x.test.ts › "…"`
# test file named in an older README is still named somewhere in README.md or docs/*.md.
# Usage: scripts/check-docs-kept.sh [REF]   (REF: the commit whose README was split; default main)
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${1:-main}"
names() { grep -oE '(test/)?[a-z0-9-]+\.test\.ts|test/(helpers|types)/[a-z0-9.-]+\.ts|test/fuzz-' | sed -E 's#^test/##' | sort -u; }
old=$(git show "$ref:README.md" | names)
new=$(cat README.md docs/*.md | names)
missing=$(comm -23 <(echo "$old") <(echo "$new"))
echo "test files named in $ref:README.md: $(echo "$old" | wc -l); still named in README.md or docs/: $(comm -12 <(echo "$old") <(echo "$new") | wc -l)"
if [ -n "$missing" ]; then echo "no longer named anywhere:"; echo "$missing"; exit 1; fi
