package openai

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	sdk "github.com/openai/openai-go/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// response turns a completion into an agents.Response. sent is the
// prompt, for estimating the tokens of an answer that counts none.
func response(cc *sdk.ChatCompletion, sent []transcript.ChatMessage) (agents.Response, error) {
	if cc == nil {
		return agents.Response{}, errors.New("no answer")
	}
	if len(cc.Choices) == 0 {
		// Often an error sent with status 200: say what came.
		return agents.Response{}, fmt.Errorf("no choices in the answer: %s", oneLine(cc.RawJSON()))
	}
	ch := cc.Choices[0]
	text := answerText(ch.Message.Content)
	if strings.TrimSpace(text) == "" {
		why := fmt.Sprintf("finish_reason %q", ch.FinishReason)
		if ch.Message.Refusal != "" {
			why = fmt.Sprintf("the model refused: %q", ch.Message.Refusal)
		}
		return agents.Response{}, fmt.Errorf("an empty answer (%s)", why)
	}
	resp := agents.Response{
		Text:      text,
		Usage:     transcript.Usage{InputTokens: int(cc.Usage.PromptTokens), OutputTokens: int(cc.Usage.CompletionTokens)},
		Truncated: ch.FinishReason == "length",
	}
	if resp.Usage.InputTokens == 0 && resp.Usage.OutputTokens == 0 {
		resp.Usage = agents.EstimateUsage(sent, ch.Message.Content)
	}
	if p, ok := verdictProbabilities(ch.Logprobs.Content); ok {
		resp.Probabilities = p
	}
	return resp, nil
}

// answerText is the text of an answer's content as the other seats may
// read it: a reasoning model's <think>…</think> block before the answer
// left out (it is the speaker's own, not its speech), and content sent as
// a list of parts ([{"type": "text", "text": …}], which some servers send
// where OpenAI sends a string) joined.
func answerText(content string) string {
	if trimmed := strings.TrimSpace(content); strings.HasPrefix(trimmed, "[") {
		var parts []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		}
		if json.Unmarshal([]byte(trimmed), &parts) == nil && len(parts) > 0 && parts[0].Type != "" {
			var b strings.Builder
			for _, p := range parts {
				if p.Type == "text" {
					b.WriteString(p.Text)
				}
			}
			content = b.String()
		}
	}
	if rest, ok := strings.CutPrefix(strings.TrimLeft(content, " \t\r\n"), "<think>"); ok {
		if _, after, found := strings.Cut(rest, "</think>"); found {
			return strings.TrimLeft(after, " \t\r\n")
		}
		return "" // cut off while thinking: no answer
	}
	return content
}

// verdictProbabilities reads the judge's probability for A and B from the
// log-probabilities of the verdict letter: the last token reading "A" or
// "B" that follows "Answer:". Where only the chosen letter's log-probability
// is known, the rest of the mass goes to the other.
func verdictProbabilities(tokens []sdk.ChatCompletionTokenLogprob) ([]float64, bool) {
	text := ""
	pos := make([]int, len(tokens)) // start offset of each token in text
	for i, t := range tokens {
		pos[i] = len(text)
		text += t.Token
	}
	at := strings.LastIndex(strings.ToLower(text), "answer:")
	if at < 0 {
		return nil, false
	}
	for i := len(tokens) - 1; i >= 0 && pos[i]+len(tokens[i].Token) > at+len("answer:"); i-- {
		letter := strings.ToUpper(strings.Trim(tokens[i].Token, " *_[]().\n"))
		if letter != "A" && letter != "B" {
			continue
		}
		var pA, pB float64
		seen := false
		for _, top := range tokens[i].TopLogprobs {
			switch strings.ToUpper(strings.Trim(top.Token, " *_[]().\n")) {
			case "A":
				pA += math.Exp(top.Logprob)
				seen = true
			case "B":
				pB += math.Exp(top.Logprob)
				seen = true
			}
		}
		if !seen || pA+pB == 0 {
			p := math.Exp(tokens[i].Logprob)
			if letter == "A" {
				pA, pB = p, 1-p
			} else {
				pA, pB = 1-p, p
			}
		}
		sum := pA + pB
		return []float64{pA / sum, pB / sum}, true
	}
	return nil, false
}
