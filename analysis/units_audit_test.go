package analysis

import (
	"math"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// pairedGroupRun is a direct cell and a debate cell over the questions
// qs, each question in the group groups[i] ("" for none): the direct
// judge wrong on each, the debate judge right on each.
func pairedGroupRun(qs, groups []string) []transcript.Episode {
	var eps []transcript.Episode
	for i, q := range qs {
		a := episode("direct", "direct", "t", "j", q, "direct", 1, "")
		b := episode("debate", "debate", "t", "j", q, "debate", 0, "")
		a.Group, b.Group = groups[i], groups[i]
		eps = append(eps, a, b)
	}
	return eps
}

var (
	auditDirect = CellKey{Protocol: "direct", Task: "t", Judge: "j"}
	auditDebate = CellKey{Protocol: "debate", Task: "t", Judge: "j"}
)

// A comparison of one question, in a group, is no comparison of groups:
// it says no groups, as a cell of one question does.
func TestAuditPairedOneGroupedQuestionSaysNoGroups(t *testing.T) {
	p := Compare(pairedGroupRun([]string{"q1"}, []string{"g1"}), auditDirect, auditDebate, 200, 1)
	if p.Questions != 1 || p.Groups != 0 {
		t.Errorf("one grouped question: questions %d, groups %d; want 1 and 0", p.Questions, p.Groups)
	}
}

// Two groups of two questions, each question's difference 1 (the direct
// judge wrong, the debate judge right): each group's mean difference is 1,
// so the interval is the discordance bound at d = 1 over 2 units,
// [1 − 2u, 1] with u the upper Wilson bound of 0 of 2, z²/(2 + z²).
func TestAuditPairedGroupsOfOneValueBoundByGroupMeans(t *testing.T) {
	p := Compare(pairedGroupRun([]string{"q1", "q2", "q3", "q4"}, []string{"g1", "g1", "g2", "g2"}),
		auditDirect, auditDebate, 200, 1)
	z2 := 1.959964 * 1.959964
	u := z2 / (2 + z2)
	if p.Groups != 2 || p.Difference != 1 || p.CIMethod != MethodDiscordance ||
		math.Abs(p.CILow-(1-2*u)) > 1e-9 || p.CIHigh != 1 {
		t.Errorf("groups %d, difference %v, %s [%v, %v]; want 2 groups, 1, %s [%v, 1]",
			p.Groups, p.Difference, p.CIMethod, p.CILow, p.CIHigh, MethodDiscordance, 1-2*u)
	}
}

// A group and a question of one task that share a name are two units of
// the ratings' bootstrap, not one.
func TestAuditEloQuestionKeepsGroupApartFromQuestion(t *testing.T) {
	g := eloQuestion(&transcript.Episode{Task: "t", QuestionID: "q1", Group: "x"})
	q := eloQuestion(&transcript.Episode{Task: "t", QuestionID: "x"})
	if g == q {
		t.Errorf("group x and question x of task t share the unit %q", g)
	}
	if a, b := eloQuestion(&transcript.Episode{Task: "t", QuestionID: "q1", Group: "x"}),
		eloQuestion(&transcript.Episode{Task: "t", QuestionID: "q2", Group: "x"}); a != b {
		t.Errorf("two questions of group x: units %q and %q; want one", a, b)
	}
}
