package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mootlab/moot/transcript"
)

const openExperiment = `name: open
seed: 5
agents:
  strong: {backend: sim, skill: 0.6, deception: 0.8}
  other: {backend: sim, skill: 0.9, deception: 0.2}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 30, difficulty: 0.7}
protocols:
  - {name: open-consultancy, judge: judge, consultant: strong, swap: true}
  - {name: open-debate, judge: judge, debaters: [strong, other]}
`

// TestOpenRoles: the open consultant and the protagonist first answer the
// question themselves (round 0), then argue for that answer; the
// antagonist argues the other; the record's assignment says whether the
// choice was correct.
func TestOpenRoles(t *testing.T) {
	x := mustParse(t, "open.yaml", openExperiment)
	chose := map[string]int{}
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatalf("%s: %s", ep.ID, rec.Error)
		}
		first := rec.Messages[0]
		if first.Role != transcript.RoleAnswerer || first.Round != 0 {
			t.Fatalf("%s: first message by %s in round %d; want the protagonist's answer in round 0", ep.ID, first.Role, first.Round)
		}
		var answered int
		switch {
		case strings.HasSuffix(strings.TrimSpace(first.Text), "Answer: A"):
			answered = rec.Order[0]
		case strings.HasSuffix(strings.TrimSpace(first.Text), "Answer: B"):
			answered = rec.Order[1]
		default:
			t.Fatalf("%s: the protagonist's answer %q does not parse", ep.ID, first.Text)
		}
		for _, s := range rec.Seats {
			switch s.Name {
			case "Consultant", "Protagonist":
				if s.Argues != answered {
					t.Errorf("%s: %s argues %d; want its own answer %d", ep.ID, s.Name, s.Argues, answered)
				}
			case "Antagonist":
				if s.Argues == answered {
					t.Errorf("%s: the antagonist argues the protagonist's answer", ep.ID)
				}
			}
		}
		want := "/chose-incorrect"
		if answered == rec.CorrectAnswer {
			want = "/chose-correct"
		}
		if !strings.HasSuffix(rec.Assignment, want) {
			t.Errorf("%s: assignment %q; want it to end %s", ep.ID, rec.Assignment, want)
		}
		chose[want]++
	}
	if chose["/chose-correct"] == 0 || chose["/chose-incorrect"] == 0 {
		t.Errorf("choices %v; want the protagonists to be right sometimes and wrong sometimes at difficulty 0.7", chose)
	}
}

// TestOpenRolesIgnoreTheLabel: flipping the gold label changes no message
// of an open episode (the choice is made from the text), only which
// choices count as correct.
func TestOpenRolesIgnoreTheLabel(t *testing.T) {
	x := mustParse(t, "open.yaml", openExperiment)
	for _, ep := range x.Plan() {
		orig := x.play(context.Background(), &ep)
		if ep.Assignment.Order != 0 {
			continue // the order is defined by the label; compare the as-given ones
		}
		got := playFlipped(x, ep)
		if diff := cmp.Diff(orig.Messages, got.Messages); diff != "" {
			t.Fatalf("%s: messages changed when the label flipped (-orig +flipped):\n%s", ep.ID, diff)
		}
		if strings.HasSuffix(orig.Assignment, "/chose-correct") == strings.HasSuffix(got.Assignment, "/chose-correct") {
			t.Fatalf("%s: the choice's correctness did not flip with the label", ep.ID)
		}
	}
}

// TestRejudgeOpenRun: rejudging an open run with its own judge reproduces
// it; the judge is not shown the protagonist's private answer.
func TestRejudgeOpenRun(t *testing.T) {
	x := mustParse(t, "open.yaml", openExperiment)
	ref, _, _ := rejudgeReproduces(t, x, "judge", Options{Concurrency: 2}, Options{}, "rejudging an open run with its judge")
	eps := readTranscripts(t, ref)
	if len(eps) == 0 {
		t.Fatal("no transcripts")
	}
}
