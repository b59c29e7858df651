package sinks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/report"
	"github.com/mootlab/moot/transcript"
)

// The files a Summary writes into a run's folder, beside the engine's
// transcripts.jsonl and config.lock.yaml.
const (
	SummaryFile   = report.SummaryFile
	TableMarkdown = "table.md"
	TableCSV      = "table.csv"
	ReportFile    = report.ReportFile
)

// Summary is the sink that summarises a run (analysis.Summarizer) and,
// when the run ends, writes its summary, tables and report into the run's
// folder.
type Summary struct {
	dir string
	z   *analysis.Summarizer
	sum analysis.Summary
}

// NewSummary returns the summary sink of a run of the named experiment
// into dir.
func NewSummary(dir, experiment string, seed uint64) *Summary {
	return &Summary{dir: dir, z: analysis.NewSummarizer(experiment, seed)}
}

// Episode adds one finished episode, resumed or new, to the tally.
func (s *Summary) Episode(rec *transcript.Episode, resumed bool) error {
	s.z.Add(rec)
	return nil
}

// Finish writes summary.json and the tables, then report.html, which
// reads them and the transcripts; stopped, if not "", marks the summary
// partial with the reason the run stopped early.
func (s *Summary) Finish(stopped string) error {
	s.sum = s.z.Summary()
	s.sum.Partial = stopped
	s.sum.Warnings = Warnings(s.sum)
	if err := WriteFiles(s.dir, s.sum); err != nil {
		return err
	}
	if err := report.WriteFile(s.dir); err != nil {
		return fmt.Errorf("sinks: report: %w", err)
	}
	return nil
}

// Summary returns the summary written by Finish.
func (s *Summary) Summary() analysis.Summary { return s.sum }

// WriteFiles writes the summary and tables, each through a temporary
// file renamed into place, so that no file is ever half written.
func WriteFiles(dir string, sum analysis.Summary) error {
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sum); err != nil {
		return err
	}
	var md, csv bytes.Buffer
	if err := analysis.WriteMarkdown(&md, sum); err != nil {
		return err
	}
	if err := analysis.WriteCSV(&csv, sum); err != nil {
		return err
	}
	for _, out := range []struct {
		name string
		data []byte
	}{{SummaryFile, js.Bytes()}, {TableMarkdown, md.Bytes()}, {TableCSV, csv.Bytes()}} {
		if err := atomicfile.WriteBytes(filepath.Join(dir, out.name), out.data); err != nil {
			return err
		}
	}
	return nil
}

// ReadSummary reads a summary.json.
func ReadSummary(path string) (analysis.Summary, error) {
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

// Diff compares the summary and Markdown table of the run in dir with the
// reference in refDir. It returns a description of every difference, or
// "" if there is none. With tolerance above 0 (runs against real models,
// whose answers vary), numbers in the summary need only agree within that
// absolute margin, token counts and costs are not compared, and neither is
// the table's text; otherwise everything must be equal, but for the
// usage's cached calls, retries and cost, which are never compared.
func Diff(refDir, dir string, tolerance float64) (string, error) {
	want, err := ReadSummary(filepath.Join(refDir, SummaryFile))
	if err != nil {
		return "", fmt.Errorf("sinks: read reference: %w", err)
	}
	wantTable, err := os.ReadFile(filepath.Join(refDir, TableMarkdown))
	if err != nil {
		return "", fmt.Errorf("sinks: read reference: %w", err)
	}
	got, err := ReadSummary(filepath.Join(dir, SummaryFile))
	if err != nil {
		return "", err
	}
	gotTable, err := os.ReadFile(filepath.Join(dir, TableMarkdown))
	if err != nil {
		return "", err
	}
	var diff string
	// How a run got its answers — from the response cache, after retries
	// or failed calls, at what cost — is its own bookkeeping, not a
	// result: a rerun through the cache, or against a server that
	// answered 429 more or less often, has the same results.
	opts := []cmp.Option{cmpopts.IgnoreFields(analysis.Usage{}, "CachedCalls", "Retries", "CostUSD", "FailedCalls")}
	if tolerance > 0 {
		opts = append(opts, cmpopts.EquateApprox(0, tolerance), cmpopts.IgnoreFields(analysis.Summary{}, "Usage"))
	}
	if !cmp.Equal(want, got, opts...) {
		diff += fmt.Sprintf("%s differs (-reference +this run):\n%s", SummaryFile, cmp.Diff(want, got, opts...))
	}
	if tolerance == 0 && string(wantTable) != string(gotTable) {
		diff += fmt.Sprintf("%s differs (-reference +this run):\n%s", TableMarkdown, cmp.Diff(string(wantTable), string(gotTable)))
	}
	return diff, nil
}
