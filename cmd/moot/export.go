package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/export"
)

func newExportCommand() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export RUN_DIR --format csv|parquet|jsonl|inspect [--out FILE]",
		Short: "Write a run as tables (one row an episode, one a message) or Inspect AI logs",
		Long: "export reads a run's transcripts and writes one row an episode — ids, protocol, assignment\n" +
			"split into order and variant, one column per sweep axis, P(correct), verdict, flags, rounds,\n" +
			"quote counts, tokens, cost — to FILE (default RUN_DIR/episodes.EXT), and one row a message\n" +
			"to FILE-messages.EXT. inspect writes Inspect AI eval logs, one a protocol × task × judge,\n" +
			"into the folder FILE (default RUN_DIR/inspect), for inspect view and Inspect's dataframes.\n" +
			"docs/export.md lists the columns.",
		Example: "  moot export results/quickstart --format csv\n" +
			"  moot export results/sweep-skill --format parquet --out /tmp/sweep.parquet\n" +
			"  moot export results/quickstart --format inspect && inspect view --log-dir results/quickstart/inspect",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			path := filepath.Join(args[0], engine.TranscriptsFile)
			if _, err := os.Stat(path); err != nil {
				return notRunFolder(args[0], err)
			}
			if out == "" {
				out = export.DefaultOut(args[0], f)
			}
			// --out in a folder not made yet: make it, as the default is.
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			files, err := export.Run(path, f, out, export.Options{Question: questionText(args[0])})
			if err != nil {
				return err
			}
			for _, file := range files {
				fmt.Fprintln(cmd.OutOrStdout(), file)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "csv, parquet, jsonl or inspect")
	cmd.Flags().StringVar(&out, "out", "", "the episodes file, or the folder of Inspect logs (default in RUN_DIR)")
	cmd.MarkFlagRequired("format")
	return cmd
}

// questionText gives the text of a run's questions from its question
// store; a run without one (written before the store) gives none.
func questionText(dir string) func(task, id string) string {
	qs, err := engine.ReadQuestions(dir)
	if err != nil {
		return nil
	}
	return func(task, id string) string { return qs[engine.QuestionKey(task, id)].Text }
}
