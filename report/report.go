package report

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/transcript"
)

// The files of a run folder that WriteFile reads and writes. The names are
// those of package sinks, which imports this package.
const (
	SummaryFile     = "summary.json"
	TranscriptsFile = transcript.FileName
	ReportFile      = "report.html"
)

// MaxEpisodes is the most episodes a page embeds in its transcript
// browser. A page of a larger run says so; its tables and plots still
// cover every episode.
const MaxEpisodes = 5000

// ErrNotRun is returned by WriteFile when the folder lacks a run's summary
// or transcripts.
var ErrNotRun = errors.New("report: not a run folder")

//go:embed templates/page.html
var templateFiles embed.FS

// The page's own style sheet and script: constants of this package, not
// data, and so inserted as they are.
var (
	//go:embed templates/report.css
	pageStyle string
	//go:embed templates/report.js
	pageScript string
)

// scriptHash is the page script's hash in the page's Content-Security-Policy,
// which lets that one script run and no other.
var scriptHash = func() string {
	h := sha256.Sum256([]byte(pageScript))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}()

var pageTemplate = template.Must(template.New("page.html").Funcs(templateFuncs).Funcs(template.FuncMap{
	"pageStyle":  func() template.CSS { return template.CSS(pageStyle) },
	"pageScript": func() template.JS { return template.JS(pageScript) },
	"scriptHash": func() string { return scriptHash },
}).ParseFS(templateFiles, "templates/page.html"))

// Write renders the report of a run: sum is the run's summary, eps its
// episodes in plan order. The page embeds the first MaxEpisodes of them.
func Write(w io.Writer, sum analysis.Summary, eps []transcript.Episode) error {
	b := newBuilder(MaxEpisodes)
	for i := range eps {
		b.add(&eps[i])
	}
	return b.renderFrom(w, sum, eps)
}

// renderFrom writes the page of episodes eps, added to b.
func (b *builder) renderFrom(w io.Writer, sum analysis.Summary, eps []transcript.Episode) error {
	return b.render(w, sum, func(show func(*transcript.Episode) error) error {
		for i := range eps[:b.shown] {
			if err := show(&eps[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteFile renders the run in runDir to runDir/report.html. It reads
// summary.json and streams transcripts.jsonl, skipping a last line cut
// short (as an interrupted run can leave). The report is written to a
// temporary file renamed into place, so an existing report.html is either
// replaced whole or left as it was. A missing summary or transcript log
// gives an error wrapping ErrNotRun.
func WriteFile(runDir string) error {
	sum, err := readSummary(filepath.Join(runDir, SummaryFile))
	if err != nil {
		return err
	}
	b := newBuilder(MaxEpisodes)
	path := filepath.Join(runDir, TranscriptsFile)
	if err := readEpisodes(path, b.add); err != nil {
		return err
	}
	// The episodes shown are read again as the page is written, rather
	// than held: memory stays flat however long the run.
	return atomicfile.Write(filepath.Join(runDir, ReportFile), func(w io.Writer) error {
		return b.render(w, sum, func(show func(*transcript.Episode) error) error {
			n := 0
			err := transcript.Scan(path, func(ep *transcript.Episode) error {
				if n == b.shown {
					return errShown
				}
				n++
				return show(ep)
			})
			if errors.Is(err, errShown) {
				return nil
			}
			return err
		})
	})
}

func readSummary(path string) (analysis.Summary, error) {
	var sum analysis.Summary
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return sum, fmt.Errorf("%w: %s has no %s", ErrNotRun, filepath.Dir(path), filepath.Base(path))
	}
	if err != nil {
		return sum, err
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		return sum, fmt.Errorf("report: %s: %w", path, err)
	}
	return sum, nil
}

// readEpisodes calls add with each episode of a transcript log, in file
// order, streaming it (transcript.Scan).
func readEpisodes(path string, add func(*transcript.Episode)) error {
	err := transcript.Scan(path, func(ep *transcript.Episode) error { add(ep); return nil })
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: %s has no %s", ErrNotRun, filepath.Dir(path), filepath.Base(path))
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// errShown stops reading episodes once those the page shows are written.
var errShown = errors.New("report: the episodes shown are written")

// builder collects what a page needs from a stream of episodes: the
// number (at most limit) shown in the transcript browser, their
// protocols, tasks… for its filters, and calibration counts of all. The
// episodes shown are not kept: render has them read again.
type builder struct {
	limit                    int
	total, shown             int
	protocols, tasks, judges orderedSet
	cells                    orderedSet // a sweep's; none without one
	outcomes                 map[string]int
	calibration              calibration
}

func newBuilder(limit int) *builder {
	return &builder{limit: limit, outcomes: map[string]int{}}
}

func (b *builder) add(ep *transcript.Episode) {
	b.total++
	b.calibration.add(ep)
	if b.shown >= b.limit {
		return
	}
	v := newEpisodeView(ep)
	b.shown++
	b.protocols.add(v.Protocol)
	b.tasks.add(v.Task)
	b.judges.add(v.Judge)
	if v.Cell != "" {
		b.cells.add(v.Cell)
	}
	b.outcomes[v.Outcome]++
}

// episodesMark stands in the rendered page for the episodes' JSON, which
// render writes in its place one episode at a time.
const episodesMark = "/*moot:episodes*/"

// render writes the page. episodes calls show with each of the b.shown
// episodes shown, in order; they are written as the JSON array that
// html/template would write for them (json.Marshal: HTML-safe, one line).
func (b *builder) render(w io.Writer, sum analysis.Summary, episodes func(show func(*transcript.Episode) error) error) error {
	pg, err := b.page(sum)
	if err != nil {
		return err
	}
	var page bytes.Buffer
	if err := pageTemplate.Execute(&page, pg); err != nil {
		return err
	}
	// The mark is sought from the end: only the page's own script follows
	// it, while text of the run (in the tables above) could hold it.
	at := bytes.LastIndex(page.Bytes(), []byte(episodesMark))
	if at < 0 {
		return errors.New("report: the page template has no place for the episodes")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(page.Bytes()[:at])
	bw.WriteByte('[')
	n := 0
	err = episodes(func(ep *transcript.Episode) error {
		data, err := json.Marshal(newEpisodeView(ep))
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		_, err = bw.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteByte(']')
	bw.Write(page.Bytes()[at+len(episodesMark):])
	return bw.Flush()
}
