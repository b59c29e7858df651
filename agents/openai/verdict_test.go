package openai

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	sdk "github.com/openai/openai-go/v3"

	"github.com/mootlab/moot/transcript"
)

// logprobs makes the tokens of text, split at "|". A token naming a
// letter lists both letters among its top log-probabilities, leaning to
// its own: P(A) 0.6 at an A, P(B) 0.7 at a B; read at the wrong token,
// the probability is the other's.
func logprobs(text string) []sdk.ChatCompletionTokenLogprob {
	var out []sdk.ChatCompletionTokenLogprob
	for _, tok := range strings.Split(text, "|") {
		t := sdk.ChatCompletionTokenLogprob{Token: tok, Logprob: math.Log(0.9)}
		switch verdictLetter(tok) {
		case "A":
			t.TopLogprobs = []sdk.ChatCompletionTokenLogprobTopLogprob{{Token: " A", Logprob: math.Log(0.6)}, {Token: " B", Logprob: math.Log(0.4)}}
		case "B":
			t.TopLogprobs = []sdk.ChatCompletionTokenLogprobTopLogprob{{Token: " A", Logprob: math.Log(0.3)}, {Token: " B", Logprob: math.Log(0.7)}}
		}
		out = append(out, t)
	}
	return out
}

// TestVerdictProbabilitiesReadTheVerdictLine: the probability is read at
// the letter of the line the verdict parser reads, whatever comes before
// or after it: where words after the verdict ("a close call", "Response
// A") were read as its letter, an A verdict got probability 1 or 0.
func TestVerdictProbabilitiesReadTheVerdictLine(t *testing.T) {
	for _, text := range []string{
		"Both are fine.\n|Answer:| B",
		"Both are fine.\n|Answer:| B|\n|That| was| a| close| call.",
		"Both are fine.\n|Answer:| B|\n|Response| A| is| longer.",
		"**|Answer|:**| B|\n",
		"Answer:| (|B|)",
		"answer:|B",
		"Answer: A\n|Answer:| B|\r\n",
		"My answer: unsure.\n|Answer:| B|\nAnswer: maybe",
		"Answer:| A|\n\u00a0|Answer:| B",
		"Answer:| A|\n|Answer:| B| #",
		"Answer:| B|\n*\t|Answer:| A",
		"Answer:| 2",
		"Answer:| 1",
		"Answer:| A",
	} {
		plain := strings.ReplaceAll(text, "|", "")
		slot, _, _ := transcript.VerdictLine(plain)
		p, ok := verdictProbabilities(logprobs(text), "", "")
		want := map[int]float64{0: 0.6, 1: 0.3}[slot] // P(A) at the slot's own letter
		if slot == transcript.NoSide || !ok || math.Abs(p[0]-want) > 1e-9 {
			t.Errorf("%q: the verdict line names slot %d; P = %v (ok %v); want P(A) %v, read at that letter", plain, slot, p, ok, want)
		}
	}
	if _, ok := verdictProbabilities(logprobs("No verdict.\n|Answer:| maybe"), "", ""); ok {
		t.Error("a reply without a verdict line gave probabilities")
	}
	// The verdict line's letter is in a token that names no letter alone;
	// the letter that starts the next line is not the verdict's.
	if p, ok := verdictProbabilities(logprobs("Answer: B|\nB"), "", ""); ok {
		t.Errorf("the letter of the line below the verdict line was read: P = %v; want none", p)
	}
}

// TestVerdictLetterForgivesWhatTheParserDoes: a letter token is read as
// the verdict parser reads the letter, around it any white space (a tab,
// a carriage return) and the marks it forgives.
func TestVerdictLetterForgivesWhatTheParserDoes(t *testing.T) {
	for tok, want := range map[string]string{" A": "A", "\tB": "B", "A\r\n": "A", "**2**": "B", " (a).": "A", ": B": "B", "\u00a0A": "A", " C": "", "AB": ""} {
		if got := verdictLetter(tok); got != want {
			t.Errorf("verdictLetter(%q) = %q; want %q", tok, got, want)
		}
		// A token may hold the line's colon; the line holds one.
		if slot, _, _ := transcript.VerdictLine("Answer:" + tok); want != "" && !strings.Contains(tok, ":") && slot != int(want[0]-'A') {
			t.Errorf("VerdictLine(%q) = %d; want the letter verdictLetter reads, %s", "Answer:"+tok, slot, want)
		}
	}
}

