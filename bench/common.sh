# Sourced by the bench/ scripts: builds the CLI in Release once and exports PFLAB (the apphost path).
# Run the scripts from the repository root.
set -euo pipefail
if [[ ! -f PfLab.sln ]]; then echo "run bench scripts from the repository root" >&2; exit 2; fi
PFLAB="${PFLAB:-src/PfLab.Cli/bin/Release/net10.0/linux-x64/PfLab.Cli}"
if [[ "${PFLAB_SKIP_BUILD:-0}" != 1 ]]; then
  dotnet build -c Release -v q --nologo src/PfLab.Cli >/dev/null || { echo "build failed: dotnet build -c Release src/PfLab.Cli" >&2; exit 1; }
fi
export PFLAB
echo "# $(date -u +%FT%TZ)  load average: $(cut -d' ' -f1-3 /proc/loadavg)  cores: $(nproc)  (timings on a shared machine are noisy; compare ratios)"
