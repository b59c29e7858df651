package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// faultyGenSettings name the one mistake of a generator a newcomer wrote.
type faultyGenSettings struct {
	Fault string `yaml:"fault"`
}

func (faultyGenSettings) Validate() error { return nil }

func init() {
	tasks.Register("faulty-gen", tasks.Make("a generator with one mistake, for TestLoadRefusesAFaultyGenerator",
		func() faultyGenSettings { return faultyGenSettings{} },
		func(s faultyGenSettings) (*tasks.Seeded[faultyGenSettings], error) {
			return tasks.NewSeeded(s, func(s faultyGenSettings, seed uint64, i int) (tasks.Question, error) {
				q := tasks.Question{Text: "Which?", Answers: [2]string{"left", "right"}, Context: "It is left."}
				switch s.Fault {
				case "correct":
					q.Correct = 2
				case "answers":
					q.Answers[1] = "left"
				}
				q, err := tasks.Stamp("faulty", seed, i, 0.5, q, nil)
				if s.Fault == "id" {
					q.ID = "same"
				}
				return q, err
			})
		}))
	tasks.RegisterFamily(transcript.Family("faulty"))
}

// TestLoadRefusesAFaultyGenerator: a generator no test lists whose
// questions break what every question keeps is refused as the experiment
// loads, naming the task and the question, where a correct answer out of
// range stopped the run midway with an index out of range, and two equal
// answers or ids were played.
func TestLoadRefusesAFaultyGenerator(t *testing.T) {
	checkLoadFaults(t, map[string]string{
		"":        "",
		"correct": "question 0 (faulty-1-0000): correct is 2; want 0 or 1, the index of the correct answer",
		"answers": `question 0 (faulty-1-0000): answers ["left" "left"]; want two, different`,
		"id":      `question 1 (same): id "same" empty or given before`,
	}, func(fault string) string {
		return "name: f\nseed: 1\nagents:\n  s: {backend: sim}\ntasks:\n  - {name: t, generator: faulty-gen, n: 3, fault: " + fault + "}\nprotocols:\n  - {name: direct, judge: s}\n"
	}, ":6: tasks[0]: generator faulty-gen made a question it may not: ")
}

// checkLoadFaults loads the experiment text(fault) makes for each fault,
// and wants it loaded where want is empty, else refused as bad input with
// an error of the file, then prefix, that holds want.
func checkLoadFaults(t *testing.T, faults map[string]string, text func(fault string) string, prefix string) {
	t.Helper()
	for fault, want := range faults {
		file := filepath.Join(t.TempDir(), "x.yaml")
		if err := os.WriteFile(file, []byte(text(fault)), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(file)
		if want == "" {
			if err != nil {
				t.Errorf("no fault: %v", err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), file+prefix) || !strings.Contains(err.Error(), want) || !errors.Is(err, ErrBadInput) {
			t.Errorf("fault %s: %v; want %q…%q, bad input", fault, err, file+prefix, want)
		}
	}
}
