package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// Bounds on what FuzzParse hands to Parse, so that an input stays cheap:
// Parse generates every question of every task.
const (
	fuzzMaxBytes     = 4 << 10
	fuzzMaxQuestions = 200
	fuzzSlowParse    = 5 * time.Second
)

func FuzzParse(f *testing.F) {
	seeds := []string{"testdata/small.yaml", "testdata/small-openai.yaml", "../experiments/quickstart.yaml"}
	bad, err := filepath.Glob(filepath.Join(badDir, "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range append(seeds, bad...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxBytes {
			t.Skipf("%d bytes; the fuzzer tries files of at most %d", len(data), fuzzMaxBytes)
		}
		if n := questionsAsked(data); n > fuzzMaxQuestions {
			t.Skipf("asks for %d questions; the fuzzer tries at most %d", n, fuzzMaxQuestions)
		}
		start := time.Now()
		x, err := Parse("fuzz.yaml", data)
		if d := time.Since(start); d > fuzzSlowParse {
			t.Errorf("Parse took %s; want under %s", d, fuzzSlowParse)
		}
		if err == nil {
			if len(x.Agents) == 0 || len(x.Tasks) == 0 || len(x.Protocols) == 0 {
				t.Fatalf("Parse accepted an experiment with %d agents, %d tasks, %d protocols", len(x.Agents), len(x.Tasks), len(x.Protocols))
			}
			// The lock file holds the experiment: written out again from
			// it, the experiment resolves to the same lock.
			checkLockRoundTrip(t, x)
			return
		}
		// Each fault, a line of its own, names the experiment file, or a
		// dataset file it names, first.
		for _, fault := range faults(err) {
			msg := fault.Error()
			if !errors.Is(fault, ErrBadInput) {
				t.Fatalf("error %q does not wrap ErrBadInput", msg)
			}
			var ie *InputError
			if !errors.As(fault, &ie) || ie.File == "" || !strings.HasPrefix(msg, ie.File) {
				t.Fatalf("error %q; want it to start with the file it is about", msg)
			}
			if strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("error %q spans lines; want one line a fault", msg)
			}
		}
	})
}

// questionsAsked adds up every "n" in data's mappings, the way Parse reads
// a task's n, or returns 0 if data is not YAML.
func questionsAsked(data []byte) int {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return 0
	}
	total := 0
	walkYAML(&doc, func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value != "n" && resolve(k).Value != "n" {
				continue
			}
			var q int
			if resolve(v).Decode(&q) == nil && q > 0 {
				total += min(q, 1<<30)
			}
		}
	})
	return total
}

// walkYAML calls visit on n and every node under it, not following
// aliases.
func walkYAML(n *yaml.Node, visit func(*yaml.Node)) {
	visit(n)
	for _, c := range n.Content {
		walkYAML(c, visit)
	}
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}
