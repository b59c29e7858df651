package sim

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/qa"
	"github.com/mootlab/moot/transcript"
)

// orders are the two ways the engine shows a question's answers: as given,
// and swapped.
var orders = [...][2]int{{0, 1}, {1, 0}}

var (
	qaOnce      sync.Once
	qaQuestions []tasks.Question
	qaErr       error
)

// realQuestions returns generated QA questions with the default settings.
func realQuestions(t *testing.T) []tasks.Question {
	t.Helper()
	qaOnce.Do(func() {
		g, err := qa.New(qa.DefaultSettings())
		if err != nil {
			qaErr = err
			return
		}
		qaQuestions, qaErr = g.Generate(7, 40)
	})
	if qaErr != nil {
		t.Fatalf("qa: %v", qaErr)
	}
	return qaQuestions
}

// openView is the question as the engine shows it to a seat that sees the
// context: answers in the shown order, evidence pointing at shown slots.
func openView(q tasks.Question, order [2]int) transcript.View {
	v := transcript.View{
		QuestionID: q.ID, Family: q.Family, Question: q.Text,
		Answers: [2]string{q.Answers[order[0]], q.Answers[order[1]]},
		Context: q.Context, Difficulty: q.Difficulty,
	}
	for _, c := range q.Evidence {
		if order[0] == c.Answer {
			c.Answer = 0
		} else {
			c.Answer = 1
		}
		v.Evidence = append(v.Evidence, c)
	}
	return v
}

// correctSlot is where the correct answer is shown.
func correctSlot(q tasks.Question, order [2]int) int {
	if order[0] == q.Correct {
		return 0
	}
	return 1
}

// keySentence is the question's key sentence: the claim for the correct
// answer that is a verbatim sentence of the article, misses no key term
// and names its answer.
func keySentence(t *testing.T, q tasks.Question) string {
	t.Helper()
	key := reading.KeyTerms(q.Text)
	var out []string
	for _, c := range q.Evidence {
		if c.Answer == q.Correct && strings.Contains(q.Context, c.Text) && reading.Missing(key, c.Text) == 0 && reading.Mentions(c.Text, q.Answers[q.Correct]) {
			out = append(out, c.Text)
		}
	}
	if len(out) != 1 {
		t.Fatalf("question %s: %d key sentences %q; want 1", q.ID, len(out), out)
	}
	return out[0]
}

// invented returns the claims for the incorrect answer that are not in the
// article, and near misses those that are but lack a key term.
func trapClaims(q tasks.Question) (invented, nearMisses []string) {
	key := reading.KeyTerms(q.Text)
	for _, c := range q.Evidence {
		if c.Answer == q.Correct {
			continue
		}
		switch {
		case !strings.Contains(q.Context, c.Text):
			invented = append(invented, c.Text)
		case reading.Missing(key, c.Text) > 0:
			nearMisses = append(nearMisses, c.Text)
		}
	}
	return invented, nearMisses
}

func speakerRequest(role transcript.Role, q tasks.Question, order [2]int, side int, seed uint64) agents.Request {
	name := "Consultant"
	if role == transcript.RoleDebater {
		name = "Debater " + slot(side)
	}
	return agents.Request{
		Role: role, Name: name, Side: side, Round: 1, Rounds: 3, WordLimit: 150,
		QuotesVerified: true, View: openView(q, order), Seed: seed,
		Messages: []transcript.ChatMessage{{Role: "user", Content: "Write your turn."}},
	}
}

// opponentTurn is a turn of the other debater, as a speaker sees it.
func opponentTurn(round, side int, cited ...string) transcript.Turn {
	var b strings.Builder
	fmt.Fprintf(&b, "I argue that the answer is %s.\n", slot(side))
	for _, c := range cited {
		fmt.Fprintf(&b, "The article says %s\n", quotes.Wrap(c))
	}
	return transcript.Turn{Round: round, Role: transcript.RoleDebater, Name: "Debater " + slot(side), Side: side, Text: b.String()}
}

func TestSpeakerCitesKeySentence(t *testing.T) {
	qs := realQuestions(t)
	for _, role := range []transcript.Role{transcript.RoleDebater, transcript.RoleConsultant} {
		t.Run(string(role), func(t *testing.T) {
			a := New(Settings{Skill: 0.95, Deception: 0.5})
			n, hits := 0, 0
			for _, q := range qs {
				key := keySentence(t, q)
				for _, order := range orders {
					for seed := uint64(1); seed <= 5; seed++ {
						req := speakerRequest(role, q, order, correctSlot(q, order), seed)
						resp := mustGenerate(t, a, req)
						n++
						if got := quotes.Extract(resp.Text); len(got) > 0 && got[0].Text == key {
							hits++
						}
					}
				}
			}
			if share := float64(hits) / float64(n); share < 0.9 {
				t.Errorf("share of round-1 turns citing the key sentence = %.3f (%d of %d); want >= 0.9", share, hits, n)
			}
		})
	}
}

