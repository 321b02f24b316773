#!/usr/bin/env bash
# Installs what the tests use (real PyTorch, a real Slurm, headless Chromium, the dataset) when missing,
# then runs the whole suite: the PyTorch reference self-check and the xunit tests.
set -euo pipefail
cd "$(dirname "$0")"
scripts/apt-ensure.sh dataset-fashion-mnist fonts-dejavu-core python3-torch python3-torchvision python3-numpy \
  libopenblas0-pthread chromium slurmctld slurmd slurm-client munge libhwloc15
/usr/bin/python3 tests/python/selfcheck.py
dotnet build tests/PfLab.Tests -c Release -v quiet -nologo
trx="$(mktemp -d)"
status=0
dotnet test tests/PfLab.Tests -c Release --no-build --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=tests.trx" --results-directory "$trx" "$@" || status=$?
# One plain closing line with the counts, whatever the console logger printed above it.
/usr/bin/python3 - "$trx/tests.trx" <<'PY'
import sys, xml.etree.ElementTree as ET
c = ET.parse(sys.argv[1]).getroot().find('.//{*}Counters').attrib
skipped = int(c['total']) - int(c['executed'])
print(f"tests: {c['passed']} passed, {c['failed']} failed, {skipped} skipped")
PY
exit $status
