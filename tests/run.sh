#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, then runs every test in the solution.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

apt_packages=(mosquitto mosquitto-clients python3-paho-mqtt prometheus chromium postgresql)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node test peers (MQTT.js) live in tests/.tools so the repository stays clean.
tools="$root/tests/.tools"
if [ ! -d "$tools/node_modules/mqtt" ]; then
  echo "==> npm install mqtt into tests/.tools"
  mkdir -p "$tools"
  (cd "$tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } && npm install --silent --no-audit --no-fund mqtt@5 >/dev/null)
fi
export AIOT_TEST_NODE_MODULES="$tools/node_modules"

results="$root/tests/.tools/results"
rm -rf "$results"
# The browser tests (tests/AIoT.Dashboard.Tests) save their screenshots under it, in screenshots/.
export AIOT_TEST_RESULTS="$results"
status=0
dotnet test AIoT.Ecosystem.sln --logger "trx" --results-directory "$results" || status=$?

# One plain closing line over all test projects.
passed=0; failed=0; skipped=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); f2=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f2:-0})); skipped=$((skipped + ${n:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
