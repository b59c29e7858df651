package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

func TestSplitAssignment(t *testing.T) {
	for _, c := range []struct{ in, order, rest string }{
		{"correct-first", "correct-first", ""},
		{"as-given", "as-given", ""},
		{"assigned-correct/correct-second", "correct-second", "assigned-correct"},
		{"correct-first/strong-as-A", "correct-first", "strong-as-A"},
		{"open/chose-correct/correct-first", "correct-first", "open/chose-correct"},
		{"assigned-incorrect", "", "assigned-incorrect"},
	} {
		t.Run(c.in, func(t *testing.T) {
			order, rest := SplitAssignment(c.in)
			if order != c.order || rest != c.rest {
				t.Errorf("got %q, %q; want %q, %q", order, rest, c.order, c.rest)
			}
		})
	}
}

func TestNewEpisodeRow(t *testing.T) {
	approx := func(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-12 }
	t.Run("rounds played before the verdict", func(t *testing.T) {
		// The judge speaks in the round after the last the settings allow
		// (docs/records.md), also where a mad moderator ended the debate
		// after round 1: rounds counts the speeches', not the verdict's;
		// an interim verdict (an aside) is in its round.
		msg := func(round int, role transcript.Role, aside bool) transcript.Message {
			return transcript.Message{Round: round, Role: role, Aside: aside}
		}
		for _, tc := range []struct {
			name string
			msgs []transcript.Message
			want int
		}{
			{"mad ended after round 1", []transcript.Message{msg(1, transcript.RoleDebater, false), msg(1, transcript.RoleDebater, false), msg(1, "moderator", false), msg(4, transcript.RoleJudge, false)}, 1},
			{"the judge alone", []transcript.Message{msg(1, transcript.RoleJudge, false)}, 0},
			{"asked after round 1", []transcript.Message{msg(1, transcript.RoleDebater, false), msg(1, transcript.RoleJudge, true), msg(2, transcript.RoleDebater, false), msg(3, transcript.RoleJudge, false)}, 2},
			{"failed before its verdict", []transcript.Message{msg(1, transcript.RoleDebater, false), msg(2, transcript.RoleDebater, false)}, 2},
		} {
			ep := synthEpisode(0)
			ep.Messages = tc.msgs
			if got := NewEpisodeRow(&ep).Rounds; got != tc.want {
				t.Errorf("%s: rounds %d; want %d", tc.name, got, tc.want)
			}
		}
	})
	t.Run("chose correct", func(t *testing.T) {
		ep := synthEpisode(0)
		r := NewEpisodeRow(&ep)
		if !approx(r.PCorrect, 0.8) || r.Unparsed || r.Failed || !r.Correct {
			t.Errorf("got p_correct %v unparsed %v failed %v correct %v; want 0.8 false false true", r.PCorrect, r.Unparsed, r.Failed, r.Correct)
		}
		if r.Rounds != 3 || r.Messages != 7 || r.QuotesVerified != 6 || r.QuotesUnverified != 6 {
			t.Errorf("got rounds %d messages %d quotes %d/%d; want 3 7 6/6", r.Rounds, r.Messages, r.QuotesVerified, r.QuotesUnverified)
		}
		if r.InputTokens != 6*400+900 || r.OutputTokens != 6*60+20 || math.Abs(r.CostUSD-0.006) > 1e-12 {
			t.Errorf("got tokens %d+%d cost %v; want 3300+380 0.006", r.InputTokens, r.OutputTokens, r.CostUSD)
		}
		if r.Order != "correct-first" || r.Variant != "assigned-correct" {
			t.Errorf("got order %q variant %q; want correct-first assigned-correct", r.Order, r.Variant)
		}
		if len(r.Axes) != 2 || r.Axes[0] != (transcript.AxisValue{Axis: "strong.skill", Value: "0.5"}) {
			t.Errorf("got axes %v; want strong.skill=0.5, debate.rounds=3", r.Axes)
		}
	})
	t.Run("rejudged", func(t *testing.T) {
		// The speakers' messages kept from the run judged again: that
		// run paid them; this one lists them only, as summary.json does.
		ep := synthEpisode(0)
		for i := range ep.Messages[:6] {
			ep.Messages[i].Kept = true
		}
		ep.Messages[6].CostUSD = 0.002
		r := NewEpisodeRow(&ep)
		if r.InputTokens != 900 || r.OutputTokens != 20 || math.Abs(r.CostUSD-0.002) > 1e-12 || math.Abs(r.ListCostUSD-0.008) > 1e-12 {
			t.Errorf("got tokens %d+%d cost %v listed %v; want the judge's 900+20 and 0.002 paid, 0.008 listed", r.InputTokens, r.OutputTokens, r.CostUSD, r.ListCostUSD)
		}
		if m := messageRow(&ep, 0, nil); m.CostUSD != 0 || m.ListCostUSD != 0.001 || !m.Kept {
			t.Errorf("a kept message's row: cost %v listed %v kept %v; want 0, 0.001, true", m.CostUSD, m.ListCostUSD, m.Kept)
		}
		var u inspectUsage
		for i := range ep.Messages {
			u.add(&ep.Messages[i])
		}
		if u.InputTokens != 900 || math.Abs(u.TotalCost-0.002) > 1e-12 {
			t.Errorf("Inspect usage %+v; want the judge's call alone", u)
		}
	})
	t.Run("chose wrong", func(t *testing.T) {
		ep := synthEpisode(4)
		r := NewEpisodeRow(&ep)
		if !approx(r.PCorrect, 0.3) || !approx(r.Probability, 0.7) || r.Correct {
			t.Errorf("got p_correct %v probability %v correct %v; want 0.3 0.7 false", r.PCorrect, r.Probability, r.Correct)
		}
	})
	t.Run("a tie across the orders stays a tie", func(t *testing.T) {
		// The same stated probability for slot A in both orders: the
		// two p_correct average to exactly 0.5, which the summary's
		// swap-average counts as a tie; rounded, it fell below.
		right, wrong := synthEpisode(0), synthEpisode(4)
		p := 0.574442516811659
		right.Verdict.Probability, wrong.Verdict.Probability = p, p
		a, b := NewEpisodeRow(&right), NewEpisodeRow(&wrong)
		if a.PCorrect == nil || b.PCorrect == nil {
			t.Fatal("no p_correct")
		}
		if (*a.PCorrect+*b.PCorrect)/2 != 0.5 {
			t.Errorf("p_correct %v and %v; want two that average to 0.5 exactly", *a.PCorrect, *b.PCorrect)
		}
	})
	t.Run("unparsed", func(t *testing.T) {
		ep := synthEpisode(6)
		r := NewEpisodeRow(&ep)
		if r.PCorrect != nil || !r.Unparsed || r.VerdictAnswer != transcript.Unparsed {
			t.Errorf("got p_correct %v unparsed %v answer %d; want nil true -1", r.PCorrect, r.Unparsed, r.VerdictAnswer)
		}
	})
	t.Run("unparsed with a probability", func(t *testing.T) {
		// docs/export.md: p_correct is empty where the answer did not
		// parse, whatever probability the record holds; probability
		// is as recorded.
		ep := synthEpisode(6)
		ep.Verdict.Probability = 0.6
		r := NewEpisodeRow(&ep)
		if r.PCorrect != nil || !approx(r.Probability, 0.6) {
			t.Errorf("got p_correct %v probability %v; want nil 0.6", r.PCorrect, r.Probability)
		}
	})
	t.Run("graded", func(t *testing.T) {
		ep := synthEpisode(0)
		if r := NewEpisodeRow(&ep); r.GradedAnswer != nil || r.GradedCall != "" {
			t.Errorf("not graded: got graded answer %v call %q; want nil, empty", r.GradedAnswer, r.GradedCall)
		}
		ep.Graded = &transcript.Graded{Seat: "Exam-taker", Agent: "t", Answer: 1, Call: transcript.GradeIncorrect}
		r := NewEpisodeRow(&ep)
		if r.GradedAnswer == nil || *r.GradedAnswer != 1 || r.GradedCall != transcript.GradeIncorrect {
			t.Errorf("graded: got graded answer %v call %q; want 1, incorrect", r.GradedAnswer, r.GradedCall)
		}
	})
	t.Run("reference", func(t *testing.T) {
		ep := synthEpisode(0)
		if r := NewEpisodeRow(&ep); r.ReferenceSource != "" || r.ReferenceAnswer != nil || r.ReferenceRight != nil {
			t.Errorf("no reference: got %q %v %v; want empty, nil, nil", r.ReferenceSource, r.ReferenceAnswer, r.ReferenceRight)
		}
		ep.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "writer", Answer: 1 - ep.CorrectAnswer}
		r := NewEpisodeRow(&ep)
		if r.ReferenceSource != "agent" || r.ReferenceAgent != "writer" || r.ReferenceAnswer == nil || *r.ReferenceAnswer != 1-ep.CorrectAnswer ||
			r.ReferenceRight == nil || *r.ReferenceRight {
			t.Errorf("a wrong reference: got %+v; want agent, writer, the wrong answer, not right", r)
		}
		ep.Reference.Answer = transcript.Unparsed
		if r := NewEpisodeRow(&ep); r.ReferenceAnswer == nil || *r.ReferenceAnswer != -1 || r.ReferenceRight != nil {
			t.Errorf("an unparsed reference: got answer %v right %v; want -1, nil", r.ReferenceAnswer, r.ReferenceRight)
		}
	})
	t.Run("no probability", func(t *testing.T) {
		ep := synthEpisode(0)
		ep.Verdict.Probability = 0
		r := NewEpisodeRow(&ep)
		if r.PCorrect != nil || r.Probability != nil {
			t.Errorf("got p_correct %v probability %v; want nil nil", r.PCorrect, r.Probability)
		}
	})
}

