# What test/e2e/readme.test.ts runs before the README's walkthrough blocks (issue 18, item 7): strict mode, a trap
# that names the failing line, and a `curl` that checks each answer's status. @L<n> is a line of the whole script;
# the test turns it into the README line it came from.
set -euo pipefail
READMETEST_TMP=$(mktemp -d)
trap 'rm -rf "$READMETEST_TMP"' EXIT
trap 'echo "readme-test: failed at @L$LINENO: $BASH_COMMAND" >&2' ERR

# The status a curl call must answer: that of the `# → NNN` comment closing the command the call is on (the test
# writes "first-line last-line status" rows to $READMETEST_TMP/expect), else any 2xx.
curl() {
  local at=${BASH_LINENO[0]} headers body want status rc=0 ok=1
  headers=$(mktemp -p "$READMETEST_TMP")
  body=$(mktemp -p "$READMETEST_TMP")
  command curl -D "$headers" "$@" | tee "$body" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "readme-test: curl exited $rc at @L$at" >&2
    return "$rc"
  fi
  status=$(awk '/^HTTP\//{s=$2} END{print s}' "$headers")
  want=$(awk -v l="$at" '$1<=l && l<=$2 {print $3}' "$READMETEST_TMP/expect")
  if [ -n "$want" ]; then [ "$status" = "$want" ] || ok=0; else [ "${status:0:1}" = 2 ] || ok=0; fi
  if [ "$ok" = 0 ]; then
    echo "readme-test: at @L$at the answer was $status, expected ${want:-2xx}: $(head -c 600 "$body")" >&2
    return 1
  fi
}
