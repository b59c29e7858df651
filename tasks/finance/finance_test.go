package finance_test

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/finance"
	"github.com/mootlab/moot/tasks/taskstest"
	"github.com/mootlab/moot/transcript"
)

func generate(t *testing.T, s finance.Settings, seed uint64, n int) []tasks.Question {
	t.Helper()
	return taskstest.Generate(t, taskstest.New(t, finance.New, s), seed, n)
}

func TestGeneratorContract(t *testing.T) {
	for _, s := range []finance.Settings{finance.DefaultSettings(), {Difficulty: 0.5, PerturbQuery: finance.Misspelled, PerturbContext: finance.OCR}} {
		taskstest.Conform(t, taskstest.New(t, finance.New, s), "finance-%d-%04d", transcript.FamilyFinance)
	}
}

// TestQuestions: the filing states the asked figure in a sentence that
// answers the question, the distractor is another figure, true claims are
// in the filing and the invented one is not; the filing states the
// distractor (another year's figure) in hard questions, and not in easy
// ones.
func TestQuestions(t *testing.T) {
	for _, d := range []float64{0, 0.5, 1} {
		s := finance.DefaultSettings()
		s.Difficulty = d
		firsts, stated := 0, 0
		expected, variance := 0.0, 0.0
		for _, q := range generate(t, s, 1, 300) {
			correct, wrong := q.Answers[q.Correct], q.Answers[1-q.Correct]
			if correct == wrong || q.Family != transcript.FamilyFinance {
				t.Fatalf("%s: answers %v, family %s", q.ID, q.Answers, q.Family)
			}
			key := reading.KeyTerms(q.Text)
			relevant, naming := 0, [2]int{}
			for _, sentence := range reading.Sentences(q.Context) {
				for i, a := range [2]string{correct, wrong} {
					if reading.Mentions(sentence, a) {
						naming[i]++
					}
				}
				if reading.Missing(key, sentence) == 0 && reading.Mentions(sentence, correct) {
					relevant++
				}
				if reading.Missing(key, sentence) == 0 && reading.Mentions(sentence, wrong) {
					t.Fatalf("%s: a sentence answering the question states the distractor: %q", q.ID, sentence)
				}
			}
			if relevant != 1 {
				t.Fatalf("%s: %d sentences answer %q with %s; want 1\n%s", q.ID, relevant, q.Text, correct, q.Context)
			}
			// Each answer stands only where meant: the correct one in
			// the key sentence, the distractor in its own year's, if
			// stated.
			if naming[0] != 1 || naming[1] > 1 {
				t.Fatalf("%s: %d sentences name the correct answer and %d the distractor; want 1 and at most 1\n%s", q.ID, naming[0], naming[1], q.Context)
			}
			stated += naming[1]
			expected += q.Difficulty
			variance += q.Difficulty * (1 - q.Difficulty)
			if n := taskstest.CheckInventedAlike(t, q); n != 1 {
				t.Fatalf("%s: %d invented claims for each answer; want 1", q.ID, n)
			}
			if q.Correct == 0 {
				firsts++
			}
		}
		if firsts < 120 || firsts > 180 {
			t.Errorf("difficulty %g: the correct answer first in %d of 300; want about half", d, firsts)
		}
		// Each question states it with chance its difficulty, and no
		// other figure of the filing reads as it (a company whose third
		// year's growth, or another kind's figure, did is drawn again).
		if sd := math.Sqrt(variance); math.Abs(float64(stated)-expected) > 4*sd {
			t.Errorf("difficulty %g: the filing states the distractor in %d of 300 questions; want %.0f ± %.0f", d, stated, expected, 4*sd)
		}
	}
}

