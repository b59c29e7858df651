package loaders

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// A pairwise preference set is a prompt, two responses and which is the
// better: a question whose answers are the two responses and whose correct
// answer is the preferred one. A tie has no correct answer for a judge
// that must pick one; the loader sets tie rows aside and counts them (see
// the package documentation).
var (
	newJudgeBench  = pairwiseOf(parseJudgeBench)
	newRewardBench = pairwiseOf(parseRewardBench)
	newMTBench     = pairwiseOf(parseMTBench)
)

// pairParser reads one record of a pairwise set: its question, or the kind
// of tie it is ("" for none).
type pairParser func(o object) (it item, tie string, err error)

// pairwise is the loader of a pairwise preference format.
type pairwise struct {
	s     Settings
	parse pairParser
}

var (
	_ tasks.Loader    = (*pairwise)(nil)
	_ tasks.SetAsider = (*pairwise)(nil)
)

func pairwiseOf(parse pairParser) func(Settings) (tasks.Loader, error) {
	return func(s Settings) (tasks.Loader, error) { return &pairwise{s, parse}, nil }
}

func (p *pairwise) Load(path string, opts tasks.LoadOptions) ([]tasks.Question, int, error) {
	qs, skipped, _, err := p.LoadSetAside(path, opts)
	return qs, skipped, err
}

// LoadSetAside implements tasks.SetAsider: the tie rows, counted by their
// label.
func (p *pairwise) LoadSetAside(path string, opts tasks.LoadOptions) ([]tasks.Question, int, map[string]int, error) {
	parse := func(o object) ([]item, error) {
		it, tie, err := p.parse(o)
		switch {
		case err != nil:
			return nil, err
		case tie != "":
			it.aside = tie // no question, but its id is taken
			return []item{it}, nil
		}
		it.family, it.difficulty = transcript.FamilyQA, -1
		return []item{it}, nil
	}
	qs, skipped, aside, err := loadSetAside(path, opts, p.s, scanJSON(parse), nil)
	if de, ok := errors.AsType[*tasks.DataError](err); ok && de.Line == 0 && de.Field == "" && len(aside) > 0 {
		// A file with no questions but ties (the error is of the whole
		// file, not of a record): say that they were set aside.
		err = &tasks.DataError{File: de.File, Err: fmt.Errorf("%w (%s set aside: a judge that must pick one has no correct answer)", de.Err, tieCount(aside))}
	}
	if se, ok := errors.AsType[*sampleError](err); ok && len(aside) > 0 {
		se.aside = tieCount(aside) + " set aside"
	}
	return qs, skipped, aside, err
}

// tieCount says how many ties were set aside: "1 tie", "3 ties".
func tieCount(aside map[string]int) string {
	n := 0
	for _, c := range aside {
		n += c
	}
	if n == 1 {
		return "1 tie"
	}
	return fmt.Sprintf("%d ties", n)
}

// pair fills it with the prompt and the two responses, better first, and
// rejects two responses that read the same: alike but for blank lines
// before and white space after (trimBlock: a program's first line's
// indentation counts), or, of two one-line responses (short answers), different
// only as distinctWrong's choices may be (letter case, white space, a
// number's writing), which a judge could not tell apart. Of longer ones
// case and inner white space count: two programs may differ in their
// indentation alone.
func pair(it *item, prompt, better, worse, worseField string) error {
	it.text, it.correct = prompt, better
	if trimBlock(better) == trimBlock(worse) {
		return bad(worseField, "the same as the other response: a pair needs two different responses")
	}
	oneLine := !strings.Contains(trim(better), "\n") && !strings.Contains(trim(worse), "\n")
	if oneLine && len(distinctWrong(better, []string{worse}, foldCase)) == 0 {
		return bad(worseField, "the same as the other response but for letter case, white space or how a number is written: a pair needs two different responses")
	}
	it.wrong = []string{worse}
	return nil
}

// parseJudgeBench reads a JudgeBench record: "pair_id", "question",
// "response_A", "response_B" and "label", "A>B" or "B>A" ("A=B" is a tie).
func parseJudgeBench(o object) (it item, tie string, err error) {
	if it.id, it.idField, err = optID(o, "pair_id", "id"); err != nil {
		return it, "", err
	}
	f, err := o.strs("question", "label")
	if err != nil {
		return it, "", err
	}
	r, err := o.blocks("response_A", "response_B")
	if err != nil {
		return it, "", err
	}
	prompt, a, b, label := f[0], r[0], r[1], f[1]
	switch strings.ReplaceAll(label, " ", "") {
	case "A>B":
		return it, "", pair(&it, prompt, a, b, "response_B")
	case "B>A":
		return it, "", pair(&it, prompt, b, a, "response_A")
	case "A=B":
		return it, "A=B", nil
	}
	return it, "", bad("label", "want A>B, B>A or A=B, got %q", clip(label))
}

// parseRewardBench reads a RewardBench record: "prompt", "chosen" (the
// better response) and "rejected", optional "id". It has no ties.
func parseRewardBench(o object) (it item, tie string, err error) {
	if it.id, it.idField, err = optID(o, "id"); err != nil {
		return it, "", err
	}
	prompt, err := o.str("prompt")
	if err != nil {
		return it, "", err
	}
	if v, _, _ := o.get("chosen"); v != nil {
		if _, isList := v.([]any); isList {
			// RewardBench 2: best of four, its Ties subset several chosen.
			return it, "", bad(o.field("chosen"), "a list of responses, as RewardBench 2 (allenai/reward-bench-2) gives them: the rewardbench loader reads RewardBench (allenai/reward-bench), one chosen and one rejected response a record")
		}
	}
	r, err := o.blocks("chosen", "rejected")
	if err != nil {
		return it, "", err
	}
	return it, "", pair(&it, prompt, r[0], r[1], "rejected")
}

