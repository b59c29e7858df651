package archtest

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestTheMapNamesEveryPackage: docs/architecture.md, the living map of
// the code, names every package of the module by its path, so that a new
// package is placed on it as it lands (two were missing when this test
// was written): an entry of the map (a line that starts "cache/ ") or
// the path quoted as code (`protocols/protocoltest/critique`). The path
// alone in prose is not enough: "cache", "batch" or "report" is a word
// the map uses of other things, and a map without those entries passed.
func TestTheMapNamesEveryPackage(t *testing.T) {
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range moduleDeps(t, "../..") {
		if pkg == "." {
			continue
		}
		q := regexp.QuoteMeta(pkg)
		named := regexp.MustCompile("(?m)^" + q + "/\\s|`" + q + "`")
		if !named.Match(doc) {
			t.Errorf("docs/architecture.md does not name the package %s: say where it stands and what it does", pkg)
		}
	}
}

// TestThePlugInGuideNamesTheMap: every package is held to the map,
// a plug-in's too, shipped in the CLI or not (a scratch protocol a test
// alone imports): the guide to adding one says so before its kinds, where
// a newcomer reads it whichever kind he adds, not as a step of shipping a
// protocol alone (a new backend or task family then failed
// TestTheMapNamesEveryPackage with no word of it in its steps).
func TestThePlugInGuideNamesTheMap(t *testing.T) {
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	_, guide, _ := strings.Cut(string(doc), "\n## Adding a protocol, a backend, a task family\n")
	intro, _, _ := strings.Cut(guide, "\n- **")
	if !strings.Contains(intro, "`TestTheMapNamesEveryPackage`") {
		t.Errorf("docs/architecture.md's guide to adding a plug-in does not say, before its kinds, that every new package needs a line in the map (TestTheMapNamesEveryPackage)")
	}
}