// TestNoVerdictProbabilitiesFromReasoning: a draft verdict in the reasoning
// before the answer kept (a </think> block, opened in the prompt or in the
// answer) gives no probabilities where the answer has no verdict of its
// own, and the answer's own verdict is the one read where it has one.
func TestNoVerdictProbabilitiesFromReasoning(t *testing.T) {
	for _, c := range []struct {
		tokens string
		want   []float64
	}{
		{"Answer:| B|\n</think>\n\nThe evidence favours", nil},
		{"<think>Answer:| B|\n</think>\n\nThe evidence favours", nil},
		{"Answer:| B|\n</think>\n\n|Answer:| A", []float64{0.6, 0.4}},
		{"Answer:| A", []float64{0.6, 0.4}},
	} {
		content := strings.ReplaceAll(c.tokens, "|", "")
		cc := &sdk.ChatCompletion{Choices: []sdk.ChatCompletionChoice{{
			Message:      sdk.ChatCompletionMessage{Content: content},
			FinishReason: "stop",
			Logprobs:     sdk.ChatCompletionChoiceLogprobs{Content: logprobs(c.tokens)},
		}}}
		resp, err := response(cc, nil)
		if err != nil {
			t.Fatalf("%q: %v", content, err)
		}
		if len(resp.Probabilities) != len(c.want) || len(c.want) > 0 && math.Abs(resp.Probabilities[0]-c.want[0]) > 1e-9 {
			t.Errorf("%q: probabilities %v; want %v", content, resp.Probabilities, c.want)
		}
	}
}

// TestVerdictProbabilitiesFromTheChosenTokenAlone: a server that lists
// among the top log-probabilities the chosen token alone (it gives no
// more than one, whatever top_logprobs asks) tells no more than one that
// lists none: the rest of the mass goes to the other letter either way.
// Before, the one-entry list gave the chosen letter probability 1, and
// the empty list its own, 0.9.
func TestVerdictProbabilitiesFromTheChosenTokenAlone(t *testing.T) {
	for _, top := range [][]sdk.ChatCompletionTokenLogprobTopLogprob{nil, {{Token: " B", Logprob: math.Log(0.9)}}} {
		tokens := []sdk.ChatCompletionTokenLogprob{{Token: "Answer:", Logprob: math.Log(0.99)}, {Token: " B", Logprob: math.Log(0.9), TopLogprobs: top}}
		p, ok := verdictProbabilities(tokens, "", "")
		if !ok || math.Abs(p[1]-0.9) > 1e-9 {
			t.Errorf("top log-probabilities %v: P = %v (ok %v); want P(B) 0.9", top, p, ok)
		}
	}
}

// TestNoVerdictProbabilitiesFromReasoningSentApart: a server that sends
// the thinking apart (vLLM's reasoning parser: reasoning_content) gives
// the log-probabilities of every token it generated, the thinking's
// included, before the content's. A content without a verdict line gets
// no probabilities from a draft line of the thinking; before, it got
// them, and a best-of-N scorer, which reads them without a parsed
// verdict, scored the candidate by the draft.
func TestNoVerdictProbabilitiesFromReasoningSentApart(t *testing.T) {
	for _, c := range []struct {
		tokens, content string
		want            []float64
	}{
		{"So:\n|Answer:| B|\n</think>\n\n|The| evidence| favours| the| first.", "The evidence favours the first.", nil},
		{"So:\n|Answer:| B|\n</think>\n\n|The| evidence| favours| the| first.", "\n\nThe evidence favours the first.", nil},
		{"So:\n|Answer:| B|\n</think>\n\n|Answer:| A", "Answer: A", []float64{0.6, 0.4}},
		// A character split between two tokens, each sent as U+FFFD:
		// the tokens' text is not the answer's, which starts past the
		// thinking's </think> all the same (before, the draft's B).
		{"So:\n|Answer:| B|\n</think>\n\n|The| debater|\ufffd|\ufffd|s| case| is| weak.", "The debater’s case is weak.", nil},
		{"So:\n|Answer:| B|\n</think>\n\n|The| debater|\ufffd|\ufffd|s| case.\n|Answer:| A", "The debater’s case.\nAnswer: A", []float64{0.6, 0.4}},
		// The thinking that writes the tag itself ("I close with
		// </think> later"): the answer starts past the last one, the
		// thinking's end, not past that mention of it.
		{"I| close| with| </think>| later.\n|Answer:| B|\n</think>\n\n|The| debater|\ufffd|\ufffd|s| case| is| weak.", "The debater’s case is weak.", nil},
		// The thinking, sent apart, says the answer's words before a
		// draft verdict: the answer is read where the tokens hold it
		// last, the content's, and has no verdict line.
		{"The| case| is| weak.|\nSo:\n|Answer:| B|\n</think>\n\n|The| case| is| weak.", "The case is weak.", nil},
		// Tokens that are not the content's (a server's own tokens):
		// all are read, as before.
		{"Answer:| B", "Answer: B.", []float64{0.3, 0.7}},
	} {
		cc := &sdk.ChatCompletion{}
		if err := cc.UnmarshalJSON([]byte(`{"choices":[{"message":{"role":"assistant","content":` + quote(c.content) + `,"reasoning_content":"So:\\nAnswer: B"},"finish_reason":"stop"}]}`)); err != nil {
			t.Fatal(err)
		}
		cc.Choices[0].Logprobs.Content = logprobs(c.tokens)
		resp, err := response(cc, nil)
		if err != nil {
			t.Fatalf("%q: %v", c.content, err)
		}
		if len(resp.Probabilities) != len(c.want) || len(c.want) > 0 && math.Abs(resp.Probabilities[0]-c.want[0]) > 1e-9 {
			t.Errorf("%q after thinking sent apart: probabilities %v; want %v", c.content, resp.Probabilities, c.want)
		}
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
