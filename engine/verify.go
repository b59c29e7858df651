package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/analysis"
)

// ReferenceDir is where an experiment's reference results live.
func ReferenceDir(name string) string { return filepath.Join("results", name) }

// Verify runs x into a temporary folder (opts.Out is ignored) and compares
// its summary and Markdown table with the reference in refDir. It returns a
// description of every difference, or "" if there is none.
func Verify(ctx context.Context, x *Experiment, refDir string, opts Options) (string, error) {
	want, err := readSummary(filepath.Join(refDir, SummaryFile))
	if err != nil {
		return "", fmt.Errorf("engine: read reference: %w", err)
	}
	wantTable, err := os.ReadFile(filepath.Join(refDir, TableMarkdown))
	if err != nil {
		return "", fmt.Errorf("engine: read reference: %w", err)
	}
	tmp, err := os.MkdirTemp("", "moot-verify-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	opts.Out = tmp
	if _, err := Run(ctx, x, opts); err != nil {
		return "", err
	}
	got, err := readSummary(filepath.Join(tmp, SummaryFile))
	if err != nil {
		return "", err
	}
	gotTable, err := os.ReadFile(filepath.Join(tmp, TableMarkdown))
	if err != nil {
		return "", err
	}
	var diff string
	if !cmp.Equal(want, got) {
		diff += fmt.Sprintf("%s differs (-reference +this run):\n%s", SummaryFile, cmp.Diff(want, got))
	}
	if string(wantTable) != string(gotTable) {
		diff += fmt.Sprintf("%s differs (-reference +this run):\n%s", TableMarkdown, cmp.Diff(string(wantTable), string(gotTable)))
	}
	return diff, nil
}

func readSummary(path string) (analysis.Summary, error) {
	var s analysis.Summary
	data, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
