package analysis

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

// auditEpisode is a direct-with-context episode of question q whose
// verdict is answer (0 the gold one) with probability p (0 for none), and
// whose judge quoted quote.
func auditEpisode(protocol, q, assignment string, answer int, p float64, quote string) transcript.Episode {
	ep := episode(protocol, "direct-with-context", "qa", "reader", q, assignment, answer, "")
	ep.Verdict.Probability = p
	ep.Messages = []transcript.Message{
		{Role: transcript.RoleJudge, Aside: true, Text: "an interim thought <quote>not this</quote>\nAnswer: A"},
		{Role: transcript.RoleJudge, Text: "The text says <quote>" + quote + "</quote>.\nAnswer: " + ep.Verdict.Slot + "\n"},
	}
	return ep
}

func TestAudit(t *testing.T) {
	eps := []transcript.Episode{
		// q1: four verdicts, three against the gold answer.
		auditEpisode("r1", "q1", "correct-first", 1, 0.9, "one"),
		auditEpisode("r1", "q1", "correct-second", 1, 0.8, "two"),
		auditEpisode("r2", "q1", "correct-first", 1, 0.6, "three"),
		auditEpisode("r2", "q1", "correct-second", 0, 0.7, "four"),
		// q2: two verdicts against, without probabilities: certain.
		auditEpisode("r1", "q2", "correct-first", 1, 0, "five"),
		auditEpisode("r2", "q2", "correct-first", 1, 0, "six"),
		// q3: for the gold answer.
		auditEpisode("r1", "q3", "correct-first", 0, 0.9, "seven"),
		auditEpisode("r2", "q3", "correct-first", 1, 0.55, "eight"),
		// q4: evenly split: not a suspect (0.5 is not above 0.5).
		auditEpisode("r1", "q4", "correct-first", 1, 0.7, "nine"),
		auditEpisode("r2", "q4", "correct-first", 0, 0.7, "ten"),
		// Neither a failure nor an unparsed verdict counts.
		episode("r1", "direct", "qa", "reader", "q3", "correct-second", 1, "timeout"),
		episode("r1", "direct", "qa", "reader", "q3", "correct-second", transcript.Unparsed, ""),
	}
	got, err := Audit(eps)
	if err != nil {
		t.Fatal(err)
	}
	// Computed by hand: q2 rejects 1; q1 (0.9 + 0.8 + 0.6 + 0.3) / 4 = 0.65;
	// q3 (0.1 + 0.55) / 2 = 0.325 and q4 0.5 are not suspects.
	if len(got) != 2 || got[0].QuestionID != "q2" || got[1].QuestionID != "q1" {
		t.Fatalf("got %d suspects %+v; want q2 then q1", len(got), got)
	}
	if s := got[0]; s.Reject != 1 || s.Verdicts != 2 || s.Against != 2 {
		t.Errorf("q2: reject %v, %d of %d against; want 1, 2 of 2", s.Reject, s.Against, s.Verdicts)
	}
	s := got[1]
	if math.Abs(s.Reject-0.65) > 1e-12 || s.Verdicts != 4 || s.Against != 3 || s.Gold != 0 || s.Answers != [2]string{"right", "wrong"} {
		t.Errorf("q1: %+v; want reject 0.65, 3 of 4 against, gold 0", s)
	}
	want := AuditVerdict{Protocol: "r2", Judge: "reader", Assignment: "correct-second", Answer: 0, Probability: 0.7,
		Quotes: []string{"four"}, Notes: []string{"The text says <quote>four</quote>."}}
	if diff := cmp.Diff(want, s.Evidence[3]); diff != "" {
		t.Errorf("q1's last verdict (-want +got):\n%s", diff)
	}
}