// The winners of an MT-Bench judgment that are ties: the human raters'
// tie and tie (bothbad), and GPT-4's tie (inconsistent) of the dataset's
// gpt4_pair split, a pair whose verdict flipped when the responses were
// swapped.
var mtBenchTies = []string{"tie", "tie (bothbad)", "tie (inconsistent)"}

// parseMTBench reads an MT-Bench human judgment: "question_id", "model_a",
// "model_b", "judge", "turn" (1 or 2), "conversation_a" and
// "conversation_b" (user and assistant messages, alternating, the same
// user messages in both), and "winner": "model_a", "model_b" or a tie
// (mtBenchTies).
func parseMTBench(o object) (it item, tie string, err error) {
	qid, err := o.text("question_id")
	if err != nil {
		return it, "", err
	}
	models, err := o.strs("model_a", "model_b")
	if err != nil {
		return it, "", err
	}
	judge, err := mtBenchJudge(o)
	if err != nil {
		return it, "", err
	}
	turn, err := o.integer("turn")
	if err != nil {
		return it, "", err
	}
	if turn != 1 && turn != 2 {
		return it, "", bad("turn", "want 1 or 2, got %d", turn)
	}
	it.id = fmt.Sprintf("%s-t%d-%s-vs-%s", qid, turn, models[0], models[1])
	if judge != "" {
		it.id += "-" + judge
	}
	it.idField = "question_id"
	// The pairs of one prompt, each model pair and each rater of it, are
	// not independent: they share a group, the prompt's id.
	it.group = qid
	winner, err := o.str("winner")
	if err != nil {
		return it, "", err
	}
	prompt, responses, err := conversations(o, turn)
	if err != nil {
		return it, "", err
	}
	switch winner {
	case "model_a":
		return it, "", pair(&it, prompt, responses[0], responses[1], "conversation_b")
	case "model_b":
		return it, "", pair(&it, prompt, responses[1], responses[0], "conversation_a")
	}
	if slices.Contains(mtBenchTies, winner) {
		return it, winner, nil
	}
	return it, "", bad("winner", "want model_a, model_b, tie, tie (bothbad) or tie (inconsistent), got %q", clip(winner))
}

// mtBenchJudge reads the optional judge: a name (the Hugging Face
// dataset's expert_0, author_3…), or a list of names, as the dataset's
// gpt4_pair_judgments.json names GPT-4's ["gpt-4", "pair-v2"], joined by
// "-".
func mtBenchJudge(o object) (string, error) {
	v, ok, err := o.get("judge")
	if err != nil || !ok {
		return "", err
	}
	list, isList := v.([]any)
	if !isList {
		judge, _, err := o.optText("judge")
		return judge, err
	}
	names := make([]string, len(list))
	for i, el := range list {
		if names[i], _, err = o.asText(fmt.Sprintf("%s[%d]", o.field("judge"), i), el); err != nil {
			return "", err
		}
	}
	if len(names) == 0 {
		return "", bad(o.field("judge"), "empty list")
	}
	return strings.Join(names, "-"), nil
}

// conversations reads the two conversations up to turn: the user's
// messages, which must be the same in both, as the prompt, and each
// model's answers as its response. With turn 2 each is labelled by its
// turn, as the judge reads the whole exchange.
func conversations(o object, turn int) (prompt string, responses [2]string, err error) {
	var users [2][]string
	for side, key := range []string{"conversation_a", "conversation_b"} {
		list, err := o.list(key)
		if err != nil {
			return "", responses, err
		}
		if len(list) < 2*turn {
			return "", responses, bad(o.field(key), "%d messages; turn %d needs %d (user, assistant, …)", len(list), turn, 2*turn)
		}
		var answers []string
		for i := range 2 * turn {
			msg, err := o.child(key, i, list[i])
			if err != nil {
				return "", responses, err
			}
			role, err := msg.str("role")
			if err != nil {
				return "", responses, err
			}
			want := []string{"user", "assistant"}[i%2]
			if role != want {
				return "", responses, bad(msg.field("role"), "want %s, got %q", want, clip(role))
			}
			content, err := msg.str("content")
			if err != nil {
				return "", responses, err
			}
			if i%2 == 1 {
				answers = append(answers, content)
				continue
			}
			if side == 1 && content != users[0][i/2] {
				return "", responses, bad(msg.field("content"), "the user's turn %d differs from conversation_a's", i/2+1)
			}
			users[side] = append(users[side], content)
		}
		responses[side] = byTurn(answers)
	}
	return byTurn(users[0]), responses, nil
}

// byTurn joins the messages of a conversation's turns: one alone as it
// is, more each under a "Turn N:" line.
func byTurn(msgs []string) string {
	if len(msgs) == 1 {
		return msgs[0]
	}
	var b strings.Builder
	for i, m := range msgs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "Turn %d:\n%s", i+1, m)
	}
	return b.String()
}
