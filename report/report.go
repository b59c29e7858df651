package report

import (
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
	"slices"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/internal/inputerr"
	"github.com/mootlab/moot/transcript"
)

// The files of a run folder that WriteFile reads and writes. The names are
// those of package sinks, which imports this package.
const (
	SummaryFile     = "summary.json"
	TranscriptsFile = transcript.FileName
	ReportFile      = "report.html"
)

// ErrNotRun is returned by WriteFile when the folder lacks a run's summary
// or transcripts.
var ErrNotRun = errors.New("not a run folder")

//go:embed templates/page.html templates/usage.html
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
}).ParseFS(templateFiles, "templates/page.html", "templates/usage.html"))

// Write renders the report of a run as one page: sum is the run's summary,
// eps its episodes in plan order. The page carries every episode.
func Write(w io.Writer, sum analysis.Summary, eps []transcript.Episode) error {
	b := newBuilder(len(eps), "")
	for i := range eps {
		b.add(&eps[i])
	}
	return b.render(w, sum)
}

// WriteFile renders the run in runDir to runDir/report.html. It reads
// summary.json and the questions' texts (questions.jsonl.gz, where the
// run has one) and streams transcripts.jsonl, skipping a last line cut
// short (as an interrupted run can leave). A run of more than
// InlineEpisodes episodes has its episodes written to chunk files in
// runDir/EpisodesDir; a smaller run's page carries them, and a stale
// EpisodesDir is removed. The report is written to a temporary file
// renamed into place, so an existing report.html is either replaced whole
// or left as it was. A missing summary or transcript log gives an error
// wrapping ErrNotRun. The page's header links each of up: the pages the
// run is part of (a replicated run's, for one of its seeds).
//
// The page's numbers are the run's summarized again from its transcripts
// as they are read (summary.json keeps four places, and a table rounding
// them again would round twice), with summary.json's partial mark and
// warnings; where that summary is not laid out as summary.json (a run
// stopped early, its log in the order its episodes finished; one of an
// older moot), summary.json's.
func WriteFile(runDir string, up ...Link) error {
	return writeFile(runDir, InlineEpisodes, nil, up...)
}

// WriteFileOf is WriteFile of the run whose summary, as made in this
// process, is sum (at the end of a run): its numbers are shown as they
// were made, and the transcripts are not summarized again.
func WriteFileOf(runDir string, sum analysis.Summary, up ...Link) error {
	return writeFile(runDir, InlineEpisodes, &sum, up...)
}

// WarnDamagedStore is the page's warning of a question store whose bytes
// are wrong (transcript.ErrDamaged): the page shows the questions past
// the damage without their text.
const WarnDamagedStore = "damaged_store"

