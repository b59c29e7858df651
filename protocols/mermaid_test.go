package protocols

import (
	"regexp"
	"strings"
	"testing"
)

// mermaidID is what Mermaid's stateDiagram lexer takes as a state id.
var mermaidID = regexp.MustCompile(`^(\[\*\]|[^:\s\-{]+)$`)

func TestMermaidSafe(t *testing.T) {
	m := RoundsMachine(2)
	in := "stateDiagram-v2\n    [*] --> round-1\n    judging --> done: verdict\n    round-1 --> round-2: to-round-2\n    round-2 --> judging: to-judging\n"
	got, err := mermaidSafe(in, m.Final)
	if err != nil {
		t.Fatal(err)
	}
	want := "stateDiagram-v2\n" +
		"    state \"round-1\" as round_1\n" +
		"    state \"round-2\" as round_2\n" +
		"    [*] --> round_1\n" +
		"    judging --> done: verdict\n" +
		"    round_1 --> round_2: to-round-2\n" +
		"    round_2 --> judging: to-judging\n" +
		"    done --> [*]\n"
	if got != want {
		t.Errorf("mermaidSafe:\n%s\nwant:\n%s", got, want)
	}
	for _, line := range strings.Split(strings.TrimSpace(got), "\n")[1:] {
		if strings.HasPrefix(strings.TrimSpace(line), "state ") {
			continue
		}
		src, rest, _ := strings.Cut(strings.TrimSpace(line), " --> ")
		dst, _, _ := strings.Cut(rest, ":")
		for _, id := range []string{src, dst} {
			if !mermaidID.MatchString(id) {
				t.Errorf("line %q: %q is not a mermaid state id", line, id)
			}
		}
	}
	if _, err := mermaidSafe("stateDiagram-v2\n    a-b --> a_b: x\n", "a_b"); err == nil {
		t.Error("two states that become one id: got no error")
	}
}
