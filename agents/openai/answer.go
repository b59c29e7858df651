package openai

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
		if code := bodyStatus(cc.RawJSON()); code >= 400 && code < 500 && !transientStatus(code) {
			return agents.Response{}, fmt.Errorf("%w %d, sent with HTTP 200: %s", errRefusedInBody, code, oneLine(cc.RawJSON()))
		}
		return agents.Response{}, fmt.Errorf("no choices in the answer: %s", oneLine(cc.RawJSON()))
	}
	ch := cc.Choices[0]
	thought, text := answerParts(ch.Message.Content)
	// What the model wrote, for its tokens where the server counted none:
	// the content, and the reasoning a server sends beside it.
	written := ch.Message.Content
	field, aside := reasoningField(ch.Message)
	if aside != "" {
		thought = strings.TrimSpace(aside + "\n\n" + thought)
		written = aside + "\n\n" + written
	}
	if strings.TrimSpace(text) == "" {
		return agents.Response{}, emptyAnswer(ch, field, aside)
	}
	if brokenOff(ch.FinishReason) {
		return agents.Response{}, fmt.Errorf("an answer the server broke off after %d characters (finish_reason %q)", utf8.RuneCountInString(text), ch.FinishReason)
	}
	resp := agents.Response{
		Text:      text,
		Reasoning: thought,
		Usage:     transcript.Usage{InputTokens: int(cc.Usage.PromptTokens), OutputTokens: int(cc.Usage.CompletionTokens)},
		Truncated: cutShort(ch.FinishReason),
		Model:     cc.Model,
	}
	resp.Usage.CachedInputTokens = cachedTokens(cc.Usage)
	resp.Usage.ReasoningTokens = reasoningTokens(cc.Usage)
	switch u := &resp.Usage; {
	case u.InputTokens == 0 && u.OutputTokens == 0:
		*u = agents.EstimateUsage(sent, written)
	case u.OutputTokens == 0:
		// The prompt's tokens counted, the answer's not: the answer's
		// are estimated, so that its cost is not left out.
		u.OutputTokens, u.Estimated = agents.EstimateUsage(nil, written).OutputTokens, true
	case u.InputTokens == 0:
		// The answer's tokens counted, the prompt's not (a proxy that
		// passes on only the completion's count): a prompt sent has
		// tokens, the larger part of a call's cost, which would be left
		// out: they are estimated (by the batch, which has the prompt,
		// where sent is nil).
		u.InputTokens, u.Estimated = agents.EstimateUsage(sent, "").InputTokens, true
	}
	// The verdict's letter is read in the answer kept, not in reasoning
	// before it (a draft "Answer: B" there is no verdict).
	if p, ok := verdictProbabilities(ch.Logprobs.Content, ch.Message.Content, text); ok {
		resp.Probabilities = p
	}
	return resp, nil
}

// emptyAnswer describes a choice with no text (null or empty content, a
// refusal): the finish reason or the refusal, and where the text went
// (aside, sent in the message's field; a <think> block alone). One cut at
// the token limit or the model's context length is errCutBeforeAnswer,
// one a content filter withheld errFilteredWhole.
func emptyAnswer(ch sdk.ChatCompletionChoice, field, aside string) error {
	why := fmt.Sprintf("finish_reason %q", ch.FinishReason)
	if ch.Message.Refusal != "" {
		why = fmt.Sprintf("the model refused: %q", ch.Message.Refusal)
	} else {
		if n := utf8.RuneCountInString(aside); n > 0 {
			// vLLM's and DeepSeek's reasoning_content, OpenRouter's
			// and Ollama's reasoning: a reasoning parser that took
			// the whole answer for thought leaves no content.
			why += fmt.Sprintf("; the server sent %d characters in %q and none in the content: a reasoning parser that took the answer for the model's thinking, or thinking cut off", n, field)
		} else if content := strings.TrimSpace(ch.Message.Content); strings.Contains(content, "think>") {
			// Said, where "an empty answer" alone belies a long
			// content: a <think> block with nothing after it.
			why += fmt.Sprintf("; the content held %d characters, all of them reasoning (<think>…</think>) with no answer after it", utf8.RuneCountInString(content))
		}
		switch ch.FinishReason {
		case "length":
			return fmt.Errorf("%w (%s): raise max_tokens, or max_completion_tokens (a reasoning model's thinking counts against it)", errCutBeforeAnswer, why)
		case "model_length":
			return fmt.Errorf("%w (%s): the prompt and answer reached the model's context length", errCutBeforeAnswer, why)
		case "content_filter":
			return fmt.Errorf("%w (%s): the provider's filter judged the answer, or the prompt, against its policy; on Azure, a deployment's content filtering configuration sets what it withholds", errFilteredWhole, why)
		}
	}
	return fmt.Errorf("an empty answer (%s)", why)
}

