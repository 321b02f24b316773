#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs the main job: the depthwise-replacement study on
# Fashion-MNIST (quick profile), then its report under reports/. Safe to run again: finished
# trials are skipped.
set -euo pipefail
cd "$(dirname "$0")"
scripts/apt-ensure.sh dataset-fashion-mnist fonts-dejavu-core
dotnet build src/PfLab.Cli -c Release -v quiet -nologo
ln -sf "$PWD/src/PfLab.Cli/bin/Release/net10.0/linux-x64/PfLab.Cli" /usr/local/bin/pflab 2>/dev/null \
  || echo "note: could not link /usr/local/bin/pflab; use $PWD/pflab"
./pflab run studies/depthwise-replacement.yaml "$@"