// TestAuditOrdersTies: equal rejection is ordered by verdicts against,
// then by task and id.
func TestAuditOrdersTies(t *testing.T) {
	eps := []transcript.Episode{
		auditEpisode("r1", "b", "correct-first", 1, 0, ""),
		auditEpisode("r1", "a", "correct-first", 1, 0, ""),
		auditEpisode("r1", "c", "correct-first", 1, 0, ""),
		auditEpisode("r2", "c", "correct-first", 1, 0, ""),
	}
	got, err := Audit(eps)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range got {
		ids = append(ids, s.QuestionID)
	}
	if diff := cmp.Diff([]string{"c", "a", "b"}, ids); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// TestAuditRanksAlikeInAnyOrder: two questions whose verdicts reject
// them alike rank by their verdicts against, then by id, in whatever
// order the verdicts come (runs named in another order): summed as they
// came, (0.6 + 0.7) + 0.8 and (0.8 + 0.7) + 0.6 differ in their last bit,
// and the question summed the larger ranked first.
func TestAuditRanksAlikeInAnyOrder(t *testing.T) {
	eps := []transcript.Episode{
		auditEpisode("r1", "a", "correct-first", 1, 0.6, ""),
		auditEpisode("r2", "a", "correct-first", 1, 0.7, ""),
		auditEpisode("r3", "a", "correct-first", 1, 0.8, ""),
		auditEpisode("r1", "b", "correct-first", 1, 0.8, ""),
		auditEpisode("r2", "b", "correct-first", 1, 0.7, ""),
		auditEpisode("r3", "b", "correct-first", 1, 0.6, ""),
	}
	reversed := slices.Clone(eps)
	slices.Reverse(reversed)
	for _, in := range [][]transcript.Episode{eps, reversed} {
		got, err := Audit(in)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].QuestionID != "a" || got[1].QuestionID != "b" || got[0].Reject != got[1].Reject {
			t.Errorf("got %+v; want a, then b, rejected alike", got)
		}
	}
}

func TestAuditGoldDiffers(t *testing.T) {
	a := auditEpisode("r1", "q1", "correct-first", 1, 0.9, "")
	b := auditEpisode("r2", "q1", "correct-first", 1, 0.9, "")
	b.CorrectAnswer = 1
	if _, err := Audit([]transcript.Episode{a, b}); !errors.Is(err, ErrGoldDiffers) {
		t.Errorf("got %v; want ErrGoldDiffers", err)
	}
}

// TestAuditOtherDiffers: two episodes of a question with one gold answer
// shown against different wrong answers (two seeds of a file that lists
// several) are refused as such, not as a gold answer that differs, which
// the error had said, naming the one gold answer twice.
func TestAuditOtherDiffers(t *testing.T) {
	a := auditEpisode("r1", "q1", "correct-first", 1, 0.9, "")
	b := auditEpisode("r2", "q1", "correct-second", 1, 0.9, "")
	b.Answers = [2]string{"other wrong", "right"}
	b.CorrectAnswer = 1
	_, err := Audit([]transcript.Episode{a, b})
	if !errors.Is(err, ErrOtherDiffers) || errors.Is(err, ErrGoldDiffers) ||
		!strings.Contains(err.Error(), `gold "right" against "wrong" in one episode, against "other wrong" in another`) {
		t.Errorf("got %v; want ErrOtherDiffers naming both wrong answers", err)
	}
	b.Answers = [2]string{"wrong", "right"} // the same answers in the other order
	if _, err := Audit([]transcript.Episode{a, b}); err != nil {
		t.Errorf("the same answers in the other order: %v; want them pooled", err)
	}
}

func TestRescore(t *testing.T) {
	eps := []transcript.Episode{
		auditEpisode("r1", "q1", "correct-first", 1, 0.9, ""),
		auditEpisode("r1", "q1", "correct-second", 0, 0.9, ""),
		auditEpisode("r1", "q2", "correct-first", 1, 0.9, ""),
		episode("r1", "direct", "qa", "reader", "q1", "correct-first", 1, "timeout"),
	}
	before := Summarize("x", 1, eps)
	got, changed, err := Rescore(eps, map[QuestionKey]string{{"qa", "q1"}: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	if changed != 3 {
		t.Errorf("changed %d episodes; want 3 (q1's, the failed one too)", changed)
	}
	wantCorrect := []bool{true, false, false, false}
	for i, ep := range got {
		if ep.Correct != wantCorrect[i] {
			t.Errorf("episode %d: correct %v; want %v", i, ep.Correct, wantCorrect[i])
		}
	}
	if eps[0].Correct || eps[0].CorrectAnswer != 0 {
		t.Error("Rescore changed its input")
	}
	after := Summarize("x", 1, got)
	if b, a := before.Cells[0].Correct, after.Cells[0].Correct; b != 1 || a != 1 {
		t.Errorf("correct before %d, after %d; want 1 and 1 (one right verdict on q1 became wrong, one wrong became right)", b, a)
	}
	if _, _, err := Rescore(eps, map[QuestionKey]string{{"qa", "q2"}: "neither"}); err == nil {
		t.Error("a gold answer that is neither answer: got no error")
	}
}