// TestSpeakerUnskilledMissesKeySentence: finding evidence depends on skill;
// a speaker of skill 0 cites the key sentence less often than a skilled one.
func TestSpeakerUnskilledMissesKeySentence(t *testing.T) {
	qs := realQuestions(t)
	share := func(skill float64) float64 {
		a := New(Settings{Skill: skill, Deception: 0.5})
		n, hits := 0, 0
		for _, q := range qs {
			key := keySentence(t, q)
			for seed := uint64(1); seed <= 5; seed++ {
				resp := mustGenerate(t, a, speakerRequest(transcript.RoleDebater, q, orders[0], correctSlot(q, orders[0]), seed))
				n++
				if got := quotes.Extract(resp.Text); len(got) > 0 && got[0].Text == key {
					hits++
				}
			}
		}
		return float64(hits) / float64(n)
	}
	if low, high := share(0), share(0.95); high-low < 0.2 {
		t.Errorf("share citing the key sentence: skill 0 = %.3f, skill 0.95 = %.3f; want skill to raise it by >= 0.2", low, high)
	}
}

func TestSpeakerInventsOnlyWhenUnverified(t *testing.T) {
	qs := realQuestions(t)
	tests := []struct {
		name      string
		s         Settings
		verified  bool
		wantFakes bool // some turn cites a quote absent from the article
	}{
		{"verified, honest, unskilled", Settings{Skill: 0.3, Deception: 0}, true, false},
		{"verified, honest, skilled", Settings{Skill: 0.95, Deception: 0}, true, false},
		{"verified, deceptive, skilled", Settings{Skill: 0.95, Deception: 1}, true, false},
		{"verified, deceptive, perfect", Settings{Skill: 1, Deception: 1}, true, false},
		{"unverified, honest", Settings{Skill: 0.95, Deception: 0}, false, false},
		{"unverified, deceptive", Settings{Skill: 0.95, Deception: 1}, false, true},
		{"unverified, deceptive, unskilled", Settings{Skill: 0.3, Deception: 1}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(tt.s)
			n, fakes := 0, 0
			for _, q := range qs {
				for _, order := range orders {
					wrong := 1 - correctSlot(q, order)
					// Round 1, and round 2 after the honest side cited the
					// key sentence (which the speaker may re-quote).
					key := keySentence(t, q)
					for round, seen := range [][]transcript.Turn{nil, {opponentTurn(1, 1-wrong, key)}} {
						for seed := uint64(1); seed <= 3; seed++ {
							req := speakerRequest(transcript.RoleDebater, q, order, wrong, seed)
							req.QuotesVerified = tt.verified
							req.Round, req.Transcript = round+1, seen
							resp := mustGenerate(t, a, req)
							n++
							for _, got := range quotes.Extract(resp.Text) {
								if !strings.Contains(q.Context, got.Text) {
									fakes++
									if !tt.wantFakes {
										t.Fatalf("question %s, seed %d: cites %q, not in the article, in\n%s", q.ID, seed, got.Text, resp.Text)
									}
								}
							}
						}
					}
				}
			}
			if tt.wantFakes && fakes == 0 {
				t.Errorf("invented quotes in %d turns = 0; want some", n)
			}
		})
	}
}

