package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestAdviceNamesTaskAndAgents: what the agents in play advise on a
// task's questions comes once per task and piece of advice, naming the
// agents that gave it and not an agent the plan never calls; a task whose
// questions draw no advice gets no line.
func TestAdviceNamesTaskAndAgents(t *testing.T) {
	x := mustParse(t, "testdata/data/x.yaml", `name: t
agents:
  s: {backend: sim}
  j: {backend: sim, skill: 0.3}
  idle: {backend: sim}
protocols:
  - {name: debate, judge: j, debaters: s}
tasks:
  - {name: q, loader: quality, path: ../../../tasks/loaders/testdata/quality.jsonl}
  - {name: gen, generator: qa, n: 20}
`)
	got := x.Advice()
	if len(got) != 1 {
		t.Fatalf("advice %q; want one line, for task q", got)
	}
	// How many of the five the sim's reader finds no quote for moves as
	// its reading improves; that they are counted, of five, does not.
	adviceLine := regexp.MustCompile(`^task q: agents s, j: for [1-5] of 5 questions no true quote`)
	if !adviceLine.MatchString(got[0]) {
		t.Errorf("advice %q; want task q, its agents in seat order, and the count", got[0])
	}
	if strings.Contains(got[0], "idle") {
		t.Errorf("advice %q names an agent the plan never calls", got[0])
	}
	// Swept, each cell holds its own entry of each agent: each is named
	// once.
	swept := mustParse(t, "testdata/data/x.yaml", `name: t
agents:
  s: {backend: sim}
  j: {backend: sim, skill: 0.3}
protocols:
  - {name: debate, judge: j, debaters: s}
tasks:
  - {name: q, loader: quality, path: ../../../tasks/loaders/testdata/quality.jsonl}
sweep:
  agents.j.skill: [0.3, 0.5, 0.7]
`)
	if got := swept.Advice(); len(got) != 1 || !adviceLine.MatchString(got[0]) {
		t.Errorf("advice of a sweep %q; want each agent named once", got)
	}
}

// TestAdviceOnPromptsNoAgentReads: a prompts file of a protocol whose
// every agent is a sim agent is said to change nothing the agents do, in
// the file or swept; one an LLM judge reads is not.
func TestAdviceOnPromptsNoAgentReads(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("judge.tmpl", `{{define "judge.system"}}Judge briefly.{{end}}`)
	x, err := Load(write("x.yaml", string(mustRead(t, "testdata/debate-prompts.yaml"))))
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Advice(); len(got) != 1 || !strings.HasPrefix(got[0], "protocol debate: no agent reads its prompts file") {
		t.Errorf("advice %q; want one line: no agent reads the prompts of debate", got)
	}
	t.Setenv("MOOT_TEST_KEY", "k")
	llm := strings.Replace(string(mustRead(t, "testdata/debate-prompts.yaml")), "judge: {backend: sim}",
		"judge: {backend: openai, model: m, base_url: 'http://127.0.0.1:9/v1', api_key_env: MOOT_TEST_KEY}", 1)
	if x, err = Load(write("y.yaml", llm)); err != nil {
		t.Fatal(err)
	}
	if got := x.Advice(); len(got) != 0 {
		t.Errorf("advice %q with an LLM judge; want none", got)
	}
	// Prompts swept with sim agents alone: said once, of the protocol.
	swept := strings.Replace(string(mustRead(t, "testdata/debate-prompts.yaml")), ", prompts: judge.tmpl", "", 1) +
		"sweep:\n  protocols.debate.prompts: {shipped: \"\", brief: judge.tmpl}\n"
	if x, err = Load(write("z.yaml", swept)); err != nil {
		t.Fatal(err)
	}
	if got := x.Advice(); len(got) != 1 || !strings.HasPrefix(got[0], "protocol debate: no agent reads its prompts file") {
		t.Errorf("advice %q on prompts swept with sim agents; want one line for debate", got)
	}
}

