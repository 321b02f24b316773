# Sourced by bench scripts that need bench/PfLab.Bench: builds it in Release once (PFLAB_SKIP_BUILD=1 skips)
# and exports BENCH (its apphost path).
BENCH="${BENCH:-bench/PfLab.Bench/bin/Release/net10.0/linux-x64/PfLab.Bench}"
if [[ "${PFLAB_SKIP_BUILD:-0}" != 1 ]]; then
  dotnet build -c Release -v q --nologo bench/PfLab.Bench >/dev/null || { echo "build failed: dotnet build -c Release bench/PfLab.Bench" >&2; exit 1; }
fi
export BENCH