func TestSpeakerChallenges(t *testing.T) {
	qs := realQuestions(t)
	a := New(Settings{Skill: 1, Deception: 0})
	for _, q := range qs[:10] {
		invented, nearMisses := trapClaims(q)
		if len(invented) == 0 || len(nearMisses) == 0 {
			t.Fatalf("question %s: %d invented and %d near-miss traps; want some of each", q.ID, len(invented), len(nearMisses))
		}
		key := reading.KeyTerms(q.Text)
		for _, order := range orders {
			honest := correctSlot(q, order)
			t.Run(q.ID+"/invented", func(t *testing.T) {
				req := speakerRequest(transcript.RoleDebater, q, order, honest, 1)
				req.Round, req.Transcript = 2, []transcript.Turn{opponentTurn(1, 1-honest, invented[0])}
				resp := mustGenerate(t, a, req)
				want := "My opponent quotes " + quotes.Wrap(invented[0]) + ", but it does not appear in the article."
				if !hasLine(resp.Text, want) {
					t.Errorf("turn\n%s\nhas no line %q", resp.Text, want)
				}
			})
			t.Run(q.ID+"/near miss", func(t *testing.T) {
				req := speakerRequest(transcript.RoleDebater, q, order, honest, 1)
				req.Round, req.Transcript = 2, []transcript.Turn{opponentTurn(1, 1-honest, nearMisses[0])}
				resp := mustGenerate(t, a, req)
				line := lineWith(resp.Text, "My opponent quotes "+quotes.Wrap(nearMisses[0]))
				if line == "" {
					t.Fatalf("turn\n%s\nre-quotes no %q", resp.Text, nearMisses[0])
				}
				for _, term := range key {
					named := strings.Contains(line, fmt.Sprintf("%q", term))
					if missing := reading.Missing([]string{term}, nearMisses[0]) == 1; named != missing {
						t.Errorf("challenge %q names %q: %v; want %v (the quote lacks it: %v)", line, term, named, missing, missing)
					}
				}
				if !strings.Contains(line, "does not mention \"") {
					t.Errorf("challenge %q; want it to say what the quote does not mention", line)
				}
			})
		}
	}
}

func TestSpeakerChallengeLimits(t *testing.T) {
	q := realQuestions(t)[0]
	invented, nearMisses := trapClaims(q)
	order := orders[0]
	honest := correctSlot(q, order)
	key := keySentence(t, q)
	flawed := append(append([]string{}, invented...), nearMisses...)
	if len(flawed) < 3 {
		t.Fatalf("question %s has %d flawed traps; want >= 3", q.ID, len(flawed))
	}
	count := func(text string) int { return strings.Count(text, "My opponent quotes ") }
	tests := []struct {
		name       string
		s          Settings
		side       int
		transcript []transcript.Turn
		want       int
	}{
		{"at most two challenges a turn", Settings{Skill: 1}, honest,
			[]transcript.Turn{opponentTurn(1, 1-honest, flawed...)}, maxChallenges},
		{"an unskilled speaker spots no flaw", Settings{Skill: 0}, honest,
			[]transcript.Turn{opponentTurn(1, 1-honest, flawed...)}, 0},
		{"a quote already challenged is not challenged again", Settings{Skill: 1}, honest,
			[]transcript.Turn{
				opponentTurn(1, 1-honest, flawed[0]),
				{Round: 1, Role: transcript.RoleDebater, Name: "Debater " + slot(honest), Side: honest,
					Text: "My opponent quotes " + quotes.Wrap(flawed[0]) + ", but it is wrong.\n"},
			}, 0},
		{"a teammate's quote is not challenged", Settings{Skill: 1}, honest,
			[]transcript.Turn{{Round: 1, Role: transcript.RoleDebater, Name: "Ally", Side: honest, Text: quotes.Wrap(flawed[0])}}, 0},
		{"a sideless speaker's quote is not challenged", Settings{Skill: 1}, honest,
			[]transcript.Turn{{Round: 1, Role: transcript.RoleJudge, Name: "Judge", Side: transcript.NoSide, Text: quotes.Wrap(flawed[0])}}, 0},
		{"an honest speaker does not attack a sound quote", Settings{Skill: 1, Deception: 0}, 1 - honest,
			[]transcript.Turn{opponentTurn(1, honest, key)}, 0},
		{"a deceptive speaker without a strong case casts doubt on it", Settings{Skill: 1, Deception: 1}, 1 - honest,
			[]transcript.Turn{opponentTurn(1, honest, key)}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for seed := uint64(1); seed <= 20; seed++ {
				req := speakerRequest(transcript.RoleDebater, q, order, tt.side, seed)
				req.WordLimit = 0
				req.Round, req.Transcript = 2, tt.transcript
				resp := mustGenerate(t, New(tt.s), req)
				if got := count(resp.Text); got != tt.want {
					t.Fatalf("seed %d: %d challenges in\n%s\nwant %d", seed, got, resp.Text, tt.want)
				}
				if tt.side != honest && strings.Contains(resp.Text, "does not") {
					t.Fatalf("seed %d: a challenge of the sound key sentence claims a checkable flaw:\n%s", seed, resp.Text)
				}
			}
		})
	}
}

