package transcript

import (
	"encoding/json"
	"strings"
	"testing"
)

// recordLine is an episode record written by hand from docs/records.md's
// tables, one value of each field named there.
const recordLine = `{"episode_id":"e1","protocol":"deb","kind":"debate","class":"debate","compare_with":["consultancy"],` +
	`"cell":"debate.rounds=3","task":"qa","question_id":"q7","group":"article-2","judge":"j","assignment":"correct-first/chose-correct",` +
	`"repeat":1,"answers":["yes","no"],"correct_answer":1,"order":[1,0],` +
	`"seats":[{"name":"Debater A","role":"debater","agent":"strong","argues":1}],` +
	`"messages":[{"round":1,"name":"Debater A","role":"debater","agent":"strong","text":"t","shown":"s","reasoning":"r",` +
	`"prompt_sha256":"abc","draw":"d1","usage":{"input_tokens":10,"output_tokens":5,"cached_input_tokens":2,"reasoning_tokens":1,"estimated":true},` +
	`"sample":2,"retries":3,"cached":true,"served_model":"m-1","truncated":true,"cost_usd":0.25,"list_cost_usd":0.5,"aside":true,` +
	`"candidate":1,"discarded":true,"kept":true,"score":0.75,"seconds":12,"active_seconds":9}],` +
	`"verdict":{"answer":1,"slot":"A","probability":0.9,"parse":"answer-line","asks":2},` +
	`"interim":[{"answer":0,"parse":"answer-line","round":1}],"correct":true,` +
	`"reference":{"source":"agent","agent":"ref","answer":0},"graded":{"seat":"Debater A","agent":"strong","answer":1,"call":"correct"},` +
	`"failed_calls":[{"name":"Judge","agent":"j","round":4,"retries":5}],"error":"x"}`

// TestARecordAsDocsRecordsNamesIt: each field of a record reads under
// the name docs/records.md gives it.
func TestARecordAsDocsRecordsNamesIt(t *testing.T) {
	var ep Episode
	if err := DecodeLine([]byte(recordLine), &ep); err != nil {
		t.Fatal(err)
	}
	m := ep.Messages[0]
	for name, ok := range map[string]bool{
		"episode_id, protocol, kind":  ep.EpisodeID == "e1" && ep.Protocol == "deb" && ep.Kind == "debate",
		"class, compare_with":         ep.Class == "debate" && len(ep.CompareWith) == 1 && ep.CompareWith[0] == "consultancy",
		"cell, task, question_id":     ep.Cell == "debate.rounds=3" && ep.Task == "qa" && ep.QuestionID == "q7",
		"group, judge, assignment":    ep.Group == "article-2" && ep.Judge == "j" && ep.Assignment == "correct-first/chose-correct",
		"repeat, answers":             ep.Repeat == 1 && ep.Answers == [2]string{"yes", "no"},
		"correct_answer, order":       ep.CorrectAnswer == 1 && ep.Order == [2]int{1, 0},
		"seats":                       len(ep.Seats) == 1 && ep.Seats[0] == Seat{Name: "Debater A", Role: RoleDebater, Agent: "strong", Argues: 1},
		"message round, name, role":   m.Round == 1 && m.Name == "Debater A" && m.Role == RoleDebater && m.Agent == "strong",
		"message text, shown":         m.Text == "t" && m.Shown == "s" && m.Reasoning == "r",
		"message prompt_sha256, draw": m.PromptSHA256 == "abc" && m.Draw == "d1",
		"message usage":               m.Usage == Usage{InputTokens: 10, OutputTokens: 5, CachedInputTokens: 2, ReasoningTokens: 1, Estimated: true},
		"message sample, retries":     m.Sample == 2 && m.Retries == 3 && m.Cached && m.ServedModel == "m-1" && m.Truncated,
		"message costs":               m.CostUSD == 0.25 && m.ListCostUSD == 0.5,
		"message aside, candidate":    m.Aside && m.Candidate == 1 && m.Discarded && m.Kept,
		"message score, seconds":      m.Score != nil && *m.Score == 0.75 && m.Seconds == 12 && m.ActiveSeconds != nil && *m.ActiveSeconds == 9,
		"verdict":                     ep.Verdict == Verdict{Answer: 1, Slot: "A", Probability: 0.9, Parse: "answer-line", Asks: 2},
		"interim":                     len(ep.Interim) == 1 && ep.Interim[0] == Verdict{Answer: 0, Parse: "answer-line", Round: 1},
		"correct":                     ep.Correct,
		"reference":                   ep.Reference != nil && *ep.Reference == Reference{Source: "agent", Agent: "ref", Answer: 0},
		"graded":                      ep.Graded != nil && *ep.Graded == Graded{Seat: "Debater A", Agent: "strong", Answer: 1, Call: "correct"},
		"failed_calls":                len(ep.FailedCalls) == 1 && ep.FailedCalls[0] == FailedCall{Name: "Judge", Agent: "j", Round: 4, Retries: 5},
		"error":                       ep.Error == "x",
	} {
		if !ok {
			t.Errorf("%s: not read as docs/records.md names it: %+v", name, ep)
		}
	}
}

// TestARecordWrittenAsDocsRecordsSays: a record without a sweep has no
// cell, one of a question of its own no group; messages is [] where
// there was none (not absent, not null).
func TestARecordWrittenAsDocsRecordsSays(t *testing.T) {
	b, err := json.Marshal(&Episode{EpisodeID: "e1", Order: [2]int{0, 1}, Messages: []Message{}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, absent := range []string{`"cell"`, `"group"`, `"interim"`, `"reference"`, `"graded"`, `"failed_calls"`, `"error"`} {
		if strings.Contains(s, absent) {
			t.Errorf("a record without it holds %s: %s", absent, s)
		}
	}
	if !strings.Contains(s, `"messages":[]`) {
		t.Errorf("a record of no message: %s; want \"messages\":[]", s)
	}
}
