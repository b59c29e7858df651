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