func TestPerturbations(t *testing.T) {
	plain := generate(t, finance.DefaultSettings(), 2, 30)
	tests := []struct {
		name  string
		query string
		ctx   string
		check func(t *testing.T, plain, got tasks.Question)
	}{
		{"misspelled", finance.Misspelled, finance.None, func(t *testing.T, p, q tasks.Question) {
			if q.Text == p.Text || len(q.Text) != len(p.Text) {
				t.Errorf("misspelled %q from %q; want two letters swapped", q.Text, p.Text)
			}
		}},
		{"incomplete", finance.Incomplete, finance.None, func(t *testing.T, p, q tasks.Question) {
			// Shorter, but still naming the figure: the company's name and
			// every year the question gives (the filing gives each
			// figure for several years, and the distractor is another
			// year's).
			if len(q.Text) >= len(p.Text) {
				t.Errorf("incomplete %q from %q; want a cut", q.Text, p.Text)
			}
			for _, w := range strings.Fields(strings.TrimSuffix(p.Text, "?")) {
				if _, err := strconv.Atoi(w); err == nil && !strings.Contains(q.Text, w) {
					t.Errorf("incomplete %q from %q: the year %s is gone", q.Text, p.Text, w)
				}
			}
			if name := strings.Join(strings.Fields(p.Text)[2:4], " "); !strings.Contains(q.Text, name) {
				t.Errorf("incomplete %q from %q: the company %q is gone", q.Text, p.Text, name)
			}
		}},
		{"out of domain", finance.OutOfDomain, finance.None, func(t *testing.T, p, q tasks.Question) {
			if !strings.HasPrefix(q.Text, "hey") {
				t.Errorf("out-of-domain %q", q.Text)
			}
		}},
		{"ocr", finance.None, finance.OCR, func(t *testing.T, p, q tasks.Question) {
			if len(q.Context) == 0 {
				t.Error("OCR emptied the filing")
			}
			// The invented quotes frame the key sentence as the seats
			// read it, OCR damage and all: their lead taken off and the
			// figure put back, each is a sentence of the damaged filing.
			for _, c := range q.Evidence {
				if strings.Contains(q.Context, c.Text) {
					continue
				}
				_, read, _ := strings.Cut(c.Text, ", ")
				if back := strings.Replace(read, " "+q.Answers[1-q.Correct], " "+q.Answers[q.Correct], 1); !strings.Contains(q.Context, back) {
					t.Errorf("%s: the invented quote %q is not the key sentence as read, framed", q.ID, c.Text)
				}
			}
		}},
		{"irrelevant", finance.None, finance.Irrelevant, func(t *testing.T, p, q tasks.Question) {
			if strings.Contains(q.Context, strings.Fields(q.Text)[2]) {
				t.Errorf("the irrelevant filing names the asked company")
			}
		}},
		{"missing", finance.None, finance.Missing, func(t *testing.T, p, q tasks.Question) {
			if q.Context != "" || len(q.Evidence) != 0 {
				t.Errorf("missing context %q, %d claims; want none", q.Context, len(q.Evidence))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := finance.DefaultSettings()
			s.PerturbQuery, s.PerturbContext = tt.query, tt.ctx
			got := generate(t, s, 2, 30)
			for i := range got {
				if got[i].Answers != plain[i].Answers || got[i].Correct != plain[i].Correct {
					t.Fatalf("%s: a perturbation changed the answers", got[i].ID)
				}
				// Without the company's filing, neither side has a key
				// sentence to frame: none invents a quote, and the judge
				// has nothing to tell the sides apart by.
				want := 1
				if tt.ctx == finance.Irrelevant || tt.ctx == finance.Missing {
					want = 0
				}
				if n := taskstest.CheckInventedAlike(t, got[i]); n != want {
					t.Fatalf("%s: %d claims for each answer not in the (perturbed) filing; want %d", got[i].ID, n, want)
				}
				tt.check(t, plain[i], got[i])
			}
		})
	}
}

// TestOCRDamagesFilings: most filings come through the scanner damaged
// (a word in twelve is read afresh, and most words have a letter it
// misreads); a few come through clean, as a clean page can.
func TestOCRDamagesFilings(t *testing.T) {
	s := finance.DefaultSettings()
	plain := generate(t, s, 3, 200)
	s.PerturbContext = finance.OCR
	damaged := 0
	for i, q := range generate(t, s, 3, 200) {
		if q.Context != plain[i].Context {
			damaged++
		}
	}
	if damaged < 180 {
		t.Errorf("OCR damaged %d filings of 200; want at least 180", damaged)
	}
}

func TestSettings(t *testing.T) {
	for _, tt := range []struct {
		s    finance.Settings
		want string
	}{
		{finance.Settings{Difficulty: 2, PerturbQuery: "none", PerturbContext: "none"}, "difficulty:"},
		{finance.Settings{Difficulty: 0.5, PerturbQuery: "loud", PerturbContext: "none"}, "perturb_query:"},
		{finance.Settings{Difficulty: 0.5, PerturbQuery: "none", PerturbContext: "torn"}, "perturb_context:"},
	} {
		if _, err := finance.New(tt.s); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("New(%+v) = %v; want an error about %s", tt.s, err, tt.want)
		}
	}
}