// TestAdviceOnTextOfQuestionsWithNone: the judge with the hidden text, on
// a task whose questions have none (MMLU), or one every seat reads (a
// closed task), is said to be the judge alone again; on a task of which
// some have none, how many; on a task whose questions all have one hidden
// from the judge, nothing.
func TestAdviceOnTextOfQuestionsWithNone(t *testing.T) {
	mixed := filepath.Join(t.TempDir(), "mixed.jsonl")
	if err := os.WriteFile(mixed, []byte(`{"q": "Which?", "a": "one", "b": "two", "c": "One it is."}
{"q": "Which now?", "a": "three", "b": "four", "c": null}
{"q": "And which?", "a": "five", "b": "six", "c": ""}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	x := mustParse(t, "testdata/data/x.yaml", `name: t
agents:
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
  - {name: direct-with-context, label: with-text, judge: j}
tasks:
  - {name: mmlu, loader: mmlu, path: ../../../tasks/loaders/testdata/mmlu.csv}
  - {name: gen, generator: qa, n: 5}
  - {name: mixed, loader: jsonl, path: `+mixed+`, question: q, correct: a, incorrect: b, context: c}
  - {name: closed, generator: qa, n: 3, variant: closed}
`)
	var got []string
	for _, a := range x.Advice() {
		if strings.HasPrefix(a, "protocol ") {
			got = append(got, a)
		}
	}
	want := []string{"protocol with-text on task mmlu: its questions have no hidden text, or one every seat reads, so it plays the judge alone (direct) again",
		"protocol with-text on task mixed: 2 of 3 questions have no hidden text, or one every seat reads, on which it plays the judge alone (direct) again",
		"protocol with-text on task closed: its questions have no hidden text, or one every seat reads, so it plays the judge alone (direct) again"}
	if !slices.Equal(got, want) {
		t.Errorf("advice %q; want %q, and nothing of task gen", got, want)
	}
}

// TestAdviceOnAScorerWithoutCandidates: a debate that names a scorer but
// leaves best_of at 1 is told its scorer rates nothing; one with best_of
// above 1, or a sweep that gives some cell candidates, is not.
func TestAdviceOnAScorerWithoutCandidates(t *testing.T) {
	const head = `name: scorer
agents:
  s: {backend: sim}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 2}
protocols:
`
	for _, tt := range []struct {
		name, protocols string
		want            bool
	}{
		{"best_of 1", "  - {name: debate, judge: j, debaters: s, scorer: j}\n", true},
		{"best_of 3", "  - {name: debate, judge: j, debaters: s, scorer: j, best_of: 3}\n", false},
		{"no scorer", "  - {name: debate, judge: j, debaters: s}\n", false},
		{"a sweep that gives some cell candidates", "  - {name: debate, judge: j, debaters: s, scorer: j}\nsweep:\n  protocols.debate.best_of: [1, 2]\n", false},
	} {
		advice := strings.Join(mustParse(t, "scorer.yaml", head+tt.protocols).Advice(), "\n")
		if got := strings.Contains(advice, "its scorer rates nothing"); got != tt.want {
			t.Errorf("%s: advice %q; want the scorer said of: %v", tt.name, advice, tt.want)
		}
	}
}

// TestAdviceOnABudgetWithNoPrice: budget_usd where no agent in play has a
// price is told it bounds nothing (it had been taken in silence, and a
// budget that can never stop the run read as a safeguard); with a priced
// agent it is not.
func TestAdviceOnABudgetWithNoPrice(t *testing.T) {
	const file = `name: budget
budget_usd: 1
agents:
  s: {backend: openai, base_url: "http://127.0.0.1:1/v1", model: m%s}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 2}
protocols:
  - {name: consultancy, judge: j, consultant: s}
`
	for _, tt := range []struct {
		name, price string
		want        bool
	}{
		{"no price", "", true},
		{"a zero price", ", price: {input: 0, output: 0}", true},
		{"a price", ", price: {input: 2.5, output: 10}", false},
	} {
		advice := strings.Join(mustParse(t, "budget.yaml", fmt.Sprintf(file, tt.price)).Advice(), "\n")
		if got := strings.Contains(advice, "budget_usd $1 bounds nothing"); got != tt.want {
			t.Errorf("%s: advice %q; want the budget said of: %v", tt.name, advice, tt.want)
		}
	}
}
