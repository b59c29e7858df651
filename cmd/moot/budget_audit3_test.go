package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents/openai"
	"github.com/mootlab/moot/engine"
)

// dearEndpoint serves small.yaml's sim agents over HTTP as simEndpoint
// does, but reports every call's tokens times times: calls that cost
// times what the run's estimate (a dry run with the sim agents, no call
// made) expects.
func dearEndpoint(t *testing.T, times *atomic.Int64) string {
	tokens := regexp.MustCompile(`"(prompt|completion|total)_tokens":(\d+)`)
	return wrappedEndpoint(t, func(sim http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			sim.ServeHTTP(rec, r)
			body := tokens.ReplaceAllFunc(rec.Body.Bytes(), func(m []byte) []byte {
				kv := tokens.FindSubmatch(m)
				n, _ := strconv.Atoi(string(kv[2]))
				return fmt.Appendf(nil, `"%s_tokens":%d`, kv[1], n*int(times.Load()))
			})
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			w.Write(body)
		})
	})
}

// pricedSeeds writes a run at seeds 7 and 8 of 8 questions each, its
// judge alone, at $100 a million tokens in and out, served at addr, with
// budget_usd budget ("" for none), and returns its file.
func pricedSeeds(t *testing.T, addr, budget string) string {
	t.Helper()
	text := "name: paid\nseeds: [7, 8]\n"
	if budget != "" {
		text += "budget_usd: " + budget + "\n"
	}
	text += fmt.Sprintf("agents:\n  judge: {backend: openai, base_url: http://%s/v1, model: judge, api_key_env: MOOT_TEST_SERVE_KEY, backoff: 5ms, max_retries: 30, price: {input: 100, output: 100}}\ntasks:\n  - {name: q, generator: qa, n: 8}\nprotocols:\n  - {name: direct, judge: judge}\n", addr)
	t.Setenv("MOOT_TEST_SERVE_KEY", serveKey)
	file := filepath.Join(t.TempDir(), "paid.yaml")
	writeFile(t, file, []byte(text))
	return file
}

// cut is what pricedFolder leaves of a seed's log: its first keep
// episodes, each having paid exactly usd.
type cut struct {
	seed uint64
	keep int
	usd  string
}

// pricedFolder plays pricedSeeds whole at addr with no budget into a
// folder, then leaves of each cut seed's log its first episodes (as a run
// killed there leaves it), their one call's cost_usd rewritten, and
// returns the folder: a cut seed has paid usd times the episodes it kept.
func pricedFolder(t *testing.T, addr string, cuts ...cut) string {
	t.Helper()
	openai.ForgetEndpoints()
	t.Cleanup(openai.ForgetEndpoints)
	out := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", pricedSeeds(t, addr, ""), "--out", out, "--no-cache")
	cost := regexp.MustCompile(`"cost_usd":[0-9.e-]+`)
	for _, c := range cuts {
		dir := filepath.Join(out, engine.ReplicateDir(c.seed))
		lines := strings.SplitAfter(string(mustRead(t, filepath.Join(dir, engine.TranscriptsFile))), "\n")
		if strings.Count(lines[0], `"cost_usd":`) != 1 {
			t.Fatalf("want one call an episode: %s", lines[0])
		}
		kept := cost.ReplaceAllString(strings.Join(lines[:c.keep], ""), `"cost_usd":`+c.usd)
		writeFile(t, filepath.Join(dir, engine.TranscriptsFile), []byte(kept))
		os.Remove(filepath.Join(dir, "summary.json"))
	}
	return out
}

// logPaid is what the episodes of seed's log in out paid: the sum of
// their calls' cost_usd.
func logPaid(t *testing.T, out string, seed uint64) float64 {
	t.Helper()
	sum := 0.0
	for _, m := range regexp.MustCompile(`"cost_usd":([0-9.e-]+)`).FindAllStringSubmatch(string(mustRead(t, filepath.Join(out, engine.ReplicateDir(seed), engine.TranscriptsFile))), -1) {
		usd, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		sum += usd
	}
	return sum
}

