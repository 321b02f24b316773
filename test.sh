#!/usr/bin/env bash
# Installs what the tests use (real PyTorch, a real Slurm, headless Chromium, the dataset) when missing,
# then runs the whole suite: the xunit tests and the PyTorch reference self-check.
set -euo pipefail
cd "$(dirname "$0")"
scripts/apt-ensure.sh dataset-fashion-mnist fonts-dejavu-core python3-torch python3-torchvision python3-numpy \
  libopenblas0-pthread chromium slurmctld slurmd slurm-client munge libhwloc15
/usr/bin/python3 tests/python/selfcheck.py
dotnet build tests/PfLab.Tests -c Release -v quiet -nologo
dotnet test tests/PfLab.Tests -c Release --no-build --logger "console;verbosity=normal" "$@"
