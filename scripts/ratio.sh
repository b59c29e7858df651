#!/usr/bin/env bash
# ratio.sh: how much faster two workers are than one, measured as pairs.
# On a shared or virtual machine the speed of one core drifts by a fifth
# from one run to the next, so one run at each count says little: this
# alternates BenchmarkDebateEpisodes at one and at two workers, pairs
# times over, and prints each pair's rates, the CPU seconds an episode took
# in each, their ratio, and the median ratio.
#
#   scripts/ratio.sh [pairs] [benchtime]     default: 10 30000x
#
# Equal CPU an episode at one and two workers with a ratio under 2 would
# mean the workers wait; a ratio under 2 with more CPU an episode at two
# means each core did the same work more slowly (the machine, memory, the
# collector).
set -euo pipefail
[ -x /usr/bin/time ] || { echo 'ratio.sh: needs GNU time (/usr/bin/time; apt install time)' >&2; exit 2; }
pairs=${1:-10}
benchtime=${2:-30000x}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/moot-ratio.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"
go test -c ./engine -o "$work/engine.test"
n=${benchtime%x}
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//'), $(go version | cut -d' ' -f3), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '%-5s %10s %10s %12s %12s %7s\n' pair 1:eps/s 2:eps/s 1:µs-cpu/ep 2:µs-cpu/ep ratio
for p in $(seq 1 "$pairs"); do
	r=()
	for w in 1 2; do
		/usr/bin/time -f '%U %S' -o "$work/cpu" "$work/engine.test" -test.run '^$' -test.bench '^BenchmarkDebateEpisodes$' \
			-test.benchtime "$benchtime" -test.cpu "$w" >"$work/out"
		rate=$(awk '{ for (i = 2; i <= NF; i++) if ($i == "episodes/s") print $(i-1) }' "$work/out")
		cpu=$(awk '{ print ($1 + $2) }' "$work/cpu")
		r+=("$rate" "$cpu")
	done
	awk -v p="$p" -v n="$n" -v a="${r[0]}" -v ac="${r[1]}" -v b="${r[2]}" -v bc="${r[3]}" \
		'BEGIN { printf "%-5d %10.0f %10.0f %12.1f %12.1f %6.2fx\n", p, a, b, ac / n * 1e6, bc / n * 1e6, b / a }'
done | tee "$work/pairs"
sort -k6 -g "$work/pairs" | awk '{ r[NR] = $6 + 0 } END { m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2; printf "median ratio %.2fx of %d pairs (range %.2f–%.2f)\n", m, NR, r[1], r[NR] }'