// cachedTokens is the count of the prompt's tokens a server read from its
// prompt cache: OpenAI's prompt_tokens_details.cached_tokens, or DeepSeek's
// prompt_cache_hit_tokens (a field of its own, which it sends in their
// place); 0 where neither says, or it says more than the prompt's whole
// (not believed, as reasoningTokens is not).
func cachedTokens(u sdk.CompletionUsage) int {
	c := int(u.PromptTokensDetails.CachedTokens)
	if v, ok := u.JSON.ExtraFields["prompt_cache_hit_tokens"]; c <= 0 && ok && json.Unmarshal([]byte(v.Raw()), &c) != nil {
		c = 0
	}
	if c <= 0 || c > int(u.PromptTokens) {
		return 0
	}
	return c
}

// reasoningTokens is the count of the answer's tokens the model spent
// thinking (completion_tokens_details.reasoning_tokens); 0 where the
// server said none, or more than the answer's whole.
func reasoningTokens(u sdk.CompletionUsage) int {
	if r := u.CompletionTokensDetails.ReasoningTokens; r > 0 && r <= u.CompletionTokens {
		return int(r)
	}
	return 0
}

// cutShort says whether an answer that ended for finish was cut short
// and is kept so, marked truncated: at the token limit ("length"; Mistral's
// "model_length", at the model's context length), or by a content filter
// (Azure's "content_filter") that let part of it through.
func cutShort(finish string) bool {
	return finish == "length" || finish == "model_length" || finish == "content_filter"
}

// brokenOff says whether an answer that ended for finish was broken off
// by the server's own fault (Mistral's "error", DeepSeek's
// "insufficient_system_resource"): its text is a part of an answer, not
// one, and is retried as a 5xx is. Before, it was kept as a whole answer.
func brokenOff(finish string) bool {
	return finish == "error" || finish == "insufficient_system_resource"
}

// errCutBeforeAnswer is an answer cut at the token limit, or the model's
// context length, before any text (a reasoning model's thinking cut off):
// not retried, as the same request with the same seed meets the same limit
// again, and each attempt is paid for at max_tokens.
var errCutBeforeAnswer = errors.New("an empty answer, cut before any text")

// errFilteredWhole is an answer a content filter withheld whole (Azure's
// finish_reason "content_filter" with no text): not retried, as the same
// request with the same seed is filtered again, each attempt paid for
// (before 2026-12-06 it was retried max_retries times, some 20 s of
// waits a call).
var errFilteredWhole = errors.New("an empty answer, withheld whole by a content filter")

// errRefusedInBody is an error a server sent as a completion, with HTTP
// 200, whose body gives a status of a request it will not serve (404 of
// a model it does not have, 400 of a bad parameter: a proxy's way): not
// retried, as the status would not be.
var errRefusedInBody = errors.New("an error of status")

// sameAgain says whether err, an answer that is no completion, is one the
// same request meets again (errCutBeforeAnswer, errFilteredWhole,
// errRefusedInBody), which is not retried.
func sameAgain(err error) bool {
	return errors.Is(err, errCutBeforeAnswer) || errors.Is(err, errFilteredWhole) || errors.Is(err, errRefusedInBody)
}

// bodyStatus is the HTTP status an error object in a completion's body
// gives ({"error": {"code": 404, …}}, or its "status"; a number or its
// digits), or vLLM's error response, an object of its own ({"object":
// "error", "code": 400, …}); 0 where none does.
func bodyStatus(raw string) int {
	var body struct {
		Error struct {
			Code   json.RawMessage `json:"code"`
			Status json.RawMessage `json:"status"`
		} `json:"error"`
		Object string          `json:"object"`
		Code   json.RawMessage `json:"code"`
	}
	if json.Unmarshal([]byte(raw), &body) != nil {
		return 0
	}
	codes := []json.RawMessage{body.Error.Code, body.Error.Status}
	if body.Object == "error" {
		codes = append(codes, body.Code)
	}
	for _, v := range codes {
		if n, err := strconv.Atoi(strings.Trim(string(v), `"`)); err == nil && n >= 100 && n < 600 {
			return n
		}
	}
	return 0
}

// reasoningField is the field of a message, reasoning_content or
// reasoning, in which a server sent text beside the content, and that
// text, trimmed; "" where there is none.
func reasoningField(m sdk.ChatCompletionMessage) (field, text string) {
	for _, f := range []string{"reasoning_content", "reasoning"} {
		if v, ok := m.JSON.ExtraFields[f]; ok && json.Unmarshal([]byte(v.Raw()), &text) == nil && strings.TrimSpace(text) != "" {
			return f, strings.TrimSpace(text)
		}
	}
	return "", ""
}

// answerText is the text of an answer's content as the other seats may
// read it: a reasoning model's <think>…</think> block before the answer
// left out (it is the speaker's own, not its speech) — or, where the
// block's opening tag was in the prompt, all before the answer's first
// </think> — and content sent as
// a list of parts ([{"type": "text", "text": …}], which some servers send
// where OpenAI sends a string) joined.
func answerText(content string) string {
	_, text := answerParts(content)
	return text
}