func TestSpeakerWordLimit(t *testing.T) {
	qs := realQuestions(t)
	for _, limit := range []int{5, 20, 40} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			a := New(Settings{Skill: 1, Deception: 1})
			for _, q := range qs[:20] {
				invented, nearMisses := trapClaims(q)
				order := orders[0]
				honest := correctSlot(q, order)
				for seed := uint64(1); seed <= 5; seed++ {
					req := speakerRequest(transcript.RoleDebater, q, order, honest, seed)
					req.WordLimit = limit
					req.Round, req.Transcript = 2, []transcript.Turn{opponentTurn(1, 1-honest, invented[0], nearMisses[0])}
					text := mustGenerate(t, a, req).Text
					lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
					if n := len(strings.Fields(text)); n > limit && len(lines) > 1 {
						t.Fatalf("question %s, seed %d: %d words in %d lines with limit %d:\n%s", q.ID, seed, n, len(lines), limit, text)
					}
					if !strings.HasPrefix(text, "I argue that the answer is ") {
						t.Fatalf("question %s, seed %d: turn %q lost its first line", q.ID, seed, text)
					}
				}
			}
		})
	}
	t.Run("a short turn is kept whole", func(t *testing.T) {
		q := qs[0]
		req := speakerRequest(transcript.RoleDebater, q, orders[0], 0, 1)
		req.WordLimit = 0
		full := mustGenerate(t, New(Settings{Skill: 1}), req).Text
		req.WordLimit = len(strings.Fields(full))
		if got := mustGenerate(t, New(Settings{Skill: 1}), req).Text; got != full {
			t.Errorf("turn with limit %d = %q; want %q", req.WordLimit, got, full)
		}
	})
}

func TestGenerateErrors(t *testing.T) {
	q := realQuestions(t)[0]
	valid := speakerRequest(transcript.RoleDebater, q, orders[0], 0, 1)
	tests := []struct {
		name    string
		mutate  func(*agents.Request)
		wantErr bool
	}{
		{"debater with a side", func(*agents.Request) {}, false},
		{"debater without a side", func(r *agents.Request) { r.Side = transcript.NoSide }, true},
		{"debater with side 2", func(r *agents.Request) { r.Side = 2 }, true},
		{"consultant without a side", func(r *agents.Request) { r.Role, r.Side = transcript.RoleConsultant, transcript.NoSide }, true},
		{"consultant with side 1", func(r *agents.Request) { r.Role, r.Side = transcript.RoleConsultant, 1 }, false},
		{"judge", func(r *agents.Request) { r.Role, r.Side = transcript.RoleJudge, transcript.NoSide }, false},
		{"unknown role with a side argues it", func(r *agents.Request) { r.Role = "critic" }, false},
		{"unknown role without a side answers", func(r *agents.Request) { r.Role, r.Side = "referee", transcript.NoSide }, false},
		{"empty role", func(r *agents.Request) { r.Role = "" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := valid
			tt.mutate(&req)
			resp, err := New(DefaultSettings()).Generate(context.Background(), req)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Generate(role %q, side %d) error = %v; want error: %v", req.Role, req.Side, err, tt.wantErr)
			}
			if err != nil && resp.Text != "" {
				t.Errorf("Generate with error returned text %q; want none", resp.Text)
			}
			if err == nil && resp.Text == "" {
				t.Errorf("Generate returned no text; want a turn")
			}
		})
	}
}

func TestSpeakerDeterministic(t *testing.T) {
	qs := realQuestions(t)
	a := New(DefaultSettings())
	for _, q := range qs[:10] {
		for seed := uint64(1); seed <= 5; seed++ {
			req := speakerRequest(transcript.RoleDebater, q, orders[1], 0, seed)
			first, second := mustGenerate(t, a, req), mustGenerate(t, New(DefaultSettings()), req)
			if first.Text != second.Text {
				t.Fatalf("question %s, seed %d: got %q then %q; want the same turn", q.ID, seed, first.Text, second.Text)
			}
		}
	}
}

func hasLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

func lineWith(text, part string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return ""
}

