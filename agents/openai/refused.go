package openai

import "regexp"

// A field moot sends without the experiment file naming it, as a
// server's refusal of it names it: the word, not a part of another
// ("seeds", "random_seed").
var (
	seedWord     = regexp.MustCompile(`(?i)\bseed\b`)
	logprobsWord = regexp.MustCompile(`(?i)\b(top_)?logprobs\b`)
)

// refusedField is what an error adds where the server refused (HTTP 400
// or 422; its param and message name the field) a field moot sent that
// the experiment file did not name — the seed of every call, the
// log-probabilities of a verdict's: the setting that stops sending it.
// A field the file names (a temperature) the server's message names
// well enough. seed and logprobs say whether the call sent those fields.
// "" where there is nothing to add.
func refusedField(status int, param, msg string, seed, logprobs bool) string {
	if status != 400 && status != 422 {
		return ""
	}
	// Both, where a validator lists every field it refused (Mistral's).
	text, hint := param+" "+msg, ""
	if seed && seedWord.MatchString(text) {
		hint += "; moot sends a seed with each call, which the server seems to refuse: send_seed: false sends none"
	}
	if logprobs && logprobsWord.MatchString(text) {
		hint += "; moot asks a verdict's call for log-probabilities, which the server seems to refuse: logprobs: false asks for none, and its verdicts then have no probabilities"
	}
	return hint
}
