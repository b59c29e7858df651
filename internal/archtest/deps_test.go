package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/mootlab/moot/"

// rules are the dependency rules of docs/architecture.md: a package whose
// path starts with from (the module path left out) may depend, directly
// or not, on no package whose path starts with any of never.
var rules = []struct {
	from  string
	never []string
	why   string
}{
	{"transcript", []string{""}, "the record types are the ground: they import nothing of the project"},
	{"tasks", []string{"agents", "engine", "protocols"}, "a task only makes questions"},
	{"analysis", []string{"agents", "engine", "tasks", "protocols"}, "analysis reads records only"},
	{"report", []string{"agents", "engine", "tasks", "protocols"}, "the report reads records and summaries only"},
	{"protocols", []string{"engine", "agents"}, "the engine drives protocols, not the reverse; a protocol calls no agent"},
	{"agents", []string{"engine", "protocols"}, "a backend knows nothing of episodes or protocols"},
	{"batch", []string{"engine", "protocols", "tasks"}, "batch mode decorates agents: it knows nothing of episodes or protocols"},
	{"engine", []string{"report", "analysis", "sinks", "protocols/"}, "the engine feeds sinks that cmd assembles, and names no protocol"},
	{"humanjudge", []string{"report", "analysis", "sinks", "protocols/"}, "a person judges what the engine shows the judge seat; cmd assembles the summary"},
	{"fit", []string{"report", "sinks", "cmd", "protocols/", "tasks/"}, "a fit plays experiments through the engine: it names no protocol or task family, and writes no run's files"},
}

// TestDependencyRules reads the imports of every non-test Go file of the
// module (so that the test cache notices a changed file) and checks each
// rule against each package's dependencies within the module, direct or
// not.
func TestDependencyRules(t *testing.T) {
	deps := moduleDeps(t, "../..")
	checked := map[string]int{}
	for pkg, ds := range deps {
		for _, r := range rules {
			if pkg != r.from && !strings.HasPrefix(pkg, r.from+"/") {
				continue
			}
			checked[r.from]++
			for d := range ds {
				for _, n := range r.never {
					if strings.HasPrefix(d, n) && d != r.from && !strings.HasPrefix(d, r.from+"/") {
						t.Errorf("%s depends on %s: %s", pkg, d, r.why)
					}
				}
			}
		}
	}
	for _, r := range rules {
		if checked[r.from] == 0 {
			t.Errorf("no package matches %q: the rule checks nothing", r.from)
		}
	}
}

// moduleDeps returns each package of the module under root (its path
// without the module prefix) with the set of module packages it depends
// on, directly or not, leaving out test files and testdata.
func moduleDeps(t *testing.T, root string) map[string]map[string]bool {
	t.Helper()
	direct := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		if direct[pkg] == nil {
			direct[pkg] = map[string]bool{}
		}
		for _, im := range f.Imports {
			if p, ok := strings.CutPrefix(strings.Trim(im.Path.Value, "\""), module); ok {
				direct[pkg][p] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]map[string]bool{}
	var visit func(pkg string, into map[string]bool)
	visit = func(pkg string, into map[string]bool) {
		for d := range direct[pkg] {
			if !into[d] {
				into[d] = true
				visit(d, into)
			}
		}
	}
	for pkg := range direct {
		all[pkg] = map[string]bool{}
		visit(pkg, all[pkg])
	}
	return all
}
