package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/transcript"
)

// fileSafe keeps a name's letters, digits, '.' and '-' for a file name
// (Inspect splits log file names at '_').
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '-'
	}, s)
}

// writeInspect writes one Inspect log a protocol × task × judge into the
// folder out, named as Inspect names its logs (TIME_TASK_ID.json), in
// place of any earlier export of the same eval there. The logs' time is
// the transcript log's modification time: the record holds no clock.
func writeInspect(path, out string, o Options) (files []string, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	created := info.ModTime().UTC().Format(time.RFC3339)
	status := runStatus(filepath.Dir(path))
	runSum := sha256.Sum256([]byte(filepath.Base(filepath.Dir(filepath.Clean(path)))))
	runID := hex.EncodeToString(runSum[:8])
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	groups := map[[4]string]*inspectGroup{}
	defer func() {
		for _, g := range groups {
			g.tmp.Close()
			os.Remove(g.tmp.Name())
		}
	}()
	chunk := func(ep *transcript.Episode) (inspectChunk, error) { return newInspectChunk(ep, o) }
	err = transcript.ScanMap(path, scanWorkers, chunk, func(c inspectChunk) error {
		ep := c.ep
		// A sweep's cells are evals of their own: each has its settings.
		k := [4]string{ep.Protocol, ep.Cell, ep.Task, ep.Judge}
		g := groups[k]
		if g == nil {
			tmp, err := os.CreateTemp(out, ".samples.*")
			if err != nil {
				return err
			}
			g = &inspectGroup{protocol: ep.Protocol, kind: ep.Kind, cell: ep.Cell, task: ep.Task, judge: ep.Judge, tmp: tmp,
				w: bufio.NewWriterSize(tmp, 1<<16), usage: map[string]*inspectUsage{}, roles: map[string]*inspectUsage{}}
			groups[k] = g
		}
		return g.add(&c)
	})
	if err != nil {
		return nil, err
	}
	stamp := strings.ReplaceAll(created, ":", "-")
	for _, g := range groups {
		head := g.header(runID, created, status)
		name := fmt.Sprintf("%s_%s_%s.json", stamp, fileSafe(strings.Join(nonEmpty(g.protocol, g.cell, g.task, g.judge), "-")), head.Eval.EvalID)
		file := filepath.Join(out, name)
		if err := g.finish(file, head); err != nil {
			return nil, err
		}
		files = append(files, file)
	}
	if err := removeStale(out, runID, files); err != nil {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

// removeStale removes the logs in out of the run runID other than those
// just written (keep): those an export of an earlier state of the run
// wrote, under its transcript log's time then, and those of evals it no
// longer has (cells since added or gone, a sweep exported before its
// cells were evals of their own). A log is known by its header's run id,
// in its first kilobytes.
func removeStale(out, runID string, keep []string) error {
	logs, err := filepath.Glob(filepath.Join(out, "*.json"))
	if err != nil {
		return err
	}
	mark := []byte(`"run_id":"` + runID + `"`)
	for _, f := range logs {
		if slices.Contains(keep, f) {
			continue
		}
		head, err := readHead(f, 4096)
		if err != nil {
			return err
		}
		if bytes.Contains(head, mark) {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// readHead reads up to n bytes from the start of file.
func readHead(file string, n int) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	k, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:k], nil
}

// runStatus is the status of the run in dir as Inspect names an eval's:
// "success" for a run that ended, "cancelled" for one that stopped early
// (summary.json's partial), "started" for one that has no summary yet
// (still running, or killed) or one that cannot be read.
func runStatus(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		return "started"
	}
	var sum struct {
		Partial string `json:"partial"`
	}
	switch {
	case json.Unmarshal(data, &sum) != nil:
		return "started"
	case sum.Partial != "":
		return "cancelled"
	}
	return "success"
}

// finish writes the log file: the header, then the samples.
func (g *inspectGroup) finish(file string, header inspectLog) error {
	if err := g.w.Flush(); err != nil {
		return err
	}
	head, err := json.Marshal(header)
	if err != nil {
		return err
	}
	return atomicfile.Write(file, func(w io.Writer) error {
		w.Write(head[:len(head)-1]) // without its closing brace
		io.WriteString(w, `,"samples":[`)
		if _, err := g.tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.Copy(w, g.tmp); err != nil {
			return err
		}
		_, err := io.WriteString(w, "]}\n")
		return err
	})
}

// nonEmpty is the texts that are not "".
func nonEmpty(texts ...string) []string {
	return slices.DeleteFunc(texts, func(s string) bool { return s == "" })
}
