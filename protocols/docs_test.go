package protocols_test

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/protocols"
)

var update = flag.Bool("update", false, "rewrite docs/protocols.md")

const protocolsDoc = "../docs/protocols.md"

// TestDoc checks that docs/protocols.md is what WriteDoc writes; -update
// rewrites it.
func TestDoc(t *testing.T) {
	var b bytes.Buffer
	if err := protocols.WriteDoc(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if *update {
		if err := os.WriteFile(protocolsDoc, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(protocolsDoc)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s is out of date (%s rewrites it); -file +generated:\n%s", protocolsDoc, protocols.DocCommand, diff)
	}
	for _, name := range protocols.Names() {
		if !strings.Contains(got, "## "+name+"\n") {
			t.Errorf("the document has no section for %s", name)
		}
	}
	if n, want := strings.Count(got, "```mermaid\nstateDiagram-v2\n"), len(protocols.Names()); n != want {
		t.Errorf("%d mermaid diagrams; want %d", n, want)
	}
	if n, want := strings.Count(got, "Prompt templates: `"), len(protocols.Names()); n != want {
		t.Errorf("%d lists of prompt templates; want %d", n, want)
	}
}