// TestSeedStoppedAtTheBudgetPaidElsewhere: resumed under budget_usd, a
// replicated run stops before a seed once the other seeds have paid the
// budget, to the cent (README: budget_usd bounds all seeds together):
// seed 7 paid 8 × $1 = $8, seed 8 kept 4 episodes at $1 (its own, not
// "paid elsewhere"); a budget of exactly $8 leaves seed 8 nothing, and the
// run's end says seed 8 was not played. One cent more lets seed 8 start.
func TestSeedStoppedAtTheBudgetPaidElsewhere(t *testing.T) {
	addr, _ := simEndpoint(t, "127.0.0.1:0", 0)
	out := pricedFolder(t, addr, cut{7, 8, "1"}, cut{8, 4, "1"})
	log8 := filepath.Join(out, engine.ReplicateDir(8), engine.TranscriptsFile)
	before := string(mustRead(t, log8))
	code, stdout, errOut := moot(t, "run", pricedSeeds(t, addr, "8"), "--out", out, "--no-cache", "--over-budget")
	if want := "the other seeds have paid $8.00 of the budget_usd of $8; the seed 8 is not played"; code != exitFailed || !strings.Contains(errOut, want) {
		t.Fatalf("budget_usd 8, the other seed paid $8: exit %d; want %d and %q; stderr:\n%s", code, exitFailed, want, errOut)
	}
	if string(mustRead(t, log8)) != before {
		t.Errorf("seed 8's log changed; want it not played")
	}
	if want := "stopped after the replicates at seeds [7] ("; !strings.Contains(stdout, want) || !strings.Contains(stdout, "; seeds [8] not played)") {
		t.Errorf("the end of a run stopped before seed 8: want %q and seed 8 not played; stdout:\n%s", want, stdout)
	}
	code, _, errOut = moot(t, "run", pricedSeeds(t, addr, "8.01"), "--out", out, "--no-cache", "--over-budget")
	if strings.Contains(errOut, "the other seeds have paid") || !strings.Contains(errOut, "replicate 2 of 2, seed 8") {
		t.Errorf("budget_usd 8.01, the other seed paid $8: exit %d; want seed 8 started; stderr:\n%s", code, errOut)
	}
}

// TestReplicatedBudgetCountsWhatEverySeedPaid: before any seed plays, a
// resumed replicated run is checked against budget_usd with what all its
// seeds paid, once each (README: the budget bounds the seeds together; a
// resume counts what was paid): seed 7 paid 8 × $1, seed 8 4 × $1, $12 for
// 12 of 16 episodes. The 4 left, a judge's call of under a thousand tokens
// each at $100 a million, are under $0.50: a budget of $10 is refused at
// once, naming the $12 paid; one of $13.50 plays them.
func TestReplicatedBudgetCountsWhatEverySeedPaid(t *testing.T) {
	addr, _ := simEndpoint(t, "127.0.0.1:0", 0)
	out := pricedFolder(t, addr, cut{7, 8, "1"}, cut{8, 4, "1"})
	code, _, errOut := moot(t, "run", pricedSeeds(t, addr, "10"), "--out", out, "--no-cache")
	if want := "the run has paid $12.00 for 12 of 16 episodes"; code != exitBadInput || !strings.Contains(errOut, want) || strings.Contains(errOut, "replicate 1 of 2") {
		t.Fatalf("budget_usd 10, $12 paid: exit %d; want %d, %q and no seed played; stderr:\n%s", code, exitBadInput, want, errOut)
	}
	code, _, errOut = moot(t, "run", pricedSeeds(t, addr, "13.5"), "--out", out, "--no-cache")
	if code != exitOK || strings.Contains(errOut, "budget") && strings.Contains(errOut, "not played") {
		t.Fatalf("budget_usd 13.50, $12 paid: exit %d; want the 4 episodes left played; stderr:\n%s", code, errOut)
	}
	if n := strings.Count(string(mustRead(t, filepath.Join(out, engine.ReplicateDir(8), engine.TranscriptsFile))), "\n"); n != 8 {
		t.Errorf("seed 8's log holds %d episodes; want all 8", n)
	}
}

// TestSeedCountsItsOwnEarlierPayment: a seed's check before it plays
// counts what it paid itself before the resume as well as what the
// other seeds have paid (README: budget_usd bounds what every seed pays).
// Seed 7 kept 7 episodes at $0.01 and plays its last through an
// endpoint that reports 320 times the tokens (about $2.90 where the
// estimate, made with no call, expects under a cent); seed 8 kept 4 at
// $0.50. Up front, $2.07 paid and the 5 episodes left fit a budget of $4;
// before seed 8, seed 7's $1.96–$3.50 and seed 8's own $2 do not.
func TestSeedCountsItsOwnEarlierPayment(t *testing.T) {
	var times atomic.Int64
	times.Store(1)
	addr := dearEndpoint(t, &times)
	out := pricedFolder(t, addr, cut{7, 7, "0.01"}, cut{8, 4, "0.5"})
	log8 := filepath.Join(out, engine.ReplicateDir(8), engine.TranscriptsFile)
	before := string(mustRead(t, log8))
	times.Store(320)
	code, _, errOut := moot(t, "run", pricedSeeds(t, addr, "4"), "--out", out, "--no-cache")
	if paid7 := logPaid(t, out, 7); paid7 < 1.96 || paid7 > 3.5 {
		t.Fatalf("seed 7 paid $%.4f in all; the test wants $1.96 to $3.50; stderr:\n%s", paid7, errOut)
	}
	if want := " and the seed 8 $2.00 of the budget_usd of $4"; code != exitFailed || !strings.Contains(errOut, want) || !strings.Contains(errOut, "it is not played") {
		t.Fatalf("exit %d; want %d and %q, seed 8 not played; stderr:\n%s", code, exitFailed, want, errOut)
	}
	if string(mustRead(t, log8)) != before {
		t.Errorf("seed 8's log changed; want it not played")
	}
}
