package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/loopback"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/simserver"
)

// shutdownGrace is how long in-flight requests get to finish at Ctrl-C.
const shutdownGrace = 5 * time.Second

// maxHeaderBytes leaves room for the X-Moot-Request header, which carries
// the question's context and the transcript so far.
const maxHeaderBytes = 16 << 20

type serveSimOptions struct {
	addr       string
	public     bool
	experiment string
	models     []string
	apiKeyEnv  string
	faults     simserver.Faults
	batches    simserver.BatchOptions
	batchLog   string
}

func newServeSimCommand() *cobra.Command {
	var opts serveSimOptions
	cmd := &cobra.Command{
		Use:         "serve-sim",
		Annotations: endsOnInterrupt(),
		Short:       "Serve sim agents behind an OpenAI-compatible API, with injected faults",
		Long: `serve-sim answers OpenAI chat completions (POST /v1/chat/completions, GET /v1/models,
and the files and batches endpoints of the batch API)
with moot's sim agents, so that an experiment can be run through "backend: openai"
on one machine, free, with the same verdicts as the sim backend. It plays the
X-Moot-Request header that moot's openai backend sends; other clients are refused.
It serves a model named sim (default settings), each sim agent of --experiment
under its agent name, and each --model. The fault flags inject failures into a
share of chat completions, at most one fault a request.`,
		Example: `  moot serve-sim --experiment experiments/quickstart.yaml
  moot serve-sim --model strong='{skill: 0.9, deception: 0.8}' --model judge='diligence: 0.3'
  moot serve-sim --rate-limit 0.1 --retry-after 2s --server-error 0.05 --drop 0.02 --latency 50ms
  MOOT_SIM_KEY=secret moot serve-sim --api-key-env MOOT_SIM_KEY --addr 127.0.0.1:9000`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServeSim(cmd.Context(), opts, cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "127.0.0.1:8089", "address to listen on")
	f.BoolVar(&opts.public, "public", false, "allow an --addr that is not a loopback address, and answer requests addressed to any host")
	f.StringVar(&opts.experiment, "experiment", "", "serve each sim agent of this experiment file under its name")
	f.StringArrayVar(&opts.models, "model", nil, "serve a sim agent as NAME=SETTINGS, SETTINGS a YAML map of sim settings, or as NAME with the sim's default settings (repeatable)")
	f.StringVar(&opts.apiKeyEnv, "api-key-env", "", "require the API key held by this environment variable")
	f.DurationVar(&opts.faults.Latency, "latency", 0, "added to every chat completion")
	f.DurationVar(&opts.faults.PerToken, "latency-per-token", 0, "added to a chat completion for each completion token of its answer (decoding time)")
	f.Float64Var(&opts.faults.RateLimit, "rate-limit", 0, "share of requests answered 429")
	f.DurationVar(&opts.faults.RetryAfter, "retry-after", time.Second, "the wait a 429 asks for")
	f.Float64Var(&opts.faults.ServerError, "server-error", 0, "share of requests answered 500")
	f.Float64Var(&opts.faults.Unavailable, "unavailable", 0, "share of requests answered 503")
	f.Float64Var(&opts.faults.Drop, "drop", 0, "share of requests whose connection is closed without an answer")
	f.Float64Var(&opts.faults.Slow, "slow", 0, "share of requests whose answer trickles out over --slow-for")
	f.DurationVar(&opts.faults.SlowFor, "slow-for", 2*time.Second, "how long a slow answer takes")
	f.Float64Var(&opts.faults.Malformed, "malformed", 0, "share of requests answered 200 with a body that is not JSON")
	f.Uint64Var(&opts.faults.Seed, "fault-seed", 1, "seed of the fault draws")
	f.DurationVar(&opts.batches.Delay, "batch-delay", 2*time.Second, "how long a batch takes from its creation to its end")
	f.Float64Var(&opts.batches.Fail, "batch-fail", 0, "share of batch requests that fail (500) in the batch's error file")
	f.IntVar(&opts.batches.Expire, "batch-expire", 0, "how many batches, the first created, expire with half their requests undone")
	f.IntVar(&opts.batches.Hold, "batch-hold", 0, "how many batches, the first created, answer half their requests and then stay in progress until cancelled")
	f.StringVar(&opts.batches.Refuse, "batch-refuse", "", "fail at validation each batch with a line whose body holds this text, naming each such line")
	f.StringVar(&opts.batchLog, "batch-log", "", "append a JSON line for each batch created (its id, input file and custom ids) to this file")
	return cmd
}

func runServeSim(ctx context.Context, opts serveSimOptions, stderr io.Writer) error {
	if err := checkLoopback("--addr", opts.addr, opts.public, "serve-sim is a test server (add --public to listen there anyway)"); err != nil {
		return err
	}
	if err := opts.faults.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	var key string
	if opts.apiKeyEnv != "" {
		if key = os.Getenv(opts.apiKeyEnv); key == "" {
			return fmt.Errorf("%w: --api-key-env: the environment variable %s is empty or unset", errUsage, opts.apiKeyEnv)
		}
	}
	models, err := simModels(opts, stderr)
	if err != nil {
		return err
	}

	opts.batches.Seed = opts.faults.Seed
	if err := opts.batches.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if opts.batchLog != "" {
		f, err := os.OpenFile(opts.batchLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o666)
		if err != nil {
			return err
		}
		defer f.Close()
		opts.batches.Log = f
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	srv := simserver.New(models, simserver.Options{Faults: opts.faults, APIKey: key, Logger: logger, Batches: opts.batches})
	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return err
	}
	var h http.Handler = srv
	if !opts.public {
		// On loopback (checkLoopback), as moot judge: a page of another
		// site whose name is pointed at 127.0.0.1 (DNS rebinding) reaches
		// the port, but its requests name that site.
		h = loopback.Only(srv, "moot serve-sim answers only requests addressed to a loopback host (localhost, 127.0.0.1, ::1); start it with --public to answer others")
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second, MaxHeaderBytes: maxHeaderBytes}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	atQuit(ctx, "answers in flight are cut short", nil)
	fmt.Fprintf(stderr, "moot: serving %s on http://%s/v1 (%s)\n", noun.Count(len(models), "model"), ln.Addr(), strings.Join(srv.Models(), ", "))

	select {
	case err := <-served:
		return err
	case <-stopFrom(ctx):
	case <-ctx.Done():
	}
	// Ctrl-C is how a server is stopped: let in-flight answers finish, on
	// a context that the cancelled one does not cut short.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	srv.LogSummary()
	return nil
}

// checkLoopback refuses an address other machines can reach, given with
// flag, unless public; why says what --public would expose.
func checkLoopback(flag, addr string, public bool, why string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%w: %s %q: %v", errUsage, flag, addr, err)
	}
	if public {
		return nil
	}
	if loopback.Host(host) {
		return nil
	}
	return fmt.Errorf("%w: %s %q is not a loopback address; %s", errUsage, flag, addr, why)
}

