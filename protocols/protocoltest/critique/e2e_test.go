package critique_test

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	_ "github.com/mootlab/moot/protocols/consultancy"
	_ "github.com/mootlab/moot/protocols/direct"
	"github.com/mootlab/moot/protocols/protocoltest/critique"
	"github.com/mootlab/moot/sinks"
	_ "github.com/mootlab/moot/tasks/qa"
	"github.com/mootlab/moot/transcript"
)

// critiqueExperiment runs the critique protocol, which the CLI does not
// import, beside the judge alone and consultancy: registering it took its
// own package's init, nothing else. The test assembles a run as moot run
// and moot rejudge do: the engine and the summary sink, which writes
// summary.json, the tables and report.html.
const critiqueExperiment = `name: critique-demo
seed: 11
agents:
  strong: {backend: sim, skill: 0.8, deception: 0.7}
  weak-judge: {backend: sim, skill: 0.5, diligence: 0.3, trust_unverified: 0.3}
  other-judge: {backend: sim, skill: 0.4, diligence: 0.6, trust_unverified: 0.1}
tasks:
  - {name: hidden-qa, generator: qa, n: 40, difficulty: 0.6}
protocols:
  - {name: direct, judge: weak-judge}
  - {name: consultancy, judge: weak-judge, consultant: strong}
  - {name: critique, judge: weak-judge, answerer: strong, critic: strong, swap: true, critic_words: 12}
`

// play runs (or with judge, rejudges run into out) the experiment as the
// CLI does.
func play(t *testing.T, file, out, run, judge string) {
	t.Helper()
	x, err := engine.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	z := sinks.NewSummary(out, x.Name, x.Seed)
	opts := engine.Options{Out: out, Sinks: []engine.Sink{z}}
	if judge == "" {
		_, err = engine.Run(context.Background(), x, opts)
	} else {
		_, err = engine.Rejudge(context.Background(), x, run, judge, opts)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestNewProtocolIsOnePackage plays a protocol that lives in one package
// end to end: transcripts, its summary cell and breakdown, its paired
// comparisons, the table, rejudging and the report.
func TestNewProtocolIsOnePackage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "critique.yaml")
	if err := os.WriteFile(file, []byte(critiqueExperiment), 0o644); err != nil {
		t.Fatal(err)
	}
	run := filepath.Join(dir, "run")
	play(t, file, run, "", "")

	eps, err := transcript.ReadFile(filepath.Join(run, transcript.FileName))
	if err != nil {
		t.Fatal(err)
	}
	critiques, longAnswers := 0, 0
	for _, ep := range eps {
		if ep.Kind != critique.Name {
			continue
		}
		critiques++
		if ep.Error != "" {
			t.Fatalf("episode %s failed: %s", ep.EpisodeID, ep.Error)
		}
		var speakers []string
		for _, m := range ep.Messages {
			if !m.Aside {
				speakers = append(speakers, m.Name+"/"+string(m.Role))
			}
		}
		if want := []string{"Answerer/proposer", "Critic/critic", "Judge/judge"}; !slices.Equal(speakers, want) {
			t.Fatalf("episode %s: speakers %v; want %v", ep.EpisodeID, speakers, want)
		}
		// The critic speaks within its own word limit, the answerer
		// within the protocol's.
		for _, m := range ep.Messages {
			if n := len(strings.Fields(m.Text)); m.Name == "Critic" && n > 12 {
				t.Errorf("episode %s: the critic wrote %d words; want at most its critic_words, 12", ep.EpisodeID, n)
			} else if m.Name == "Answerer" && !m.Aside && n > 12 {
				longAnswers++
			}
		}
		if !strings.HasSuffix(ep.Assignment, "/chose-correct") && !strings.HasSuffix(ep.Assignment, "/chose-incorrect") {
			t.Errorf("episode %s: assignment %q does not record the answerer's choice", ep.EpisodeID, ep.Assignment)
		}
		if ep.Seats[0].Argues == ep.Seats[1].Argues || ep.Seats[0].Argues == transcript.NoSide {
			t.Errorf("episode %s: seats %+v; want the answerer and the critic on opposite sides", ep.EpisodeID, ep.Seats)
		}
	}
	if critiques != 80 {
		t.Fatalf("%d critique episodes; want 80 (40 questions, both orders)", critiques)
	}
	if longAnswers == 0 {
		t.Error("no answerer wrote more than the critic's 12 words: the critic's limit is not its own")
	}

	var sum analysis.Summary
	data, err := os.ReadFile(filepath.Join(run, "summary.json"))
	if err != nil || json.Unmarshal(data, &sum) != nil {
		t.Fatalf("summary.json: %v", err)
	}
	cell := slices.IndexFunc(sum.Cells, func(c analysis.Cell) bool { return c.Protocol == critique.Name })
	if cell < 0 || sum.Cells[cell].N != 80 || len(sum.Cells[cell].Breakdown) < 2 {
		t.Fatalf("summary cells %+v; want a critique cell of 80 episodes split by the answerer's choice", sum.Cells)
	}
	var compared []string
	for _, p := range sum.Comparisons {
		if p.B.Protocol == critique.Name {
			compared = append(compared, p.A.Protocol)
		}
	}
	if want := []string{"direct", "consultancy"}; !slices.Equal(compared, want) {
		t.Errorf("critique compared with %v; want %v", compared, want)
	}

	byAssignment, err := analysis.SummarizeBy("critique-demo", 11, eps, []string{analysis.FieldProtocol, analysis.FieldAssignment})
	if err != nil {
		t.Fatal(err)
	}
	parts := 0
	for _, c := range byAssignment.Cells {
		if c.Protocol == critique.Name && strings.Contains(c.Assignment, "/chose-") {
			parts++
		}
	}
	if parts < 3 {
		t.Errorf("the critique by assignment has %d cells; want each order split by the answerer's choice", parts)
	}

	again := filepath.Join(dir, "again")
	play(t, file, again, run, "weak-judge")
	rejudged, err := transcript.ReadFile(filepath.Join(again, transcript.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for i, ep := range rejudged {
		if ep.Verdict != eps[i].Verdict {
			t.Fatalf("rejudged by the same judge, episode %s: verdict %+v; want the first verdict %+v", eps[i].EpisodeID, ep.Verdict, eps[i].Verdict)
		}
	}
	other := filepath.Join(dir, "other")
	play(t, file, other, run, "other-judge")
	if _, err := os.Stat(filepath.Join(other, "summary.json")); err != nil {
		t.Errorf("rejudged by another judge: %v", err)
	}

	page, err := os.ReadFile(filepath.Join(run, "report.html"))
	if err != nil || !strings.Contains(string(page), "critique") || !strings.Contains(pageEpisodes(t, string(page)), `"name":"Critic"`) {
		t.Errorf("report.html: %v; want the critique cell and its transcripts", err)
	}
}

// pageEpisodes is the text of the episodes a report page carries: chunks
// of JSON, deflated, in base64, in the element #episodes (see package
// report).
func pageEpisodes(t *testing.T, page string) string {
	t.Helper()
	_, data, _ := strings.Cut(page, `<script type="application/json" id="episodes">`)
	data, _, _ = strings.Cut(data, "</script>")
	var d struct{ Chunks []string }
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		t.Fatalf("report.html: the episode data does not decode: %v", err)
	}
	var out strings.Builder
	for _, c := range d.Chunks {
		raw, err := base64.StdEncoding.DecodeString(c)
		if err != nil {
			t.Fatal(err)
		}
		text, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
		if err != nil {
			t.Fatal(err)
		}
		out.Write(text)
	}
	return out.String()
}
