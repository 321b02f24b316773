#!/usr/bin/env bash
# Mutation testing (Stryker.NET, pinned in .config/dotnet-tools.json) of PfLab's pure modules, one Stryker run per
# module with only the tests that target it. Prints `mutation score: N%` per module and overall; the mutants listed
# in bench/mutation-equivalent.tsv (no test can tell them from the original) are shown with their reason and left
# out of the score's denominator, never counted as killed.
# Stryker replaces PfLab.dll in the test project's output, so each run works on a scratch copy of the work tree.
# Not part of test.sh: a full run takes about an hour on 2 cores.
# Usage: bench/mutation.sh [module ...]     modules: ops placement study-loader report-stats measurement-stats
#        CONCURRENCY=1 (Stryker test processes)  KEEP=1 (keep the scratch copy and reports, path printed)
#        REPORTS=DIR bench/mutation.sh [module ...]: re-print the scores from DIR/out/<module>.json of a kept run
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f PfLab.sln ]] || { echo "bench/mutation.sh: run it inside the PfLab repository" >&2; exit 2; }
CONCURRENCY="${CONCURRENCY:-1}"
EQUIVALENT="bench/mutation-equivalent.tsv"

# module | files to mutate (globs, relative to src/PfLab) | test filter
declare -A MUTATE FILTER
MUTATE[ops]="Ops/OpGrammar.cs Ops/OpSpec.cs Ops/OpRegistry.cs NearestName.cs"
FILTER[ops]="FullyQualifiedName~PfLab.Tests.Ops.Op"
MUTATE[placement]="Studies/Placement.cs"
FILTER[placement]="FullyQualifiedName~PfLab.Tests.Studies.PlacementRuleTests"
MUTATE[study-loader]="Studies/StudyLoader.cs Studies/Yaml/YamlBinder.cs Studies/Yaml/YamlSource.cs"
FILTER[study-loader]="FullyQualifiedName~PfLab.Tests.Studies.StudyLoaderValidation"
MUTATE[report-stats]="Reports/SampleStatistics.cs Reports/DeltaEstimate.cs Reports/MeanEstimate.cs"
FILTER[report-stats]="FullyQualifiedName~PfLab.Tests.Reports.SampleStatisticsReferenceTests|FullyQualifiedName~PfLab.Tests.Reports.SummaryStatisticsTests|FullyQualifiedName~PfLab.Tests.Reports.SampleStatisticsEdgeTests"
MUTATE[measurement-stats]="Measurement/OrderStatistics.cs Measurement/RatioInterval.cs Measurement/SampleSummary.cs"
FILTER[measurement-stats]="FullyQualifiedName~PfLab.Tests.Measurement.OrderStatistics"
ALL_MODULES=(ops placement study-loader report-stats measurement-stats)
MODULES=("$@"); [[ ${#MODULES[@]} -gt 0 ]] || MODULES=("${ALL_MODULES[@]}")
for m in "${MODULES[@]}"; do [[ -n "${MUTATE[$m]:-}" ]] || { echo "unknown module '$m'; modules: ${ALL_MODULES[*]}" >&2; exit 2; }; done

if [[ -n "${REPORTS:-}" ]]; then SCRATCH="$REPORTS"; KEEP=1; SKIP_RUN=1; fi   # REPORTS=DIR: only re-print the scores of a kept run
[[ "${SKIP_RUN:-0}" == 1 ]] || {
dotnet tool restore >/dev/null || { echo "could not install dotnet-stryker (dotnet tool restore, .config/dotnet-tools.json)" >&2; exit 1; }

SCRATCH=$(mktemp -d /tmp/pflab-mutation-XXXXXX)
[[ "${KEEP:-0}" == 1 ]] && echo "# scratch copy and reports: $SCRATCH" || trap 'rm -rf "$SCRATCH"' EXIT
tar -C . --exclude=./.git --exclude='*/bin' --exclude='*/obj' --exclude=./results --exclude=./reports -cf - . | tar -C "$SCRATCH" -xf -
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+changes')  load average: $(cut -d' ' -f1-3 /proc/loadavg)  cores: $(nproc)"

for m in "${MODULES[@]}"; do
  mutate=()
  for f in ${MUTATE[$m]}; do mutate+=(--mutate "**/$f"); done
  start=$(date +%s)
  if ! (cd "$SCRATCH/tests/PfLab.Tests" && dotnet dotnet-stryker --project PfLab.csproj \
          --configuration Release "${mutate[@]}" --test-case-filter "${FILTER[$m]}" --concurrency "$CONCURRENCY" \
          --reporter json --reporter progress --output "$SCRATCH/out/$m" --skip-version-check --break-on-initial-test-failure \
          > "$SCRATCH/$m.log" 2>&1); then
    echo "$m: Stryker failed; last lines of its log:" >&2; tail -20 "$SCRATCH/$m.log" >&2; exit 1
  fi
  echo "# $m: $(( ($(date +%s) - start) / 60 )) min, filter ${FILTER[$m]}"
  cp "$(find "$SCRATCH/out/$m" -name mutation-report.json | head -1)" "$SCRATCH/out/$m.json"
done
}

/usr/bin/python3 - "$EQUIVALENT" "$SCRATCH/out" "${MODULES[@]}" <<'EOF'
import json, sys, os, csv
equivalent_file, out, modules = sys.argv[1], sys.argv[2], sys.argv[3:]
# file <TAB> line[:column] <TAB> mutator <TAB> replacement <TAB> reason; '#' starts a comment. The column (Stryker's,
# 1-based) tells apart two mutants of one kind on one line. A replacement spanning lines writes its line breaks as \n.
equivalent = {}
for row in csv.reader(open(equivalent_file), delimiter="\t", quoting=csv.QUOTE_NONE):
    if not row or row[0].startswith("#"): continue
    file, where, mutator, replacement, reason = row
    line, _, column = where.partition(":")
    equivalent[(file, int(line), int(column) if column else None, mutator, replacement.replace("\\n", "\n"))] = reason
used, seen = set(), set()
total_killed = total_counted = 0
for m in modules:
    report = json.load(open(os.path.join(out, m + ".json")))
    killed = counted = 0
    survivors, equivalents = [], []
    for path, f in sorted(report["files"].items()):
        rel = path[path.index("src/PfLab/"):]
        if any(mu["status"] not in ("CompileError", "Ignored") for mu in f["mutants"]): seen.add(rel)
        for mu in f["mutants"]:
            status = mu["status"]
            if status in ("CompileError", "Ignored"): continue
            line, column = mu["location"]["start"]["line"], mu["location"]["start"]["column"]
            key = (rel, line, column, mu["mutatorName"], mu.get("replacement", ""))
            if key not in equivalent: key = (rel, line, None) + key[3:]
            if key in equivalent:
                used.add(key); equivalents.append((key, equivalent[key], status)); continue
            counted += 1
            if status in ("Killed", "Timeout"): killed += 1
            else: survivors.append((rel, line, status, mu["mutatorName"], mu.get("replacement", "")))
    total_killed += killed; total_counted += counted
    print(f"{m}: {killed} of {counted} mutants killed, {len(equivalents)} equivalent, {len(survivors)} survived")
    for (rel, line, column, mutator, replacement), reason, status in equivalents:
        print(f"  equivalent {rel}:{line}{'' if column is None else f':{column}'} {mutator} -> {replacement!r} ({status}): {reason}")
    for rel, line, status, mutator, replacement in survivors:
        print(f"  {status.lower()} {rel}:{line} {mutator} -> {replacement!r}")
    print(f"{m}: mutation score: {100 * killed / counted:.1f}%" if counted else f"{m}: mutation score: n/a (no mutants)")
for key in sorted(k for k in equivalent if k[0] in seen and k not in used):
    print(f"  note: listed equivalent mutant not found (stale entry?): {key[0]}:{key[1]}{'' if key[2] is None else f':{key[2]}'} {key[3]} -> {key[4]!r}")
print(f"overall: {total_killed} of {total_counted} mutants killed")
print(f"overall: mutation score: {100 * total_killed / total_counted:.1f}%" if total_counted else "overall: mutation score: n/a")
EOF