// TestUnknownRolePlaysItsAct checks how the sim plays a role it has no
// mechanics of its own for: a seat with a side argues it as a debater
// would, word for word; one without answers as a judge does, unless it
// remarks, and then it asks as a questioner does.
func TestUnknownRolePlaysItsAct(t *testing.T) {
	q := realQuestions(t)[0]
	a := New(DefaultSettings())
	debater := speakerRequest(transcript.RoleDebater, q, orders[0], 0, 3)
	critic := debater
	critic.Role = "critic"
	if got, want := mustGenerate(t, a, critic).Text, mustGenerate(t, a, debater).Text; got != want {
		t.Errorf("critic with a side said %q; want what a debater says, %q", got, want)
	}
	referee := debater
	referee.Role, referee.Side = "referee", transcript.NoSide
	judge := referee
	judge.Role = transcript.RoleJudge
	got, want := mustGenerate(t, a, referee).Text, mustGenerate(t, a, judge).Text
	if got != want || !strings.Contains(got, "Answer:") {
		t.Errorf("referee without a side said %q; want the judge's answer %q", got, want)
	}
	// A seat that remarks (an examiner that reads the hidden text) asks
	// about the claims, as a questioner does, and gives no verdict: one
	// read from the text would hand the judge the answer.
	examiner := referee
	examiner.Role, examiner.Remark = "examiner", true
	examiner.Transcript = []transcript.Turn{opponentTurn(1, 0, keySentence(t, q))}
	questioner := examiner
	questioner.Role = transcript.RoleQuestioner
	got, want = mustGenerate(t, a, examiner).Text, mustGenerate(t, a, questioner).Text
	if got != want || strings.Contains(got, "Answer:") {
		t.Errorf("examiner said %q; want the questioner's question %q, and no answer", got, want)
	}
	// A question to one seat asks about that seat's claim, not the
	// latest: Debater A cited first, Debater B after.
	toA := questioner
	toA.Transcript = []transcript.Turn{opponentTurn(1, 0, "first claim"), opponentTurn(1, 1, "second claim")}
	if got := mustGenerate(t, a, toA).Text; !strings.Contains(got, "second claim") {
		t.Errorf("a question to no seat in particular asked %q; want the latest claim", got)
	}
	toA.Addressee = "Debater A"
	if got := mustGenerate(t, a, toA).Text; !strings.Contains(got, "first claim") {
		t.Errorf("a question to Debater A asked %q; want Debater A's claim", got)
	}
	// A question keeps to its seat's word limit: too short to quote the
	// claim back, it asks in general, cut to the limit if need be.
	for _, limit := range []int{10, 4} {
		short := questioner
		short.WordLimit = limit
		if got := mustGenerate(t, a, short).Text; countWords(got) > limit || strings.Contains(got, "<quote>") {
			t.Errorf("a questioner at %d words asked %q", limit, got)
		}
	}
}

// TestSpeakerKeepsItsClaimQuotedBack: a claim the speaker cited first stays
// its own when the opponent quotes it back to challenge it: with nothing
// new found, the speaker restates it rather than saying it has no passage.
func TestSpeakerKeepsItsClaimQuotedBack(t *testing.T) {
	qs := realQuestions(t)
	a := New(Settings{Skill: 1, Deception: 0})
	for _, q := range qs[:10] {
		for _, order := range orders {
			honest := correctSlot(q, order)
			key := keySentence(t, q)
			req := speakerRequest(transcript.RoleDebater, q, order, honest, 1)
			// Nothing left to find for its side but the claim it made.
			var pool []transcript.Claim
			for _, c := range req.View.Evidence {
				if c.Answer != honest || c.Text == key {
					pool = append(pool, c)
				}
			}
			req.View.Evidence = pool
			mine := opponentTurn(1, honest, key)
			mine.Name = req.Name
			challenge := opponentTurn(2, 1-honest)
			challenge.Text += "My opponent quotes " + quotes.Wrap(key) + ", but it is taken out of context.\n"
			req.Round, req.Transcript = 3, []transcript.Turn{mine, challenge}
			resp := mustGenerate(t, a, req)
			if want := "As I showed, the article says " + quotes.Wrap(key); !hasLine(resp.Text, want) {
				t.Errorf("question %s, order %v: turn\n%s\nhas no line %q", q.ID, order, resp.Text, want)
			}
		}
	}
}

// TestSpeakerWithALongAnswerKeepsItsLimit: an answer too long to say again
// within the word limit is named by its letter, and the turn keeps to the
// limit with its evidence; the stance line quoting a 10,000-character
// answer made 1,675-word turns at a limit of 150, with no quote.
func TestSpeakerWithALongAnswerKeepsItsLimit(t *testing.T) {
	q := realQuestions(t)[0]
	long := strings.Repeat("a very long answer indeed ", 60) // 300 words
	req := speakerRequest(transcript.RoleDebater, q, orders[0], correctSlot(q, orders[0]), 1)
	req.View.Answers[req.Side] += " " + long
	req.WordLimit = 150
	text := mustGenerate(t, New(Settings{Skill: 1}), req).Text
	if n := len(strings.Fields(text)); n > 150 || !strings.Contains(text, "The article says") || strings.Contains(text, long) {
		t.Errorf("%d words, with the answer said again %v:\n%s\nwant at most 150, a quote, and the answer named by its letter", n, strings.Contains(text, long), text)
	}
}

