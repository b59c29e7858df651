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

// fileSafe keeps a name's letters, digits and '.', '-', '@', '=', ',' and
// '+' for a file name; any other character becomes '-' (Inspect splits log
// file names at '_').
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(".-@=,+", r) || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '-'
	}, s)
}

// inspectFileName names a log as Inspect names its own:
// CREATED_TASK_TASKID.json, the time with '-' for ':', so that Inspect's
// list_eval_logs reads from the name the task and task_id the log holds.
func inspectFileName(created string, head *inspectLog) string {
	return fmt.Sprintf("%s_%s_%s.json", strings.ReplaceAll(created, ":", "-"), head.Eval.Task, head.Eval.TaskID)
}

// inspectRunID is the run_id of the logs of the run whose transcript log
// is at path: o.RunID, or without one a hash of the run folder's absolute
// path.
func inspectRunID(path string, o Options) (string, error) {
	if o.RunID != "" {
		return o.RunID, nil
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(dir))
	return hex.EncodeToString(sum[:8]), nil
}

// writeInspect writes one Inspect log a protocol × sweep cell × task ×
// judge into the folder out, in place of any earlier export of the same
// run there (removeStale). The logs' time is the transcript log's
// modification time: the record holds no clock. It makes out, and the
// folders above it, only once there is a log to write, and removes them
// again if it fails.
func writeInspect(path, out string, o Options) (files []string, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	runID, err := inspectRunID(path, o)
	if err != nil {
		return nil, err
	}
	created := info.ModTime().UTC().Format(time.RFC3339)
	status := runStatus(filepath.Dir(path))
	groups := map[[4]string]*inspectGroup{}
	undo := func() {}
	defer func() {
		for _, g := range groups {
			g.tmp.Close()
			os.Remove(g.tmp.Name())
		}
		if err != nil {
			undo()
		}
	}()
	chunk := func(ep *transcript.Episode) (inspectChunk, error) { return newInspectChunk(ep, o, runID) }
	n, err := scanLog(path, o.Warn, chunk, func(c inspectChunk) error {
		if err := stopped(o.Stop); err != nil {
			return err
		}
		ep := c.ep
		// A sweep's cells are evals of their own: each has its settings.
		k := [4]string{ep.Protocol, ep.Cell, ep.Task, ep.Judge}
		g := groups[k]
		if g == nil {
			if len(groups) == 0 {
				made, err := makeDir(out)
				if err != nil {
					return err
				}
				undo = made
			}
			tmp, err := os.CreateTemp(out, ".samples.*")
			if err != nil {
				return err
			}
			g = &inspectGroup{protocol: ep.Protocol, kind: ep.Kind, cell: ep.Cell, task: ep.Task, judge: ep.Judge, tmp: tmp,
				w: bufio.NewWriterSize(tmp, 1<<16), seenIDs: map[string]bool{}, usage: map[string]*inspectUsage{}, roles: map[string]*inspectUsage{}}
			groups[k] = g
		}
		return g.add(&c)
	})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		warnEmpty(o.Warn, path, "no Inspect log is written")
		return nil, nil
	}
	if err := stopped(o.Stop); err != nil {
		return nil, err // the last moment: the logs are put in place next
	}
	for _, g := range groups {
		head := g.header(runID, created, status, o.Seed)
		file := filepath.Join(out, inspectFileName(created, &head))
		if err := g.finish(file, head); err != nil {
			return nil, err
		}
		files = append(files, file)
	}
	if _, err := removeStale(out, append([]string{runID}, o.FormerRunIDs...), files); err != nil {
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
// in its first kilobytes. It returns how many it removed.
func removeStale(out string, runIDs, keep []string) (int, error) {
	logs, err := filepath.Glob(filepath.Join(out, "*.json"))
	if err != nil {
		return 0, err
	}
	runIDs = slices.DeleteFunc(slices.Clone(runIDs), func(id string) bool { return id == "" })
	removed := 0
	for _, f := range logs {
		if slices.Contains(keep, f) || len(runIDs) == 0 {
			continue
		}
		head, err := readHead(f, 4096)
		if err != nil {
			return removed, err
		}
		if slices.ContainsFunc(runIDs, func(id string) bool { return bytes.Contains(head, []byte(`"run_id":"`+id+`"`)) }) {
			if err := os.Remove(f); err != nil {
				return removed, err
			}
			removed++
		}
	}
	return removed, nil
}

// RemoveLogs removes the Inspect logs in the folder out of the run whose
// run ids are runIDs (a run discarded), and no other file, and returns how
// many it removed; a folder that does not exist holds none.
func RemoveLogs(out string, runIDs []string) (int, error) {
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	return removeStale(out, runIDs, nil)
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
	status, _ := runSummary(dir)
	return status
}

// runSummary is runStatus and the count of episodes summary.json gives
// the run (0 where it has none).
func runSummary(dir string) (status string, episodes int) {
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		return "started", 0
	}
	var sum struct {
		Partial  string `json:"partial"`
		Episodes int    `json:"episodes"`
	}
	switch {
	case json.Unmarshal(data, &sum) != nil:
		return "started", 0
	case sum.Partial != "":
		return "cancelled", sum.Episodes
	}
	return "success", sum.Episodes
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
