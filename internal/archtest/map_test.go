package archtest

import (
	"os"
	"regexp"
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