// answerParts splits an answer's content as answerText reads it into the
// thinking left out (the <think> block's inside, trimmed; "" where there
// is none) and the text.
func answerParts(content string) (thought, text string) {
	var parted []string // the thinking sent as parts of its own
	if trimmed := strings.TrimSpace(content); strings.HasPrefix(trimmed, "[") {
		var parts []struct {
			Type string `json:"type"`
			Text string `json:"text"`
			// Thinking is a thinking part's (Mistral's Magistral): a
			// text, or a list of text parts.
			Thinking json.RawMessage `json:"thinking"`
		}
		if json.Unmarshal([]byte(trimmed), &parts) == nil && len(parts) > 0 && parts[0].Type != "" {
			var b strings.Builder
			for _, p := range parts {
				switch p.Type {
				case "text":
					b.WriteString(p.Text)
				case "thinking":
					parted = append(parted, partsText(p.Thinking))
				}
			}
			content = b.String()
		}
	}
	if len(parted) > 0 {
		return strings.TrimSpace(strings.Join(parted, "\n\n")), content
	}
	if rest, ok := strings.CutPrefix(strings.TrimLeft(content, " \t\r\n"), "<think>"); ok {
		if inside, after, found := strings.Cut(rest, "</think>"); found {
			return strings.TrimSpace(inside), strings.TrimLeft(after, " \t\r\n")
		}
		return strings.TrimSpace(rest), "" // cut off while thinking: no answer
	}
	if thought, after, found := strings.Cut(content, "</think>"); found && !strings.Contains(thought, "<think>") {
		// A chat template that opens the block in the prompt (DeepSeek-R1
		// and its distillations, QwQ, served without a reasoning parser):
		// the answer holds the block's end alone.
		return strings.TrimSpace(thought), strings.TrimLeft(after, " \t\r\n")
	}
	return "", content
}

// partsText is the text of raw, a JSON text or a list of text parts
// ([{"type": "text", "text": …}]), joined; "" for anything else.
func partsText(raw json.RawMessage) string {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text
	}
	var parts []struct{ Type, Text string }
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// answerStart is the offset of the answer's text kept, text, in all, the
// text of the tokens: its last place there, where the tokens hold it — a server that
// sends the thinking apart (vLLM's reasoning parser, in
// reasoning_content) gives the log-probabilities of the thinking's tokens
// too, before the content's, and a draft verdict line there was read as
// the verdict's where the content had none —; else, where the tokens'
// text is not the answer's (a character split between two tokens, each
// sent as U+FFFD), past the last </think> among them, the thinking's
// end, whether the thinking was sent apart or in the content; else where
// it starts in content, after a <think> block, the tokens being the
// content's.
func answerStart(all, content, text string) int {
	if i := strings.LastIndex(all, text); text != "" && i >= 0 {
		return i
	}
	if i := strings.LastIndex(all, "</think>"); i >= 0 {
		return i + len("</think>")
	}
	if strings.HasSuffix(content, text) {
		return len(content) - len(text)
	}
	return 0
}

// verdictProbabilities reads the judge's probability for A and B from the
// log-probabilities of the verdict letter: the first token naming the
// slot the verdict line names, after that line's colon — the line
// protocols.ParseVerdict reads (transcript.VerdictLine) in the answer
// kept, text, of content (answerStart); text after it, on the line or
// below ("That was a close call."), is not read. Where only
// the chosen letter's log-probability is known (no top log-probabilities,
// or the chosen token's alone), the rest of the mass goes to the other.
func verdictProbabilities(tokens []sdk.ChatCompletionTokenLogprob, content, text string) ([]float64, bool) {
	var b strings.Builder
	pos := make([]int, len(tokens)) // start offset of each token in text
	for i, t := range tokens {
		pos[i] = b.Len()
		b.WriteString(t.Token)
	}
	all := b.String()
	skip := answerStart(all, content, text)
	if skip < 0 || skip > len(all) {
		skip = 0 // the tokens are not the content: all of them are read
	}
	slot, from, to := transcript.VerdictLine(all[skip:])
	if slot == transcript.NoSide {
		return nil, false
	}
	from, to = from+skip, to+skip
	want := [2]string{"A", "B"}[slot]
	for i := range tokens {
		if pos[i]+len(tokens[i].Token) <= from {
			continue
		}
		if pos[i] >= to {
			break
		}
		if verdictLetter(tokens[i].Token) != want {
			continue
		}
		var pA, pB float64
		seen := false
		for _, top := range tokens[i].TopLogprobs {
			switch verdictLetter(top.Token) {
			case "A":
				pA += math.Exp(top.Logprob)
				seen = true
			case "B":
				pB += math.Exp(top.Logprob)
				seen = true
			}
		}
		// A list of the chosen token alone (a server that gives one,
		// whatever top_logprobs asks) tells no more than none does.
		if !seen || pA+pB == 0 || len(tokens[i].TopLogprobs) == 1 {
			p := math.Exp(tokens[i].Logprob)
			if want == "A" {
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

// verdictLetter is the verdict a token names: "A" for A or 1, "B" for B
// or 2, "" for any other; white space of any kind (a tab, a carriage
// return) and the marks transcript.VerdictLine forgives around a letter
// are forgiven around it too, and so is a colon.
func verdictLetter(token string) string {
	switch strings.ToUpper(strings.TrimFunc(token, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("*_[]().:\"'", r) })) {
	case "A", "1":
		return "A"
	case "B", "2":
		return "B"
	}
	return ""
}
