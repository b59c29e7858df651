package main

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/transcript"
)

// overContext matches the error a server gives a request longer than its
// model's context window: OpenAI's and vLLM's "maximum context length"
// (code context_length_exceeded), llama.cpp's "exceeds the available
// context size", Anthropic's and others' "prompt is too long", TGI's
// "inputs tokens + max_new_tokens must be <=".
var overContext = regexp.MustCompile(`(?i)maximum context length|context_length_exceeded|context length exceeded|exceeds the available context size|prompt is too long|inputs.? tokens \+ .?max_new_tokens.? must be <=`)

// contextWindow and replyAsked read, from a context error, the window
// and the reply's limit asked for: vLLM's "'max_tokens' or
// 'max_completion_tokens' is too large: 8000. This model's maximum
// context length is 4096 tokens", and OpenAI's "maximum context length is
// 4097 tokens, however you requested 5100 tokens (100 in your prompt;
// 5000 for the completion)".
var (
	contextWindow = regexp.MustCompile(`(?i)maximum context length is (\d+)`)
	replyAsked    = regexp.MustCompile(`(?i)is too large: (\d+)|(\d+) (?:in|for) the completion`)
)

// promptOverContext reports whether an episode's error is a server's
// refusal of a prompt over the model's context window: not where the
// reply's limit alone (max_tokens) is as long as the window, which every
// prompt, however short, meets; that is max_tokens to lower.
func promptOverContext(err string) bool {
	if !overContext.MatchString(err) {
		return false
	}
	w, r := contextWindow.FindStringSubmatch(err), replyAsked.FindStringSubmatch(err)
	if w == nil || r == nil {
		return true
	}
	window, _ := strconv.Atoi(w[1])
	asked, _ := strconv.Atoi(r[1] + r[2])
	return asked < window
}

// failedSeat reads the agent out of an episode's error: "episode failed:
// Debater A (strong, round 1): …".
var failedSeat = regexp.MustCompile(`^episode failed: [^(]*\(([^,)]+)`)

// tooLong is what a run's log says of its episodes that failed for a
// prompt longer than the model's context: how many, by agent and by
// protocol, and their questions.
type tooLong struct {
	episodes   int
	agents     map[string]int
	protocols  map[string]int
	questions  map[string]bool
	firstError string
}

// readTooLong reads the run's log in dir (its last record of each
// episode, a resume's replay replacing the failure it played again) for
// the episodes that failed for a prompt over the model's context.
func readTooLong(dir string) (tooLong, error) {
	t := tooLong{agents: map[string]int{}, protocols: map[string]int{}, questions: map[string]bool{}}
	last := map[string]transcript.Episode{}
	var order []string
	err := transcript.Scan(filepath.Join(dir, engine.TranscriptsFile), func(ep *transcript.Episode) error {
		if _, seen := last[ep.EpisodeID]; !seen {
			order = append(order, ep.EpisodeID)
		}
		last[ep.EpisodeID] = transcript.Episode{EpisodeID: ep.EpisodeID, Protocol: ep.Protocol, QuestionID: ep.QuestionID, Error: ep.Error}
		return nil
	})
	if err != nil {
		return t, err
	}
	for _, id := range order {
		ep := last[id]
		if ep.Error == "" || !promptOverContext(ep.Error) {
			continue
		}
		t.episodes++
		agent := "?"
		if m := failedSeat.FindStringSubmatch(ep.Error); m != nil {
			agent = m[1]
		}
		t.agents[agent]++
		t.protocols[ep.Protocol]++
		t.questions[ep.QuestionID] = true
		if t.firstError == "" {
			t.firstError = ep.Error
		}
	}
	return t, nil
}

// tellTooLong says, after a run or a merge whose log holds failed
// episodes, how many failed for a prompt longer than the model's context
// window, which playing them again cannot mend: a resume plays every
// failed episode again, and these fail again. Nothing is said where
// none did, or the log cannot be read.
func tellTooLong(w io.Writer, dir string, failed int) {
	if failed == 0 {
		return
	}
	t, err := readTooLong(dir)
	if err != nil || t.episodes == 0 {
		return
	}
	qs := slices.Sorted(maps.Keys(t.questions))
	shown := qs
	if len(shown) > 8 {
		shown = shown[:8]
	}
	more := ""
	if len(qs) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(qs)-len(shown))
	}
	fmt.Fprintf(w, "moot: %d of the %s sent a prompt longer than the model's context window (by agent: %s; by protocol: %s; %s: %s%s); running again plays them again, and they fail again: shorten the text or the rounds, lower max_tokens, or give the agent a model with a longer context (or raise max_failures to finish the study without them). They count as failed, outside n and the accuracy: those cells hold only the questions whose prompts fit. The first: %s\n",
		t.episodes, noun.Count(failed, "failed episode"), counts(t.agents), counts(t.protocols),
		noun.Count(len(qs), "question"), strings.Join(shown, ", "), more, t.firstError)
}

// counts writes a tally as "a 3, b 1", by name.
func counts(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