// simModels gathers the models to serve: "sim" with default settings, the
// experiment's sim agents and the --model ones. A name given twice is an
// error, except that an experiment's agent named sim replaces the default.
func simModels(opts serveSimOptions, stderr io.Writer) (map[string]agents.Agent, error) {
	models := map[string]agents.Agent{}
	if opts.experiment != "" {
		x, err := engine.Load(opts.experiment)
		if err != nil {
			return nil, err
		}
		sims, others := x.SimModels()
		for _, a := range others {
			fmt.Fprintf(stderr, "moot: serve-sim: skipping agent %s of %s: its backend is %s, not sim\n", a.Name, opts.experiment, a.Backend)
		}
		maps.Copy(models, sims)
	}
	for _, spec := range opts.models {
		name, agent, err := parseSimModel(spec)
		if err != nil {
			return nil, fmt.Errorf("%w: --model %s: %v", errUsage, spec, err)
		}
		if _, dup := models[name]; dup {
			return nil, fmt.Errorf("%w: --model %s: a model named %s is already served", errUsage, spec, name)
		}
		models[name] = agent
	}
	if _, ok := models["sim"]; !ok {
		models["sim"] = sim.New(sim.DefaultSettings())
	}
	return models, nil
}

// parseSimModel reads NAME=SETTINGS, SETTINGS a YAML flow map of sim
// settings (braces optional), decoded strictly and validated as an
// experiment file's are, with the same messages (the key named, the known
// ones listed); NAME alone is a sim agent of default settings.
func parseSimModel(spec string) (string, agents.Agent, error) {
	name, settings, _ := strings.Cut(spec, "=")
	name, settings = strings.TrimSpace(name), strings.TrimSpace(settings)
	if name == "" {
		return "", nil, errors.New("want NAME=SETTINGS, e.g. strong='{skill: 0.9}'")
	}
	if settings != "" && !strings.HasPrefix(settings, "{") {
		settings = "{" + settings + "}"
	}
	factory, err := agents.Lookup("sim")
	if err != nil {
		return "", nil, err
	}
	agent, err := factory(func(v any) error {
		if settings == "" {
			return nil
		}
		return engine.DecodeSettings(settings, v)
	})
	if err != nil {
		return "", nil, err
	}
	return name, agent, nil
}
