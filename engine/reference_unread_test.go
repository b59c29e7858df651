package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestAnUnreadReferenceIsSaidToBe: a judge reading an agent's reference
// is told when its writer did not read the question's text (reference
// context: false), whose quotes it could not check: on a question with a
// text, and rejudged as first judged; not where the writer read it, nor
// on a question with no text (MMLU), nor on a closed one whose text every
// seat reads. Before, the judge read "a reference answer written by
// another reader, which may be wrong" alike whether the writer had read
// the text or guessed.
func TestAnUnreadReferenceIsSaidToBe(t *testing.T) {
	const said = "Its writer did not read the text the question is about: it answered from the question and what it knows, and its quotes were not checked against the text."
	x := mustParse(t, "ref.yaml", `name: ref
seed: 4
agents:
  writer: {backend: sim, skill: 0.9}
  j: {backend: sim, trust_reference: 0.5}
  k: {backend: sim, skill: 0.8}
tasks:
  - {name: q, generator: qa, n: 3}
  - {name: closed, generator: qa, n: 2, variant: closed}
  - {name: mmlu, loader: mmlu, path: ../tasks/loaders/testdata/mmlu.csv}
protocols:
  - {name: direct, label: unread, judge: j, reference: {agent: writer, context: false}}
  - {name: direct, label: read, judge: j, reference: {agent: writer}}
`)
	out, again := t.TempDir(), t.TempDir()
	mustRunSummarized(t, x, Options{Out: out})
	if _, err := Rejudge(context.Background(), x, out, "k", Options{Out: again}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{out, again} {
		seen := map[string]int{} // judges' prompts read, by label and task
		for _, ep := range readTranscripts(t, dir) {
			prompts, err := x.Prompts(&ep)
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range ep.Messages {
				if m.Role != transcript.RoleJudge {
					continue
				}
				text := ""
				for _, c := range prompts[i].Messages {
					text += c.Content
				}
				want := strings.HasPrefix(ep.Protocol, "unread") && ep.Task == "q"
				if strings.Contains(text, said) != want || prompts[i].SHA256 != m.PromptSHA256 {
					t.Errorf("%s (%s, task %s): the judge told of an unread reference: %v; want %v (prompt hash %s, recorded %s):\n%s",
						ep.EpisodeID, ep.Protocol, ep.Task, !want, want, prompts[i].SHA256, m.PromptSHA256, text)
				}
				seen[ep.Protocol[:strings.IndexByte(ep.Protocol+"/", '/')]+" "+ep.Task]++
			}
		}
		for _, k := range []string{"unread q", "unread closed", "unread mmlu", "read q"} {
			if seen[k] == 0 {
				t.Errorf("%s: no judge's prompt of %s read (%v)", dir, k, seen)
			}
		}
	}
}
