package agents

import (
	"unicode/utf8"

	"github.com/mootlab/moot/transcript"
)

// CharsPerToken is the estimate of a token's length in characters for
// an answer whose server counts no tokens: about right for English under
// OpenAI's tokenizers, and for most open models' on English text.
const CharsPerToken = 4

// messageTokens is the estimate of the tokens a chat message's framing
// (role, separators) takes beside its content.
const messageTokens = 4

// EstimateUsage estimates the tokens of a call whose answer counted none
// (some servers send no usage, or zeros): CharsPerToken characters a
// token, over the prompt's messages sent (each with messageTokens for its
// framing) and the answer's whole content, a think block included.
func EstimateUsage(sent []transcript.ChatMessage, answer string) transcript.Usage {
	tokens := func(s string) int { return (utf8.RuneCountInString(s) + CharsPerToken - 1) / CharsPerToken }
	u := transcript.Usage{OutputTokens: max(tokens(answer), 1), Estimated: true}
	for _, m := range sent {
		u.InputTokens += messageTokens + tokens(m.Content)
	}
	return u
}
