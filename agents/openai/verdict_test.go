package openai

import (
	"math"
	"strings"
	"testing"

	sdk "github.com/openai/openai-go/v3"

	"github.com/mootlab/moot/protocols"
)

// logprobs makes the tokens of text, split at "|", each with its
// log-probability; a token "B" or "A" also lists both letters among its
// top log-probabilities, pB for B.
func logprobs(text string, pB float64) []sdk.ChatCompletionTokenLogprob {
	var out []sdk.ChatCompletionTokenLogprob
	for _, tok := range strings.Split(text, "|") {
		t := sdk.ChatCompletionTokenLogprob{Token: tok, Logprob: math.Log(0.9)}
		if l := strings.TrimSpace(tok); l == "A" || l == "B" {
			t.TopLogprobs = []sdk.ChatCompletionTokenLogprobTopLogprob{{Token: " A", Logprob: math.Log(1 - pB)}, {Token: " B", Logprob: math.Log(pB)}}
		}
		out = append(out, t)
	}
	return out
}

// TestVerdictProbabilitiesReadTheVerdictLine: the probability is read at
// the letter of the line protocols.ParseVerdict reads, whatever follows
// it: where words after the verdict ("a close call", "Response B") were
// read as its letter, an A verdict got probability 1 or 0.
func TestVerdictProbabilitiesReadTheVerdictLine(t *testing.T) {
	for _, text := range []string{
		"Both are fine.\n|Answer:| B",
		"Both are fine.\n|Answer:| B|\n|That| was| a| close| call.",
		"Both are fine.\n|Answer:| B|\n|Response| A| is| longer.",
		"**|Answer|:**| B|\n",
		"My answer: unsure.\n|Answer:| B|\nAnswer: maybe",
	} {
		tokens := logprobs(text, 0.7)
		plain := strings.ReplaceAll(text, "|", "")
		side, _ := protocols.ParseVerdict(plain)
		p, ok := verdictProbabilities(tokens)
		switch {
		case side != 1:
			t.Errorf("%q: the parser reads side %d; the case wants B", plain, side)
		case !ok || math.Abs(p[1]-0.7) > 1e-9:
			t.Errorf("%q: P(B) %v (ok %v); want 0.7, from the verdict's letter", plain, p, ok)
		}
	}
	if _, ok := verdictProbabilities(logprobs("No verdict.\n|Answer:| maybe", 0.7)); ok {
		t.Error("a reply without a verdict line gave probabilities")
	}
}
