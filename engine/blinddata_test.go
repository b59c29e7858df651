package engine

import (
	"context"
	"errors"
	"testing"
)

// blindData is an experiment over a shipped data file (the label audit's
// generic JSONL, whose labels are partly wrong already) with the protocols
// whose verdicts the sim's findings rest on, played by agents whose every
// bias and fallibility is switched on, so that a read of the label has
// many ways to show: position, length, framing, misreading, bluffing.
const blindData = `name: blind-data
seed: 23
agents:
  judge: {backend: sim, skill: 0.5, diligence: 0.4, trust_unverified: 0.4, position_bias: 0.4, length_bias: 0.5, misread: 0.3, susceptibility: 0.5, noise: 0.7}
  reader: {backend: sim, skill: 0.8, diligence: 0.8, trust_unverified: 0.3, position_bias: -0.2, misread: 0.2}
  strong: {backend: sim, skill: 0.9, deception: 0.7, persuasion: 0.5, bluff: 0.3}
  sly: {backend: sim, skill: 0.6, deception: 1, persuasion: 1, bluff: 0.8}
tasks:
  - {name: audit, loader: jsonl, path: data/judges-audit.jsonl, context: context, id: id, difficulty_field: difficulty}
protocols:
  - {name: direct, judge: judge, swap: true}
  - {name: direct-with-context, judge: reader, swap: true}
  - {name: consultancy, judge: judge, consultant: sly, swap: true}
  - {name: open-consultancy, judge: judge, consultant: strong}
  - {name: debate, judge: judge, debaters: [strong, sly], turns: sequential, rounds: 2, swap: true}
  - {name: debate, label: debate-unverified, judge: judge, debaters: [sly, strong], verify_quotes: false}
`

// TestDataFileIsBlind: on the questions of a shipped data file, each
// episode of direct, direct-with-context, consultancy (assigned and open)
// and debate is played on its question and on a copy whose label names
// the other answer, as a label error would (engine.CheckBlind): the text,
// the context, the evidence and the difficulty stay, and so does every
// message and every verdict, episode by episode; only whether the verdict
// is correct flips.
//
// "Nothing the agents read changed" is kept exact: the copy is played in
// the original's episode, with the original's answer order and the
// original's sides by answer index, and so with the original's seeds.
// Where an assignment is defined by the label (assigned-correct,
// correct-first), the copy's consultant argues the same answer text as
// the original's, which the flipped label now calls incorrect; replanning
// the copy instead would give the consultant of the other assignment, or
// of the other order, a seed hashed from another assignment's name, and
// different draws — a difference of luck, not of what it reads.
func TestDataFileIsBlind(t *testing.T) {
	x := mustParse(t, "../experiments/blind-data.yaml", blindData)
	if err := x.CheckBlind(context.Background(), 30); err != nil {
		t.Fatal(err)
	}
}

// TestCheckBlindCatchesTheLabelRead: the check above can fail. A judge
// given the gold answer as its reference (reference: gold, an upper bound
// by design) reads the label through it, and, trusting references and
// reading nothing else of the question (direct), follows it: CheckBlind
// must find its verdict changed when the label flipped.
func TestCheckBlindCatchesTheLabelRead(t *testing.T) {
	x := mustParse(t, "../experiments/blind-gold.yaml", `name: blind-gold
seed: 23
agents:
  judge: {backend: sim, trust_reference: 1}
tasks:
  - {name: audit, loader: jsonl, path: data/judges-audit.jsonl, context: context, id: id, difficulty_field: difficulty}
protocols:
  - {name: direct, judge: judge, reference: gold}
`)
	if err := x.CheckBlind(context.Background(), 10); !errors.Is(err, ErrNotBlind) {
		t.Fatalf("CheckBlind of a judge reading the gold reference: %v; want %v", err, ErrNotBlind)
	}
}
