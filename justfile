# moot's everyday commands. `just` itself: `npm install -g rust-just`.
# The README's two commands are plain `go` commands; these mirror them.

# Run the quickstart experiment.
run:
    go run ./cmd/moot run experiments/quickstart.yaml

# Run the tests.
test:
    go test ./...

# Benchmarks: sim episodes per second, summaries, prompt rendering.
bench:
    go test -run '^$' -bench . -benchmem ./engine/ ./analysis/ ./tasks/code/ ./internal/tell/

# Sim episodes a second at 1, 2, 4, 8 and 16 workers, a whole
# 100,002-episode run timed, and the serve-sim runs against the schedule's
# bound (docs/benchmarks.md).
bench-scale cpus="1,2,4,8,16" benchtime="60000x":
    scripts/scale16.sh {{cpus}} {{benchtime}}

# Two workers against one, as alternating pairs with the CPU an episode
# took (docs/benchmarks.md: one run each says little on a shared machine).
bench-ratio pairs="10" benchtime="30000x":
    scripts/ratio.sh {{pairs}} {{benchtime}}

# Format check and vet.
lint:
    test -z "$(gofmt -l .)" || (gofmt -l . && exit 1)
    go vet ./...

# Mutation testing of the core packages with gremlins (minutes; not part of
# `go test ./...`). `just mutate quotes` does one package. See docs/testing.md.
mutate *packages:
    bash .ci/mutate {{packages}}

# Re-run the quickstart and compare it with results/quickstart.
verify:
    go run ./cmd/moot verify experiments/quickstart.yaml

# Fit the sim's judges to Khan et al. 2024 and predict Michael et al. 2023
# (docs/simulation.md, Calibration and prediction; 1,935 runs, about 4 CPU-minutes).
calibrate:
    go run ./cmd/moot fit experiments/calibrate-khan.yaml --targets experiments/targets/khan-michael.yaml
