package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// seatWordsExperiment plays, on a closed task (every seat reads the text),
// each protocol whose prompts speak of who sees the text; MAD without
// verified quotes; and open consultancy, whose consultant picks its side.
const seatWordsExperiment = `name: seat-words
seed: 5
agents:
  strong: {backend: sim, skill: 0.8}
  judge: {backend: sim, skill: 0.5}
tasks:
  - {name: closed, generator: qa, n: 2, difficulty: 0.5, variant: closed}
protocols:
  - {name: consultancy, judge: judge, consultant: strong, interactive: true, rounds: 2}
  - {name: debate, judge: judge, debaters: strong, rounds: 1}
  - {name: mad, judge: judge, moderator: judge, debaters: strong, rounds: 2, verify_quotes: false}
  - {name: open-consultancy, judge: judge, consultant: strong}
`

// heardInPlay plays every episode of x, every agent's requests recorded,
// and returns them; it stops the test at an episode that fails.
func heardInPlay(t *testing.T, x *Experiment) []agents.Request {
	t.Helper()
	heard := &requests{}
	defer x.standIn(func(a *AgentEntry) agents.Agent { return recording{a.Agent, heard} })()
	for _, ep := range x.Plan() {
		if rec := x.play(context.Background(), &ep); rec.Error != "" {
			t.Fatal(rec.Error)
		}
	}
	return heard.all()
}

// TestSeatsAreToldWhatTheyRead: no seat of a closed task is told the text
// is hidden from it or from the judge, and every seat that is shown it
// gets it; a MAD judge whose quotes are not checked is not told they are;
// an open consultant is not told its answer was assigned.
func TestSeatsAreToldWhatTheyRead(t *testing.T) {
	x := mustParse(t, "seat-words.yaml", seatWordsExperiment)
	for _, req := range heardInPlay(t, x) {
		var prompt strings.Builder
		for _, m := range req.Messages {
			prompt.WriteString(m.Content)
		}
		text := prompt.String()
		for _, hidden := range []string{"cannot see", "only you can see", "only the debaters can see", "moderator and judge cannot"} {
			if strings.Contains(text, hidden) {
				t.Errorf("%s (%s) of a closed task is told %q", req.Name, req.Role, hidden)
			}
		}
		if !strings.Contains(text, "<article>") {
			t.Errorf("%s (%s) of a closed task is not shown the text", req.Name, req.Role)
		}
		if strings.Contains(text, "v_quote>…") && strings.Contains(text, "Affirmative") {
			t.Errorf("%s (%s) of MAD without verified quotes is told of verified quotes", req.Name, req.Role)
		}
		if req.Role == transcript.RoleConsultant && strings.Contains(text, "You argue for the answer you gave") == strings.Contains(text, "assigned to argue") {
			t.Errorf("%s: an open or assigned consultant is told both, or neither, of how its side was set", req.Name)
		}
	}
}

// TestOpenProtocolsJudgeIsNotToldOfAssignment: the judge and questioner of
// open consultancy and open debate are not told the sides were assigned at
// random: a seat there argues the answer it chose (Seat.Open).
func TestOpenProtocolsJudgeIsNotToldOfAssignment(t *testing.T) {
	x := mustParse(t, "open.yaml", `name: open
seed: 5
agents:
  strong: {backend: sim, skill: 0.8}
  judge: {backend: sim, skill: 0.5}
tasks:
  - {name: qa, generator: qa, n: 2, difficulty: 0.5}
protocols:
  - {name: open-consultancy, judge: judge, consultant: strong, interactive: true, rounds: 2}
  - {name: open-debate, judge: judge, debaters: strong, rounds: 1}
`)
	judged := 0
	for _, req := range heardInPlay(t, x) {
		if req.Role != transcript.RoleJudge && req.Role != transcript.RoleQuestioner {
			continue
		}
		judged++
		for _, m := range req.Messages {
			if strings.Contains(m.Content, "assigned") {
				t.Errorf("%s (%s) of an open protocol is told of an assignment: %q", req.Name, req.Role, m.Content)
			}
		}
	}
	if judged == 0 {
		t.Fatal("no judge or questioner was asked")
	}
}
