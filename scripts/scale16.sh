#!/usr/bin/env bash
# scale16.sh: how sim runs scale with cores. Builds static binaries of the
# engine's benchmarks and of moot, runs BenchmarkDebateEpisodes (3-round
# simultaneous sim debates, transcripts written) at 1, 2, 4, 8 and 16
# workers, then a whole 100,002-episode quickstart-shaped run
# (engine/testdata/bench-100k.yaml) on every CPU, then the runs against
# serve-sim replicas (one endpoint, and three; 50 and 200 ms a call) that
# measure wall time against the schedule's bound, and prints a compact
# table. MOOT_SCALE_HTTP=0 leaves out the serve-sim runs (about 40 s).
#
#   scripts/scale16.sh [cpus] [benchtime]     default: 1,2,4,8,16 60000x
#
# Binaries and outputs go to a temporary folder, kept, whose path is
# printed: the binaries are static, so they also run on another machine
# of the same OS and architecture with the flags used below.
set -euo pipefail
cpus=${1:-1,2,4,8,16}
benchtime=${2:-60000x}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/moot-scale.XXXXXX")
cd "$root"
CGO_ENABLED=0 go test -c ./engine -o "$work/engine.test"
CGO_ENABLED=0 go build -o "$work/moot" ./cmd/moot
cp engine/testdata/bench-100k.yaml "$work/"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//'), $(go version | cut -d' ' -f3), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "folder: $work"
echo
cd "$work"
./engine.test -test.run '^$' -test.bench '^BenchmarkDebateEpisodes$' -test.benchmem \
	-test.benchtime "$benchtime" -test.cpu "$cpus" >bench.txt
printf '%-8s %12s %10s %8s %8s %9s\n' workers episodes/s ns/op B/op allocs speedup
awk '/^BenchmarkDebateEpisodes/ {
	n = split($1, p, "-"); w = (n > 1) ? p[n] : 1
	for (i = 2; i <= NF; i++) {
		if ($i == "ns/op") ns = $(i-1); if ($i == "episodes/s") eps = $(i-1)
		if ($i == "B/op") b = $(i-1); if ($i == "allocs/op") a = $(i-1)
	}
	if (base == "") base = eps
	printf "%-8s %12.0f %10.0f %8s %8s %8.2fx\n", w, eps, ns, b, a, eps / base
}' bench.txt
echo
timed=(./moot run bench-100k.yaml --out run-100k --fresh --no-cache --progress-every 1h)
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o rss.txt "${timed[@]}" >/dev/null 2>run.err
else
	"${timed[@]}" >/dev/null 2>run.err
fi
end=$(date +%s.%N)
lines=$(wc -l <run-100k/transcripts.jsonl)
rss="peak RSS not measured"
[ -f rss.txt ] && rss="$(($(tail -1 rss.txt) / 1024)) MiB peak RSS"
awk -v s="$start" -v e="$end" -v n="$lines" -v c="$(nproc)" -v r="$rss" \
	'BEGIN { printf "end to end: %d episodes in %.2f s (%.0f episodes/s) on %d CPUs, %s\n", n, e - s, n / (e - s), c, r }'
if [ "${MOOT_SCALE_HTTP:-1}" != 0 ]; then
	echo
	./engine.test -test.run '^$' -test.benchtime 1x -test.count 2 \
		-test.bench 'BenchmarkDebateOverHTTP/(default|twice-the-limit)$|BenchmarkDebateOverHTTPReplicas' >http.txt
	awk '/^BenchmarkDebateOverHTTP/ {
		line = $1
		for (i = 2; i <= NF; i++)
			if ($i == "wall/bound" || $i == "full" || $i == "ms-to-first" || $i == "ms-after-last") line = line "  " $i " " $(i-1)
		print line
	}' http.txt
fi
