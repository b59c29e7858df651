package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/internal/textwrap"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
)

// textWidth is the column at which long text is wrapped.
const textWidth = 88

// registered is one entry of a registry as the list commands show it.
type registered struct {
	Kind        string             `json:"kind"` // protocol, backend, generator or loader
	Name        string             `json:"name"`
	Description string             `json:"description,omitempty"`
	Settings    []settings.Setting `json:"settings"`
}

// describe lists a registry's entries as the list commands show them.
func describe[T any](kind string, entries []settings.Entry[T]) []registered {
	out := make([]registered, 0, len(entries))
	for _, e := range entries {
		out = append(out, registered{Kind: kind, Name: e.Name, Description: e.Doc, Settings: e.Settings})
	}
	return out
}

// listFormats are the --format values of the list commands; markdown is
// offered by protocols list only.
const (
	formatText     = "text"
	formatJSON     = "json"
	formatMarkdown = "markdown"
)

// textOrJSON refuses a --format other than text and json, for the
// commands that write no other.
func textOrJSON(format string) error {
	if format != formatText && format != formatJSON {
		return fmt.Errorf("%w: --format: want text or json, got %q", errUsage, format)
	}
	return nil
}

// newListCommand makes a list subcommand. With showKind, the text output
// names each entry's kind, for lists that mix kinds.
func newListCommand(short string, formats []string, showKind bool, list func() []registered) *cobra.Command {
	format := formatText
	cmd := &cobra.Command{
		Use:   "list",
		Short: short,
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(formats, format) {
				return fmt.Errorf("%w: --format: want one of %s, got %q", errUsage, strings.Join(formats, ", "), format)
			}
			return writeRegistered(cmd.OutOrStdout(), list(), format, showKind)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatText, "output format: "+strings.Join(formats, ", ")+" (json: one object an entry, a line each: JSON Lines)")
	return cmd
}

func writeRegistered(w io.Writer, entries []registered, format string, showKind bool) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case formatJSON:
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for _, e := range entries {
			if err = enc.Encode(e); err != nil {
				break
			}
		}
	case formatMarkdown:
		err = protocols.WriteDoc(bw)
	default:
		writeRegisteredText(bw, entries, showKind)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// writeRegisteredText writes each entry's name, description and settings:
// a line with each setting's name, type and default, and its meaning
// below it.
func writeRegisteredText(w io.Writer, entries []registered, showKind bool) {
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if showKind {
			fmt.Fprintf(w, "%s (%s)\n", e.Name, e.Kind)
		} else {
			fmt.Fprintln(w, e.Name)
		}
		if e.Description != "" {
			fmt.Fprintf(w, "%s\n\n", textwrap.Fill(e.Description, "  ", "  ", textWidth))
		}
		if len(e.Settings) == 0 {
			fmt.Fprintln(w, "  no settings")
			continue
		}
		// The meanings break the columns, so the widths are found first.
		var cols strings.Builder
		tw := tabwriter.NewWriter(&cols, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  setting\ttype\tdefault")
		for _, s := range e.Settings {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Name, s.Type, protocols.DefaultText(s))
		}
		tw.Flush()
		lines := strings.SplitAfter(cols.String(), "\n")
		fmt.Fprint(w, lines[0])
		for j, s := range e.Settings {
			fmt.Fprint(w, strings.TrimRight(lines[j+1], " \n")+"\n")
			if s.Doc != "" {
				fmt.Fprintln(w, textwrap.Fill(s.Doc, "      ", "      ", textWidth))
			}
		}
	}
}

func registeredProtocols() []registered {
	return describe("protocol", protocols.Entries())
}

func registeredBackends() []registered {
	return describe("backend", agents.Entries())
}

// registeredTasks lists the task generators and then the dataset loaders.
func registeredTasks() []registered {
	return append(describe("generator", tasks.Entries()), describe("loader", tasks.LoaderEntries())...)
}

func newProtocolsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "protocols", Short: "Describe the registered protocols"}
	list := newListCommand("List the protocols with their settings and defaults", []string{formatText, formatJSON, formatMarkdown}, false, registeredProtocols)
	list.Example = "  moot protocols list\n  moot protocols list --format markdown   # docs/protocols.md"
	cmd.AddCommand(list)
	return cmd
}

func newBackendsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "backends", Short: "Describe the registered agent backends"}
	cmd.AddCommand(newListCommand("List the agent backends with their settings and defaults", []string{formatText, formatJSON}, false, registeredBackends))
	return cmd
}

func newTasksCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "tasks", Short: "Describe the registered task generators and loaders, and show questions"}
	cmd.AddCommand(
		newListCommand("List the task generators and dataset loaders with their settings and defaults", []string{formatText, formatJSON}, true, registeredTasks),
		newTasksShowCommand(),
		newTasksTellCommand(),
	)
	return cmd
}
