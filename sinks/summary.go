package sinks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/internal/inputerr"
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
	// up links the pages the run is part of, from its report (Within),
	// and above is the folder of the replicated run it is a seed of.
	up    []report.Link
	above string
	// shard is the part of the plan the run plays (OfShard).
	shard string
}

// OfShard marks the run's summary, tables and report as those of a shard
// (moot run --shard): shard is its part of the plan, "2/4". It returns s.
func (s *Summary) OfShard(shard string) *Summary {
	s.shard = shard
	return s
}

// NewSummary returns the summary sink of a run of the named experiment
// into dir.
func NewSummary(dir, experiment string, seed uint64) *Summary {
	return &Summary{dir: dir, z: analysis.NewSummarizer(experiment, seed)}
}

// Within has the run's report link up to page: the replicated run's, for
// one of its seeds, whose folder is dir (which Open marks not finished).
// It returns s.
func (s *Summary) Within(page report.Link, dir string) *Summary {
	s.up = append(s.up, page)
	s.above = dir
	return s
}

// Open removes the summary, tables and report an earlier pass of the run
// wrote (engine.Opener): a resume appends to the log they describe, and
// one killed before Finish would leave them giving numbers the log no
// longer holds — the summary saying the run finished, whose log then
// holds a failure and its replay that readers of a finished run count
// twice. Without them the folder reads as a run not done until Finish
// writes them anew; moot table reads its log as it stands.
func (s *Summary) Open() error {
	if err := os.Remove(filepath.Join(s.dir, SummaryFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sinks: %w", err)
	}
	if err := RemoveDrawn(s.dir); err != nil {
		return err
	}
	if s.above != "" {
		// The replicated run's summary pools this seed's: it no longer
		// holds what the seed's log will.
		return MarkUnfinished(s.above, fmt.Sprintf("not finished: the replicate in %s was resumed and has not ended", filepath.Base(s.dir)))
	}
	return nil
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
	s.sum.Partial, s.sum.Shard = stopped, s.shard
	s.sum.Warnings = Warnings(s.sum)
	if err := WriteFiles(s.dir, s.sum); err != nil {
		return err
	}
	if err := report.WriteFileOf(s.dir, s.sum, s.up...); err != nil {
		return fmt.Errorf("sinks: report: %w", err)
	}
	return nil
}

// Summary returns the summary written by Finish.
func (s *Summary) Summary() analysis.Summary { return s.sum }

// WriteFiles writes the summary and tables, each through a temporary
// file renamed into place, so that no file is ever half written.
func WriteFiles(dir string, sum analysis.Summary) error {
	js, err := summaryJSON(sum)
	if err != nil {
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
	}{{SummaryFile, js}, {TableMarkdown, md.Bytes()}, {TableCSV, csv.Bytes()}} {
		if err := atomicfile.WriteBytes(filepath.Join(dir, out.name), out.data); err != nil {
			return err
		}
	}
	return nil
}

// summaryJSON is summary.json's text of sum.
func summaryJSON(sum analysis.Summary) ([]byte, error) {
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sum); err != nil {
		return nil, err
	}
	return js.Bytes(), nil
}

// readReference reads the reference summary.json at path, and says what
// of it no Summary field reads (an edited reference, or one another
// version of moot wrote), "" where everything is read: comparing decoded
// summaries would pass over it.
func readReference(path string) (analysis.Summary, string, error) {
	var s analysis.Summary
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &s)
	}
	if err != nil {
		return s, "", fmt.Errorf("sinks: read reference: %s: %w", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var strict analysis.Summary
	if err := dec.Decode(&strict); err != nil && strings.Contains(err.Error(), "unknown field") {
		return s, "has what this version of moot does not write: " + strings.TrimPrefix(err.Error(), "json: "), nil
	}
	return s, "", nil
}

// ReadSummary reads a summary.json.
func ReadSummary(path string) (analysis.Summary, error) {
	var s analysis.Summary
	data, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, Unreadable(path, err)
	}
	return s, nil
}

// Unreadable is the error of the summary at path that does not read
// (err): bad input, which no command reads as a run not done.
func Unreadable(path string, err error) error {
	return &inputerr.Error{File: path, Err: fmt.Errorf("does not read as a summary (%w): remove it to read the run as one not finished, or resume the run to write it again", err)}
}

// Diff compares the summary and tables of the run in dir with the
// reference in refDir. It returns a description of every difference, or
// "" if there is none. With tolerance 0 everything must be equal — the
// summary's numbers, table.md, and table.csv where the reference has one —
// but for the usage's cached calls, retries, failed calls and cost, which
// are never compared. With tolerance above 0 (runs against real models,
// whose answers vary) the summary's numbers need only agree within that
// absolute margin, and its usage (token counts, calls, cost) and the
// tables' text, whose rounded digits a margin would flip, are not
// compared (ToleranceLeavesOut).
func Diff(refDir, dir string, tolerance float64) (string, error) {
	want, extra, err := readReference(filepath.Join(refDir, SummaryFile))
	if err != nil {
		return "", err
	}
	got, err := ReadSummary(filepath.Join(dir, SummaryFile))
	if err != nil {
		return "", err
	}
	var diff string
	if extra != "" {
		diff += fmt.Sprintf("%s of the reference %s\n", SummaryFile, extra)
	}
	// How a run got its answers — from the response cache, after retries
	// or failed calls, at what cost — is its own bookkeeping, not a
	// result: a rerun through the cache, or against a server that
	// answered 429 more or less often, has the same results.
	opts := []cmp.Option{cmpopts.IgnoreFields(analysis.Usage{}, "CachedCalls", "Retries", "CostUSD", "FailedCalls")}
	if tolerance > 0 {
		// Up to tolerance inclusive: summary.json keeps four places, and
		// 0.845 − 0.825 is 0.020000000000000018 in floating point.
		opts = append(opts, cmpopts.EquateApprox(0, tolerance+1e-9), cmpopts.IgnoreFields(analysis.Summary{}, "Usage"))
	}
	if !cmp.Equal(want, got, opts...) {
		var r jsonDiffs
		cmp.Equal(want, got, append(opts, cmp.Reporter(&r))...)
		diff += fmt.Sprintf("%s differs (reference → this run):\n%s", SummaryFile, r.String())
	}
	if tolerance > 0 {
		return diff, nil
	}
	for _, name := range []string{TableMarkdown, TableCSV} {
		wantTable, err := os.ReadFile(filepath.Join(refDir, name))
		if errors.Is(err, os.ErrNotExist) && name == TableCSV {
			continue // a reference kept without it
		}
		if err != nil {
			return "", fmt.Errorf("sinks: read reference: %w", err)
		}
		gotTable, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return "", err
		}
		// A reference checked out or saved on Windows is the same table.
		wantTable = bytes.ReplaceAll(wantTable, []byte("\r\n"), []byte("\n"))
		if string(wantTable) != string(gotTable) {
			// Line by line, each line whole: go-cmp's diff of two strings
			// goes by bytes, and split a "·" in two.
			diff += fmt.Sprintf("%s differs (-reference +this run):\n%s", name,
				cmp.Diff(strings.Split(string(wantTable), "\n"), strings.Split(string(gotTable), "\n"), cmp.Comparer(func(a, b string) bool { return a == b })))
		}
	}
	return diff, nil
}

// ToleranceLeavesOut says what Diff does not compare with a tolerance
// above 0, for a command to tell its user.
const ToleranceLeavesOut = "with a tolerance, the usage (token counts, calls, cost) and the text of table.md and table.csv are not compared"
