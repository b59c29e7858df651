package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// synthEpisode is a debate episode of a two-axis sweep: a judge's
// probability, verified and unverified quotes, tokens and a cost. Every
// fifth is assigned-incorrect and judged wrongly; every seventh unparsed;
// the tenth failed.
func synthEpisode(i int) transcript.Episode {
	ep := transcript.Episode{
		EpisodeID: fmt.Sprintf("ep%06d", i), Protocol: "debate", Kind: "debate",
		Cell: transcript.CellName([]transcript.AxisValue{{Axis: "strong.skill", Value: fmt.Sprint(0.5 + 0.1*float64(i%3))}, {Axis: "debate.rounds", Value: "3"}}),
		Task: "hidden-qa", QuestionID: fmt.Sprintf("q%04d", i/4), Judge: "weak-judge",
		Assignment: "assigned-correct/correct-first", Repeat: i % 2,
		Answers: [2]string{"the lighthouse", "the harbour"}, CorrectAnswer: 0, Order: [2]int{0, 1},
		Seats:   []transcript.Seat{{Name: "Debater A", Role: transcript.RoleDebater, Agent: "strong", Argues: 0}},
		Verdict: transcript.Verdict{Answer: 0, Slot: "A", Probability: 0.8, Parse: "answer-line", Asks: 1},
		Correct: true,
	}
	if i%5 == 4 {
		ep.Assignment = "assigned-incorrect/correct-second"
		ep.Order = [2]int{1, 0}
		ep.Verdict = transcript.Verdict{Answer: 1, Slot: "A", Probability: 0.7, Parse: "answer-line", Asks: 1}
		ep.Correct = false
	}
	if i%7 == 6 {
		ep.Verdict = transcript.Verdict{Answer: transcript.Unparsed, Parse: "none", Asks: 3}
		ep.Correct = false
	}
	if i == 10 {
		// A failed episode, as the engine records one: no verdict.
		ep.Error = "agent strong: 503 Service Unavailable"
		ep.Verdict = transcript.Verdict{Answer: transcript.Unparsed, Parse: "unparsed"}
		ep.Correct = false
	}
	for r := 1; r <= 3; r++ {
		for _, name := range []string{"Debater A", "Debater B"} {
			text := fmt.Sprintf("Round %d: <quote>the keeper lit the lamp</quote> and <quote>a ship came in</quote>, so it is the lighthouse & not \"the harbour\".", r)
			ep.Messages = append(ep.Messages, transcript.Message{
				Round: r, Name: name, Role: transcript.RoleDebater, Agent: "strong", Text: text,
				Shown:        fmt.Sprintf("Round %d: <v_quote>the keeper lit the lamp</v_quote> and <u_quote>a ship came in</u_quote>, so it is the lighthouse & not \"the harbour\".", r),
				PromptSHA256: "0123abcd", Usage: transcript.Usage{InputTokens: 400, OutputTokens: 60}, CostUSD: 0.001,
			})
		}
	}
	ep.Messages = append(ep.Messages, transcript.Message{
		Round: 4, Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Text: "The quotes check out.\nAnswer: A",
		PromptSHA256: "4567cdef", Usage: transcript.Usage{InputTokens: 900, OutputTokens: 20}, Retries: 1, Cached: i%2 == 0,
	})
	return ep
}

// writeRun writes n synthetic episodes as a run folder's transcript log
// and returns its path.
func writeRun(tb testing.TB, n int) string {
	tb.Helper()
	return writeRunWith(tb, n, nil)
}

// writeRunWith is writeRun with each episode changed by adjust first,
// if not nil.
func writeRunWith(tb testing.TB, n int, adjust func(ep *transcript.Episode)) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), transcript.FileName)
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range n {
		ep := synthEpisode(i)
		if adjust != nil {
			adjust(&ep)
		}
		if err := enc.Encode(&ep); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// mustRun exports the run at path as Run does and returns the files
// written; it stops the test on an error.
func mustRun(t *testing.T, path string, f Format, out string, o Options) []string {
	t.Helper()
	files, err := Run(path, f, out, o)
	if err != nil {
		t.Fatal(err)
	}
	return files
}
