#!/usr/bin/env bash
# Installs what CityMesh needs on Debian 12: PostgreSQL with PostGIS (the twin's deployment store, and the
# tests' real database), Chromium (the dashboard's end-to-end test), SUMO (the traffic simulator's peer in tests and
# benchmarks), Go with sprig, gojsonschema and yaml (tools/chart-render, which renders the Helm chart for its tests
# as `helm template` would), and Node.js with epanet-js (tools/epanet-peer: EPANET 2.2 as WebAssembly, the water
# hydraulics' peer in tests and `citymesh bench water`; Debian's nodejs and npm where no node is on PATH). The .NET 10 SDK must already be on PATH. librdkafka is not among them: it comes with
# Confluent.Kafka (the librdkafka.redist package), so Debian's librdkafka1 is neither needed nor used; GPU kernels run
# through ILGPU, which needs no OpenCL or PoCL install.
set -euo pipefail

packages=(postgresql postgresql-15-postgis-3 chromium chromium-driver sumo sumo-tools golang-go golang-github-masterminds-sprig-dev golang-github-xeipuuv-gojsonschema-dev golang-github-ghodss-yaml-dev)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

# Node.js: a Node already on PATH (a developer's own, or this machine's) serves as well as Debian's nodejs.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# epanet-js at the version the lock file pins (from the npm registry; nothing is built).
if [ ! -d "$(dirname "$0")/epanet-peer/node_modules/epanet-js" ]; then
  (cd "$(dirname "$0")/epanet-peer" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# Debian starts a system PostgreSQL cluster on install; CityMesh's tests make their own throwaway clusters.
echo "setup: ready ($(dotnet --version), $(ls /usr/lib/postgresql | sort -V | tail -1 | sed 's/^/PostgreSQL /'))"
