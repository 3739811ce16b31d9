#!/usr/bin/env bash
# Runs every ReviewQueue test. Installs what the tests need when it is missing (as root, with apt),
# builds once, runs the suite, and prints the closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need_apt[*]} for the browser tests..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null \
      || echo "Could not install ${need_apt[*]}; the tests that need them will fail." >&2
  else
    echo "Missing ${need_apt[*]} and not root: the tests that need them will fail." >&2
  fi
fi

dotnet tool restore >/dev/null

# The tRPC client test runs the real @trpc/client from npm.
if [ ! -d ReviewQueue.Tests/Trpc/node_modules ]; then
  npm ci --prefix ReviewQueue.Tests/Trpc --no-audit --no-fund >/dev/null \
    || echo "Could not install the npm packages of ReviewQueue.Tests/Trpc; the tRPC client test will fail." >&2
fi

# Private PostgreSQL and Redis on loopback for the scale-out tests; stopped on exit.
source tools/services.sh
services_start
trap services_stop EXIT
if [ -n "${RQ_SERVICES_SKIPPED:-}" ]; then
  echo "Scale-out tests skipped: $RQ_SERVICES_SKIPPED." >&2
fi

results=$(mktemp -d)
dotnet build ReviewQueue.sln -c Release -warnaserror 2>&1 | tail -n 3
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test ReviewQueue.sln -c Release --no-build \
  --logger "trx;LogFileName=sqlite.trx" --results-directory "$results" "$@"
status=$?

# The Core suite once more, on PostgreSQL.
if [ -n "${RQ_TEST_POSTGRES:-}" ]; then
  echo "Running the Core suite on PostgreSQL..."
  RQ_CORE_PROVIDER=postgres dotnet test ReviewQueue.Tests -c Release --no-build \
    --filter "FullyQualifiedName~ReviewQueue.Tests.Core" \
    --logger "trx;LogFileName=postgres.trx" --results-directory "$results" "$@"
  pg_status=$?
  [ "$pg_status" -ne 0 ] && status=$pg_status
else
  echo "Core suite on PostgreSQL skipped: ${RQ_SERVICES_SKIPPED:-no server}." >&2
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
rm -rf "$results"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
