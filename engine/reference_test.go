package engine

import (
	"errors"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// votersOnly is a protocol with the common settings but no seat that
// decides: its verdict is its one answerer's vote. A reference has no one
// to read it.
type votersOnly struct {
	protocols.Prompter
	s protocols.Common
}

func (p *votersOnly) Settings() any                       { return p.s }
func (p *votersOnly) Common() *protocols.Common           { return &p.s }
func (p *votersOnly) Machine() protocols.Machine          { return protocols.RoundsMachine(1) }
func (p *votersOnly) Rules() protocols.Rules              { return protocols.Rules{Rounds: 1} }
func (p *votersOnly) Comparison() protocols.Comparison    { return protocols.Comparison{Class: "voters"} }
func (p *votersOnly) Step(string) protocols.Step          { return protocols.Step{Round: 1, Seats: []int{0}} }
func (p *votersOnly) Vote(a []int) (int, float64, string) { return a[0], 0, "vote" }
func (p *votersOnly) Assignments() []protocols.Assignment {
	return []protocols.Assignment{{Name: "as-given", Seats: []protocols.Seat{
		{Name: "Voter", Role: transcript.RoleAnswerer, Agent: p.s.Judge, Act: protocols.Answer, Setting: "judge"}}}}
}

// TestReferenceNeedsAJudge: a reference on a protocol with no seat that
// decides is an input error at the setting's line.
func TestReferenceNeedsAJudge(t *testing.T) {
	x := mustLoad(t, "testdata/grade.yaml")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("name: voters\njudge: judge\nreference: gold\n"), &doc); err != nil {
		t.Fatal(err)
	}
	p := &votersOnly{s: protocols.Common{Judge: "judge", Reference: &protocols.Reference{Gold: true}}}
	err := x.checkReference(p, doc.Content[0], "protocols[0]")
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, protocols.ErrNoJudgeForReference) || ie.Line != 3 || ie.Field != "protocols[0].reference" {
		t.Fatalf("error %v; want an input error at line 3, protocols[0].reference: no judge to read it", err)
	}
	p.s.Reference = nil
	if err := x.checkReference(p, doc.Content[0], "protocols[0]"); err != nil {
		t.Errorf("no reference: %v; want none", err)
	}
}

// TestReferenceIsTheQuestions: an agent's reference is written once a
// question — the answers in the question's own order — so that both
// orders of a swapped protocol, and every protocol, read the same one. A
// blind writer (context: false) guesses; were it shown each episode's
// order, its guess would follow the slot, not the answer.
func TestReferenceIsTheQuestions(t *testing.T) {
	x := mustParse(t, "ref.yaml", `name: ref
seed: 4
agents:
  writer: {backend: sim, skill: 0.9}
  j: {backend: sim, trust_reference: 1}
tasks:
  - {name: q, generator: qa, n: 30}
protocols:
  - {name: direct, label: blind-ref, judge: j, swap: true, reference: {agent: writer, context: false}}
  - {name: direct-with-context, label: ctx-ref, judge: j, swap: true, reference: {agent: writer, context: false}}
`)
	dir := t.TempDir()
	mustRunSummarized(t, x, Options{Out: dir})
	type ref struct {
		answer int
		text   string
	}
	first := map[string]ref{}
	for _, ep := range readTranscripts(t, dir) {
		r := ref{answer: ep.Reference.Answer}
		for _, m := range ep.Messages {
			if m.Role == transcript.RoleReference {
				r.text = m.Text
			}
		}
		if was, ok := first[ep.QuestionID]; !ok {
			first[ep.QuestionID] = r
		} else if was != r {
			t.Errorf("question %s: %s (%s) reads reference %+v; another episode read %+v", ep.QuestionID, ep.Protocol, ep.Assignment, r, was)
		}
	}
	if len(first) != 30 {
		t.Errorf("%d questions; want 30", len(first))
	}
}