// TestSpeakerWithNoTextSaysSo: on a question with no text (MMLU) a speaker
// has nothing to search and says it argues from what it knows, not that
// it has not yet found a passage in a text there is none of.
func TestSpeakerWithNoTextSaysSo(t *testing.T) {
	q := tasks.Question{ID: "q", Family: transcript.FamilyQA, Text: "Which tool does a cooper use most?",
		Answers: [2]string{"An adze", "A kiln"}, Correct: 0, Difficulty: 0.5}
	a := New(Settings{Skill: 0.9, Deception: 0.8, Persuasion: 1})
	for _, role := range []transcript.Role{transcript.RoleDebater, transcript.RoleConsultant} {
		for round := 1; round <= 4; round++ {
			req := speakerRequest(role, q, orders[0], 1, 3)
			req.Round = round
			resp := mustGenerate(t, a, req)
			if !strings.Contains(resp.Text, "There is no text to quote") || strings.Contains(resp.Text, "passage") || strings.Contains(resp.Text, "article") {
				t.Errorf("%s, round %d: %q; want it to say there is no text to quote, and name no article", role, round, resp.Text)
			}
			framed := 0
			for _, line := range strings.Split(resp.Text, "\n") {
				if isFraming(line) {
					framed++
				}
			}
			if framed != framingLines {
				t.Errorf("%s, round %d: %d framing lines read back; want %d", role, round, framed, framingLines)
			}
		}
	}
}

// TestQuestionerWithNoTextAsksNoText: a judge asking between rounds on a
// question with no text does not ask what in the text supports an answer.
func TestQuestionerWithNoTextAsksNoText(t *testing.T) {
	a := New(Settings{Skill: 0.5})
	req := agents.Request{Role: transcript.RoleQuestioner, Name: "Judge", Side: transcript.NoSide, Round: 1, Rounds: 3, WordLimit: 150,
		View:     transcript.View{QuestionID: "q", Question: "Which tool?", Answers: [2]string{"adze", "kiln"}, NoContext: true},
		Messages: []transcript.ChatMessage{{Role: "user", Content: "Ask."}}}
	if got := a.question(req); strings.Contains(got, "text") {
		t.Errorf("question with no text: %q; want no mention of a text", got)
	}
}

// TestQuotationMarksReadAsWritten: an answer or a passage with quotation
// marks of its own is said as it stands in the text, not escaped as Go
// writes a string (`"\"the grey widow\""`), by a speaker naming its answer
// and by a judge naming a quote it does not believe; an answer of several
// lines is said on one.
func TestQuotationMarksReadAsWritten(t *testing.T) {
	q := tasks.Question{ID: "q", Family: transcript.FamilyQA, Text: "Which ship left at dawn?",
		Answers: [2]string{`the "Grey Widow"`, "the Tern"}, Correct: 0, Difficulty: 0.5}
	req := speakerRequest(transcript.RoleDebater, q, orders[0], 0, 3)
	text := mustGenerate(t, New(Settings{Skill: 0.9}), req).Text
	if !strings.Contains(text, `I argue that the answer is A: "the "Grey Widow"".`) || strings.Contains(text, `\"`) {
		t.Errorf("speaker: %q; want the answer as written, in quotation marks", text)
	}
	said := `The harbourmaster wrote "left at dawn" in the log.`
	q.Answers[0] = "the Grey\r\nWidow\nof Sarn"
	req = speakerRequest(transcript.RoleDebater, q, orders[0], 0, 3)
	text = mustGenerate(t, New(Settings{Skill: 0.9}), req).Text
	if !strings.Contains(text, `I argue that the answer is A: "the Grey Widow of Sarn".`) {
		t.Errorf("speaker: %q; want an answer of several lines said on one", text)
	}
	s := judgeSettings(func(s *Settings) { s.Diligence, s.TrustUnverified = 1, 0 })
	verdict := mustGenerate(t, New(s), judgeRequest(cite(1, 0, uq(said)))).Text
	if !strings.Contains(verdict, `The quote "`+said+`" for A could not be verified`) || strings.Contains(verdict, `\"`) {
		t.Errorf("judge: %q; want the quote as written", verdict)
	}
}