// readQuestions reads the texts of the questions of the run in runDir
// for the page. A damaged store gives the texts before the damage, and
// its error as damaged: the page is drawn, and says which questions it
// shows without theirs.
func (b *builder) readQuestions(runDir string) (damaged, err error) {
	b.questions, err = transcript.ReadQuestionTexts(runDir)
	if errors.Is(err, transcript.ErrDamaged) {
		return err, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return nil, nil
}

func writeFile(runDir string, inline int, made *analysis.Summary, up ...Link) error {
	written, err := readSummary(filepath.Join(runDir, SummaryFile))
	if err != nil {
		return err
	}
	var z *analysis.Summarizer
	if made == nil {
		z = analysis.NewSummarizer(written.Experiment, written.Seed)
	}
	// A page's folder of episodes that a killed writer left.
	atomicfile.RemoveStale(runDir, "."+EpisodesDir+"-")
	chunks, err := atomicfile.MkdirTemp(runDir, "."+EpisodesDir+"-") // as a folder made by hand
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer os.RemoveAll(chunks) // gone once renamed into place
	b := newBuilder(inline, chunks)
	b.up = up
	damaged, err := b.readQuestions(runDir)
	if err != nil {
		return err
	}
	if err := readEpisodes(filepath.Join(runDir, TranscriptsFile), written.Partial != "", func(ep *transcript.Episode) {
		b.add(ep)
		if z != nil {
			z.Add(ep)
		}
	}); err != nil {
		return err
	}
	if made == nil && written.Partial == "" && written.Episodes > 0 {
		// A page drawn from a log that lost episodes (or gained some)
		// would not be the run's.
		log := filepath.Join(runDir, TranscriptsFile)
		if err := transcript.Miscounted(log, b.total, written.Episodes); err != nil {
			return &inputerr.Error{File: log, Err: err}
		}
	}
	sum := written
	switch {
	case made != nil:
		sum = *made
	default:
		again := z.Summary()
		again.Partial, again.Warnings, again.Shard = written.Partial, written.Warnings, written.Shard
		// Where the transcripts summarized again are not laid out as
		// summary.json (a run stopped early, whose log is in the order
		// its episodes finished; a run of an older moot, whose records
		// lack what makes some comparisons), the page is summary.json's.
		if sameLayout(again, written) {
			sum = again
		}
	}
	if damaged != nil {
		sum.Warnings = append(slices.Clone(sum.Warnings), analysis.Warning{Kind: WarnDamagedStore,
			Message: fmt.Sprintf("%v: the questions past the damage are shown without their text", damaged)})
	}
	files, err := b.store.finish()
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(runDir, ReportFile), func(w io.Writer) error {
		return b.render(w, sum)
	}); err != nil {
		return err
	}
	final := filepath.Join(runDir, EpisodesDir)
	if err := os.RemoveAll(final); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if files {
		if err := os.Rename(chunks, final); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
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
// order, streaming it and decoding its lines on every core
// (transcript.ScanParallel); of a run stopped early (partial), whose log
// may hold an episode's failure and its replay by a resume, the replay
// alone (transcript.Superseded). A summary that is not partial is of a log
// the run put in order, one record an episode (a resume removes the
// summary before it writes), so the pass over its ids (half a scan's time)
// is not made.
func readEpisodes(path string, partial bool, add func(*transcript.Episode)) error {
	err := transcript.ScanLatest(path, 0, partial, func(ep *transcript.Episode) error {
		add(ep)
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: %s has no %s", ErrNotRun, filepath.Dir(path), filepath.Base(path))
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// builder collects what a page needs from a stream of episodes: the index
// and chunks of every episode for the transcript browser, and the counts of
// the plots drawn from episodes.
type builder struct {
	total                    int
	index                    episodeIndex
	store                    chunkStore
	protocols, tasks, judges orderedSet
	cells                    orderedSet // a sweep's; none without one
	outcomes                 map[string]int
	calibration              calibration
	confidence               confidenceCounts
	// episodesByProtocol counts the episodes of each protocol, failed
	// ones too, for the cost per episode.
	episodesByProtocol map[string]int
	// up links the pages the run is part of (WriteFile).
	up []Link
	// questions are the texts of the run's questions (QuestionKey); nil
	// without a question store.
	questions map[string]transcript.QuestionText
}

// newBuilder returns a builder that keeps up to inline episodes in the
// page and writes the chunks of a larger run to dir ("": none).
func newBuilder(inline int, dir string) *builder {
	return &builder{store: chunkStore{inline: inline, dir: dir}, outcomes: map[string]int{}, episodesByProtocol: map[string]int{}}
}

func (b *builder) add(ep *transcript.Episode) {
	b.total++
	b.calibration.add(ep)
	b.confidence.add(ep)
	v := newEpisodeView(ep)
	if q, ok := b.questions[transcript.QuestionKey(ep.Task, ep.QuestionID)]; ok {
		v.Question, v.Exhibit = q.Text, q.Exhibit
	}
	b.index.add(&v)
	b.store.add(v)
	b.protocols.add(v.Protocol)
	b.tasks.add(v.Task)
	b.judges.add(v.Judge)
	if v.Cell != "" {
		b.cells.add(v.Cell)
	}
	b.outcomes[v.Outcome]++
	b.episodesByProtocol[v.Protocol]++
}

func (b *builder) render(w io.Writer, sum analysis.Summary) error {
	pg, err := b.page(sum)
	if err != nil {
		return err
	}
	defer b.index.close()
	sp := &splicer{w: w, fill: func(w io.Writer) error {
		if err := packTo(w, b.index.writeJSON); err != nil {
			return fmt.Errorf("report: packing the episode index: %w", err)
		}
		return nil
	}}
	if err := pageTemplate.Execute(sp, pg); err != nil {
		return err
	}
	return sp.close()
}

// episodeData packs the index and, when they are not in files, the chunks.
func (b *builder) episodeData() (episodeData, error) {
	files, err := b.store.finish()
	if err != nil {
		return episodeData{}, err
	}
	// The index is written in the page in place of this token (render).
	d := episodeData{Total: b.total, ChunkSize: ChunkSize, Index: indexToken}
	if files {
		d.ChunkDir = EpisodesDir
	} else {
		d.Chunks = b.store.packed
		if d.Chunks == nil {
			d.Chunks = []string{}
		}
	}
	return d, nil
}

// sameLayout says whether summaries a and b have the same cells, parts,
// comparisons, Elo players and sweep lines, in the same order.
func sameLayout(a, b analysis.Summary) bool {
	return slices.EqualFunc(a.Cells, b.Cells, func(x, y analysis.Cell) bool {
		return x.Key() == y.Key() && slices.EqualFunc(x.Breakdown, y.Breakdown, func(p, q analysis.Part) bool { return p.Assignment == q.Assignment })
	}) &&
		slices.EqualFunc(a.Comparisons, b.Comparisons, func(x, y analysis.Paired) bool { return x.A == y.A && x.B == y.B }) &&
		slices.EqualFunc(a.Elo, b.Elo, func(x, y analysis.Rating) bool { return x.Player == y.Player }) &&
		(a.Sweep == nil) == (b.Sweep == nil) &&
		(a.Sweep == nil || slices.EqualFunc(a.Sweep.Lines, b.Sweep.Lines, func(x, y analysis.SweepLine) bool {
			return x.Axis == y.Axis && x.Protocol == y.Protocol && x.Task == y.Task && x.Judge == y.Judge
		}))
}