func TestCSV(t *testing.T) {
	path := writeRun(t, 20)
	out := filepath.Join(t.TempDir(), "x.csv")
	seed := uint64(7)
	files := mustRun(t, path, CSV, out, Options{Seed: &seed})
	if len(files) != 2 || files[1] != filepath.Join(filepath.Dir(out), "x-messages.csv") {
		t.Fatalf("got files %v; want x.csv and x-messages.csv", files)
	}
	eps := readCSV(t, files[0])
	if len(eps) != 21 {
		t.Fatalf("got %d lines; want a header and 20 rows", len(eps))
	}
	col := map[string]int{}
	for i, name := range eps[0] {
		col[name] = i
	}
	for _, c := range []struct {
		row        int
		name, want string
	}{
		{1, "strong.skill", "0.5"}, {2, "strong.skill", "0.6"}, {1, "debate.rounds", "3"},
		{1, "p_correct", "0.8"}, {5, "p_correct", "0.30000000000000004"}, {7, "p_correct", ""}, // 1 − 0.7, as the summary has it
		{7, "unparsed", "true"}, {11, "failed", "true"}, {11, "error", "agent strong: 503 Service Unavailable"},
		{11, "unparsed", "false"}, {11, "verdict_answer", "-1"}, {11, "p_correct", ""},
		{11, "correct", ""}, {1, "correct", "true"}, // a failed episode judged nothing
		{5, "order", "correct-second"}, {5, "variant", "assigned-incorrect"}, {1, "quotes_verified", "6"},
		{1, "seed", "7"}, {20, "seed", "7"},
	} {
		if got := eps[c.row][col[c.name]]; got != c.want {
			t.Errorf("row %d %s: got %q; want %q", c.row, c.name, got, c.want)
		}
	}
	msgs := readCSV(t, files[1])
	if len(msgs) != 1+20*7 {
		t.Fatalf("got %d message lines; want 141", len(msgs))
	}
	if msgs[7][7] != "The quotes check out.\nAnswer: A" || msgs[7][0] != "7" || msgs[7][1] != "ep000000" || msgs[7][2] != "6" {
		t.Errorf("got message row %q; want the judge's of ep000000 at index 6", msgs[7])
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestJSONL(t *testing.T) {
	path := writeRun(t, 20)
	out := filepath.Join(t.TempDir(), "x.jsonl")
	files := mustRun(t, path, JSONL, out, Options{})
	var rows []map[string]any
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v", len(rows)+1, err)
		}
		rows = append(rows, m)
	}
	if len(rows) != 20 {
		t.Fatalf("got %d rows; want 20", len(rows))
	}
	if rows[6]["p_correct"] != nil || rows[0]["p_correct"] != 0.8 || rows[0]["strong.skill"] != 0.5 || rows[0]["correct"] != true {
		t.Errorf("got p_correct %v, %v, strong.skill %v, correct %v; want nil, 0.8, 0.5, true",
			rows[6]["p_correct"], rows[0]["p_correct"], rows[0]["strong.skill"], rows[0]["correct"])
	}
	data := mustReadFile(t, files[1])
	first, _, _ := strings.Cut(string(data), "\n")
	var msg MessageRow
	if err := json.Unmarshal([]byte(first), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.EpisodeID != "ep000000" || msg.Index != 0 || msg.Name != "Debater A" || msg.InputTokens != 400 {
		t.Errorf("got first message %+v; want Debater A's of ep000000 with 400 input tokens", msg)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := ParseFormat("xlsx"); err == nil {
		t.Errorf("got no error for xlsx; want ErrFormat")
	}
}

// TestAxesInTheExperimentsOrder: a sweep's axis columns come in the order
// the experiment gives them, not the order the log first has them; an
// axis the order does not name comes after.
func TestAxesInTheExperimentsOrder(t *testing.T) {
	path := writeRun(t, 5)
	for _, tt := range []struct {
		order []string
		want  string
	}{
		{nil, "cell,strong.skill,debate.rounds,repeat"},
		{[]string{"debate.rounds", "strong.skill"}, "cell,debate.rounds,strong.skill,repeat"},
		{[]string{"debate.rounds"}, "cell,debate.rounds,strong.skill,repeat"},
	} {
		out := filepath.Join(t.TempDir(), "x.csv")
		if _, err := Run(path, CSV, out, Options{Axes: tt.order}); err != nil {
			t.Fatal(err)
		}
		if header := readCSV(t, out)[0]; !strings.Contains(strings.Join(header, ","), tt.want) {
			t.Errorf("order %v: header %v; want %s", tt.order, header, tt.want)
		}
	}
}

// TestTextFormatsKeepEveryValue: the CSV and JSON Lines tables write each
// value whole — text with quotes, a backslash, a tab, a control character
// and non-ASCII (which the JSON writer's fast path must leave to the
// encoder), and numbers with all their digits.
func TestTextFormatsKeepEveryValue(t *testing.T) {
	const hard = "agent \"strong\": 503 at C:\\moot\tnext\x01 é <b>&"
	path := writeRunWith(t, 3, func(ep *transcript.Episode) {
		ep.Graded = &transcript.Graded{Seat: "Exam-taker", Agent: "t", Answer: 1, Call: transcript.GradeIncorrect}
		ep.Error = hard
		ep.Verdict.Probability = 0.7213
		ep.Messages[0].Text = hard
		ep.Messages[0].CostUSD = 0.00125
		ep.Messages[0].Seconds = 12.345
	})
	csvOut := filepath.Join(t.TempDir(), "x.csv")
	if _, err := Run(path, CSV, csvOut, Options{}); err != nil {
		t.Fatal(err)
	}
	eps, msgs := readCSV(t, csvOut), readCSV(t, MessagesPath(csvOut))
	col := func(rows [][]string, name string) string { return rows[1][slices.Index(rows[0], name)] }
	for _, c := range [][2]string{
		{col(eps, "error"), hard}, {col(eps, "probability"), "0.7213"},
		{col(eps, "graded_answer"), "1"}, {col(eps, "graded_call"), "incorrect"},
		{col(msgs, "text"), hard}, {col(msgs, "cost_usd"), "0.00125"}, {col(msgs, "list_cost_usd"), "0.00125"}, {col(msgs, "seconds"), "12.345"},
	} {
		if c[0] != c[1] {
			t.Errorf("CSV: got %q; want %q", c[0], c[1])
		}
	}
	jsonOut := filepath.Join(t.TempDir(), "x.jsonl")
	if _, err := Run(path, JSONL, jsonOut, Options{}); err != nil {
		t.Fatal(err)
	}
	first := func(file string) map[string]any {
		data := mustReadFile(t, file)
		line, _, _ := strings.Cut(string(data), "\n")
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("%s: %v: %s", file, err, line)
		}
		return m
	}
	ep, msg := first(jsonOut), first(MessagesPath(jsonOut))
	if ep["graded_answer"] != 1.0 || ep["graded_call"] != "incorrect" {
		t.Errorf("JSONL: graded answer %v call %v; want 1, incorrect", ep["graded_answer"], ep["graded_call"])
	}
	ungraded := filepath.Join(t.TempDir(), "u.jsonl")
	if _, err := Run(writeRunWith(t, 1, func(*transcript.Episode) {}), JSONL, ungraded, Options{}); err != nil {
		t.Fatal(err)
	}
	if u := first(ungraded); !hasNull(u, "graded_answer") || !hasNull(u, "graded_call") {
		t.Errorf("JSONL of an episode that graded nothing: graded answer %v call %v; want null, null", u["graded_answer"], u["graded_call"])
	}
	for _, col := range []string{"reference_source", "reference_agent", "reference_answer", "reference_right"} {
		if u := first(ungraded); !hasNull(u, col) {
			t.Errorf("JSONL of an episode without a reference: %s %v; want null", col, u[col])
		}
	}
	if ep["error"] != hard || ep["probability"] != 0.7213 || msg["text"] != hard || msg["cost_usd"] != 0.00125 || msg["seconds"] != 12.345 {
		t.Errorf("JSONL: error %q, probability %v, text %q, cost %v, seconds %v; want every value whole", ep["error"], ep["probability"], msg["text"], msg["cost_usd"], msg["seconds"])
	}
	// The episode's costs are its messages' summed: 0.00125 and five of
	// 0.001, paid and listed alike (nothing cached was paid less).
	for _, k := range []string{"cost_usd", "list_cost_usd"} {
		if v, _ := ep[k].(float64); math.Abs(v-0.00625) > 1e-12 {
			t.Errorf("JSONL: %s %v; want 0.00625", k, ep[k])
		}
	}
}

// TestJSONStringAsEncodingJSON: the JSON Lines writer's strings read as
// what encoding/json writes: the same text once decoded, an invalid byte
// as U+FFFD (written as the character, where encoding/json writes its
// escape), each kind of character throughout.
func TestJSONStringAsEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain text", " ", "\x01\x02\x1f", "\"\"", "\\\\", "\t\n", "é<b>&", "a\"b", "\xff", "\u2028x\u2029"} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		got := appendJSONString(nil, s)
		var a, b string
		if err := json.Unmarshal(got, &a); err != nil || json.Unmarshal(want, &b) != nil || a != b {
			t.Errorf("appendJSONString(%q) = %s, read as %q (%v); want %s, read as %q", s, got, a, err, want, b)
		}
	}
}

// hasNull says whether m has key, with a null value.
func hasNull(m map[string]any, key string) bool {
	v, ok := m[key]
	return ok && v == nil
}