// TestFiguresRoundHalfAwayFromZero: figures are rounded as a reader
// rounds by hand, from the exact fractions: finance-19-0003's current
// ratio 1.525 reads 1.53, and finance-19-0040's growth −4.25% reads
// −4.3% (a binary float's formatting gives 1.52, as 1.525 is a hair
// below it in binary, and −4.2%, rounding the tie to even).
func TestFiguresRoundHalfAwayFromZero(t *testing.T) {
	qs := generate(t, finance.DefaultSettings(), 19, 41)
	for _, tt := range []struct {
		index int
		want  string
	}{{3, "1.53"}, {40, "-4.3%"}} {
		if q := qs[tt.index]; q.Answers[q.Correct] != tt.want {
			t.Errorf("%s: correct answer %q; want %s", q.ID, q.Answers[q.Correct], tt.want)
		}
	}
}

// TestIrrelevantFilingIsAnotherCompanys: the irrelevant context is the
// filing of a company other than the one asked about (seed 14's question
// 25 once drew a filing of the same name, with other figures).
func TestIrrelevantFilingIsAnotherCompanys(t *testing.T) {
	s := finance.DefaultSettings()
	s.PerturbContext = finance.Irrelevant
	for seed := uint64(1); seed <= 20; seed++ {
		for _, q := range generate(t, s, seed, 50) {
			company, _, _ := strings.Cut(q.Context, " annual report")
			if strings.Contains(q.Text, company+" ") {
				t.Errorf("%s: the irrelevant filing is of %s, the company asked about", q.ID, company)
			}
		}
	}
}

// TestAnswersAloneDoNotTell: a reader of the question and the two
// answers alone — not the filing — cannot tell the correct answer. A
// model fitted on 3,000 questions (the figure and the year each asks
// for, and its two figures) is right in no more than 55% of 3,000 others
// at difficulty 0.2, 0.5 and 0.8 (50.1–50.2% today). The analysts'
// mistakes once erred one way (the wrong margin larger, an inverted ratio
// below 1, the true growth nearer a whole percentage), and this model was
// right in 60% to 87%. (Difficulty decides today only whether the filing states the
// distractor, not what it is, so the three give one measure; they are
// kept apart for a change that would make the mistake depend on it.)
func TestAnswersAloneDoNotTell(t *testing.T) {
	for _, d := range []float64{0.2, 0.5, 0.8} {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			s := finance.DefaultSettings()
			s.Difficulty = d
			taskstest.CheckAnswersAloneDoNotTell(t, func(seed uint64, n int) []tasks.Question { return generate(t, s, seed, n) },
				// What a reader groups questions by: the figure and the
				// year asked (later years' figures once sat nearer a
				// whole percentage).
				func(q tasks.Question) string { return figureAsked(q.Text) + " " + askedYear.FindString(q.Text) })
		})
	}
}

// askedYear finds a finance question's year: the first it names.
var askedYear = regexp.MustCompile(`\d{4}`)

// figureAsked is the figure a finance question asks for.
func figureAsked(question string) string {
	for _, f := range []string{"revenue growth", "operating margin", "current ratio"} {
		if strings.Contains(question, f) {
			return f
		}
	}
	return question
}

// TestIrrelevantFilingHasNoInventedQuote: where another company's filing
// stands in for the company's, the distractor's side invents no quote,
// even where the sentence in the key's place states the correct figure
// (finance-5-0133: Geldun Industries' growth in 2024 of 3.0%, the asked
// company's, once changed to the distractor's −4.0% and handed to the
// wrong side, a quote about another company in no filing).
func TestIrrelevantFilingHasNoInventedQuote(t *testing.T) {
	s := finance.DefaultSettings()
	s.PerturbContext = finance.Irrelevant
	for _, q := range generate(t, s, 5, 3000) {
		for _, c := range q.Evidence {
			if !strings.Contains(q.Context, c.Text) {
				t.Fatalf("%s: an invented quote %q beside another company's filing; want none", q.ID, c.Text)
			}
		}
	}
}
