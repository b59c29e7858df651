package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// notRunFolder is the usage error for dir, which holds no run's
// transcripts (err says why); for the folder of a replicated run it says
// to name one replicate's folder.
func notRunFolder(dir string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		// A run folder all the same, that this user may not read: not bad
		// input, and not "not a run folder".
		return fmt.Errorf("%s: cannot read the run: %w", dir, err)
	}
	if seeds, _ := filepath.Glob(filepath.Join(dir, engine.ReplicateGlob, engine.TranscriptsFile)); len(seeds) > 0 {
		if _, serr := os.Stat(filepath.Join(dir, sinks.SummaryFile)); errors.Is(serr, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s holds a replicated run that did not finish, or is still running (its seeds' folders but no %s): the moot run that started it, run again, resumes it; moot table %s reads the seeds it has played; or name one seed's folder, such as %s",
				errUsage, dir, sinks.SummaryFile, engine.ShellWord(dir), filepath.Dir(seeds[0]))
		}
		return fmt.Errorf("%w: %s holds a replicated run, one run a seed: name one seed's folder, such as %s",
			errUsage, dir, filepath.Dir(seeds[0]))
	}
	if sum, ok := referenceFolder(dir); ok && errors.Is(err, fs.ErrNotExist) {
		// The repository keeps a run's summary and tables, not its log.
		run := "the experiment with --out " + engine.ShellWord(dir)
		if file := filepath.Join("experiments", sum.Experiment+".yaml"); fileExists(file) {
			run = engine.ShellWord(file) + " --out " + engine.ShellWord(dir)
		}
		return fmt.Errorf("%w: %s holds the summary and tables of a run (reference results, which moot verify compares with), not its transcripts: make the run first, with moot run %s", errUsage, dir, run)
	}
	if _, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
		// The folder itself, not a file in it: a misspelt name.
		return fmt.Errorf("%w: %s is not there: name a run's folder (the --out of moot run)", errUsage, dir)
	}
	return fmt.Errorf("%w: %s is not a run folder: %v", errUsage, dir, err)
}

// logError is why the transcripts of the run in dir cannot be read (nil
// where they can): none there, a folder in their place, or a file this
// user may not read. notRunFolder says what it means, as every command
// that reads a run says it.
func logError(dir string) error {
	f, err := os.Open(filepath.Join(dir, engine.TranscriptsFile))
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Read(make([]byte, 1)); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// fileExists reports whether path names a file.
func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
