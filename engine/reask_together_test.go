package engine

import (
	"strings"
	"testing"
)

// TestAnswersAskedTogetherAreAskedAgain: a society's agents over the
// network answer a round at once (playing.together), and one whose reply
// lacks its verdict line is asked again, as where they answer in turn
// (in-process agents): before, the reply was read as it came, unparsed,
// and never asked again; the next round's agents read its reasons with
// its line.
func TestAnswersAskedTogetherAreAskedAgain(t *testing.T) {
	out, _ := runReasons(t, "{name: society, agents: [e, e], rounds: 1}", false)
	for _, ep := range readTranscripts(t, out) {
		again := 0
		for i, m := range ep.Messages {
			if m.Sample != 1 {
				continue
			}
			again++
			if i == 0 || ep.Messages[i-1].Name != m.Name || ep.Messages[i-1].Round != m.Round || m.Shown != reasons+"\n\nAnswer: A" {
				t.Errorf("episode %s: message %d (%s, round %d), asked again, follows %q and is shown as %q", ep.EpisodeID, i, m.Name, m.Round, ep.Messages[max(i-1, 0)].Name, m.Shown)
			}
		}
		if again != 4 {
			var b strings.Builder
			for _, m := range ep.Messages {
				b.WriteString(m.Name + ": " + m.Text + "\n")
			}
			t.Errorf("episode %s: %d answers asked again; want each agent's in each of 2 rounds (4):\n%s", ep.EpisodeID, again, b.String())
		}
		if ep.Verdict.Answer < 0 {
			t.Errorf("episode %s: verdict %+v; want the agents' answers voted", ep.EpisodeID, ep.Verdict)
		}
	}
}
