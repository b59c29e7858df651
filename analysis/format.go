package analysis

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Format is an output format of the tables.
type Format string

// Formats of the tables.
const (
	FormatText     Format = "text" // terminal table with ASCII boxes
	FormatMarkdown Format = "markdown"
	FormatCSV      Format = "csv"
	FormatJSON     Format = "json"
)

// Formats lists the known formats.
var Formats = []Format{FormatText, FormatMarkdown, FormatCSV, FormatJSON}

// ErrUnknownFormat is returned for a format that is not one of Formats.
var ErrUnknownFormat = errors.New("unknown format")

// ParseFormat returns the Format named s, or an error that lists the known
// ones.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("%w %q (known: %s)", ErrUnknownFormat, s, strings.Join(names, ", "))
}

// WriteSummary writes the accuracy table of s in format f; JSON is the
// whole Summary, as in summary.json.
func WriteSummary(w io.Writer, s Summary, f Format) error {
	switch f {
	case FormatText:
		return WriteText(w, s)
	case FormatMarkdown:
		return WriteMarkdown(w, s)
	case FormatCSV:
		return WriteCSV(w, s)
	case FormatJSON:
		return writeJSON(w, s)
	}
	_, err := ParseFormat(string(f))
	return err
}

// WriteMarkdown writes s as Markdown, as a run's table.md has it: its
// tables, each with its note, then its warnings, where it has any
// (writeWarnings).
func WriteMarkdown(w io.Writer, s Summary) error {
	if err := writeMarkdownTables(w, s); err != nil {
		return err
	}
	return writeWarnings(w, s.Warnings)
}

// writeWarnings writes a summary's warnings as Markdown, a list under
// "**Warnings**", each in the words moot run prints it in on stderr after
// "moot: warning: "; nothing where there are none, so that a run without
// warnings has the table.md it always had.
func writeWarnings(w io.Writer, ws []Warning) error {
	if len(ws) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("\n**Warnings**\n\n")
	for _, x := range ws {
		b.WriteString("- " + x.Message + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeJSON writes v indented, without HTML escaping, as summary.json is.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// UncomparedNote says which comparisons the protocols' classes call for
// were left out for want of a question both cells judged
// (Summary.Uncompared).
func UncomparedNote(uncompared []string) string {
	return fmt.Sprintf("Not compared, no question judged in both (a cell whose episodes all failed, or cells that judged other questions: a person judges each question under one protocol of their slot, a sample or a shard only some): %s.", strings.Join(uncompared, "; "))
}

// pairedGroupsNote is what the notes of paired comparisons add where
// questions share groups.
const pairedGroupsNote = " Questions that share a group (an article, a prompt) are drawn, and swapped, together."

// ComparisonNote says how the comparisons were made.
func ComparisonNote(cs []Paired) string {
	note := fmt.Sprintf("Δ = B − A in judge accuracy on the questions both judged (each question weighs the same); "+
		"CI: 95%%, bootstrap over questions (%d resamples); p: two-sided paired permutation test (%d permutations)%s.",
		Resamples, Permutations, holmNote(len(cs), "comparison in the table", "comparisons of the table"))
	if slices.ContainsFunc(cs, func(p Paired) bool { return p.Groups > 1 }) {
		note += pairedGroupsNote
	}
	return note + markNotes(cs)
}

// holmNote says what the p Holm of a family of m tests is, after the
// sentence on p; many names them, one names the one of a family of one.
func holmNote(m int, one, many string) string {
	if m == 1 {
		return "; p Holm: p itself, with one " + one
	}
	return fmt.Sprintf("; p Holm: p adjusted by Holm's step-down method over the %d %s, "+
		"so that the chance of any false difference among those with p Holm < 0.05 is at most 5%%", m, many)
}

// markNotes explains the marks ‡ and † that the comparisons cs carry, if
// any: each sentence begins with a space.
func markNotes(cs []Paired) string {
	note := ""
	if slices.ContainsFunc(cs, func(p Paired) bool { return p.CIMethod == MethodDiscordance }) {
		each, units := "question's", "questions"
		if slices.ContainsFunc(cs, func(p Paired) bool { return p.CIMethod == MethodDiscordance && p.Groups > 1 }) {
			each, units = "question's (or group's)", "questions (or groups)"
		}
		note += fmt.Sprintf(" ‡: every %s Δ is the same, so every resample is too; the CI is then the bound "+
			"on Δ if at most the Wilson upper bound for 0 of the %s differed, by up to ±1.", each, units)
	}
	if slices.ContainsFunc(cs, Paired.Disagrees) {
		note += " †: the CI and the p-value disagree on whether Δ is 0, as they can with few " +
			"questions, where the percentile bootstrap's interval tends to be too narrow; read the p-value."
	}
	return note
}

// CIText is p's interval as the tables print it, in points, marked ‡
// where it is the discordance bound (ComparisonNote says why).
func (p Paired) CIText() string {
	t := fmt.Sprintf("[%+.1f, %+.1f]", 100*p.CILow, 100*p.CIHigh)
	if p.CIMethod == MethodDiscordance {
		t += " ‡"
	}
	return t
}

// PValueText is p's p-value as the tables print it, marked † where its
// interval disagrees with it (ComparisonNote says why).
func (p Paired) PValueText() string {
	if p.Disagrees() {
		return ftoa(p.PValue) + " †"
	}
	return ftoa(p.PValue)
}

// Disagrees says whether the interval and the p-value of p differ on
// whether the difference is 0 at 5%.
func (p Paired) Disagrees() bool {
	// As summary.json has them, so that one read from the file agrees.
	lo, hi, pv := round4(p.CILow), round4(p.CIHigh), round4(p.PValue)
	return (lo > 0 || hi < 0) != (pv < 0.05)
}

// ComparedB names a comparison's B in its row: by its protocol alone
// where it shares A's task, judge and cell, else with what it does not
// share.
func ComparedB(p Paired, bound map[CellKey]string) string {
	b := p.B.Protocol + bound[p.B]
	switch {
	case p.B.Task != p.A.Task || p.B.Judge != p.A.Judge:
		if p.B.Cell != p.A.Cell {
			return fmt.Sprintf("%s (%s, %s, %s)", b, p.B.Task, p.B.Judge, p.B.Cell)
		}
		return fmt.Sprintf("%s (%s, %s)", b, p.B.Task, p.B.Judge)
	case p.B.Cell != p.A.Cell:
		// A's task and judge, another cell: its cell alone (a protocol
		// no axis touches is shared by every cell).
		return fmt.Sprintf("%s (%s)", b, cmp.Or(p.B.Cell, "shared"))
	}
	return b
}

// WriteComparisons writes the paired comparisons of s in format f (JSON:
// the array of Paired). A row names B by its protocol alone when it shares
// A's task and judge.
func WriteComparisons(w io.Writer, s Summary, f Format) error {
	switch f {
	case FormatText, FormatMarkdown:
		header := []string{"Task", "Judge", "A", "B", "n", "Acc A", "Acc B", "Δ B−A", "95% CI", "p", "p Holm"}
		align := tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft,
			tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
		// A sweep compares protocols within each cell, named in a column
		// of its own; other runs keep the columns they always had.
		cells := slices.ContainsFunc(s.Comparisons, func(p Paired) bool { return p.A.Cell != "" })
		if cells {
			header = slices.Insert(header, 2, "Cell")
			align = slices.Insert(align, 2, tw.AlignLeft)
		}
		t, escape := newTable(w, f, align)
		rows := make([][]string, 0, len(s.Comparisons))
		bound := UpperBounds(s)
		for _, p := range s.Comparisons {
			accA, accB, diff := PairedShares(s, p)
			row := []string{escape(p.A.Task), escape(p.A.Judge), escape(p.A.Protocol + bound[p.A]), escape(ComparedB(p, bound)),
				strconv.Itoa(p.Questions), percent(accA), percent(accB), Points(diff),
				p.CIText(), p.PValueText(), p.PHolmText()}
			if cells {
				row = slices.Insert(row, 2, escape(p.A.Cell))
			}
			rows = append(rows, row)
		}
		return renderNotedTable(w, f, t, header, rows, ComparisonNote(s.Comparisons))
	case FormatCSV:
		cw := csv.NewWriter(w)
		rows := [][]string{{"a_protocol", "a_task", "a_judge", "b_protocol", "b_task", "b_judge",
			"questions", "accuracy_a", "accuracy_b", "difference", "ci_low", "ci_high", "p_value"}}
		cells := slices.ContainsFunc(s.Comparisons, func(p Paired) bool { return p.A.Cell != "" || p.B.Cell != "" })
		if cells {
			rows[0] = append(rows[0], "a_cell", "b_cell")
		}
		rows[0] = append(rows[0], "ci_method")
		agree := slices.ContainsFunc(s.Comparisons, func(p Paired) bool { return p.Agreement != nil })
		if agree {
			rows[0] = append(rows[0], "judges_agree", "agreement_items", "kappa", "kappa_ci_low", "kappa_ci_high")
		}
		unlike := slices.ContainsFunc(s.Comparisons, func(p Paired) bool { return p.UnlikeQuestions != nil })
		if unlike {
			rows[0] = append(rows[0], "unlike_questions")
		}
		// Last, where a reader of the columns before it by place finds
		// them as they were.
		rows[0] = append(rows[0], "p_holm")
		for _, p := range s.Comparisons {
			row := []string{p.A.Protocol, p.A.Task, p.A.Judge, p.B.Protocol, p.B.Task, p.B.Judge,
				strconv.Itoa(p.Questions), ftoa(p.AccuracyA), ftoa(p.AccuracyB), ftoa(p.Difference),
				ftoa(p.CILow), ftoa(p.CIHigh), ftoa(p.PValue)}
			if cells {
				row = append(row, p.A.Cell, p.B.Cell)
			}
			row = append(row, cmp.Or(p.CIMethod, MethodBootstrap))
			if agree {
				row = append(row, agreementFields(p.Agreement)...)
			}
			if unlike {
				row = append(row, "")
				if p.UnlikeQuestions != nil {
					row[len(row)-1] = strconv.Itoa(*p.UnlikeQuestions)
				}
			}
			row = append(row, optional(p.PHolm))
			rows = append(rows, row)
		}
		return cw.WriteAll(rows)
	case FormatJSON:
		return writeJSON(w, nonNil(Written(Summary{Comparisons: s.Comparisons}).Comparisons))
	}
	_, err := ParseFormat(string(f))
	return err
}

// agreementFields are a comparison's agreement columns: the share of
// items alike, their number, kappa and its interval (empty where kappa is
// undefined or has none, or where the judges are one; the share empty
// where there is no item).
func agreementFields(a *Agreement) []string {
	if a == nil {
		return []string{"", "", "", "", ""}
	}
	row := []string{ftoa(a.Agreement), strconv.Itoa(a.Items), "", "", ""}
	if a.Items == 0 {
		// Every episode both judged left out (a verdict unparsed): no
		// share, where 0 would read as judges that never agree.
		row[0] = ""
	}
	if a.KappaDefined {
		row[2] = ftoa(a.Kappa)
	}
	if ci := a.KappaCI; ci != nil {
		row[3], row[4] = ftoa(ci.CILow), ftoa(ci.CIHigh)
	}
	return row
}

// EloNote says how the ratings were made, and what the marks of the
// ratings rs mean; grouped is Summary.EloGrouped.
func EloNote(rs []Rating, grouped bool) string {
	over := "questions"
	if grouped {
		over = "questions" + GroupsNote
	}
	note := fmt.Sprintf("Bradley–Terry on the Elo scale, mean %d, Gaussian prior SD %d; "+
		"each debater rated separately on the correct and the incorrect side; "+
		"CI: 95%%, bootstrap over %s (%d resamples).", EloMean, EloPriorSD, over, Resamples)
	if slices.ContainsFunc(rs, func(r Rating) bool { return r.Unbounded != "" }) {
		note += " ∞: a player that never lost (or never won), in its games or in a 40th of the resamples or more " +
			"(a few losses, on few questions), has no bound on that side from its games, and one " +
			"whose every resample gives one rating (games all of one question, or the same on every question) none " +
			"on either; the prior alone holds the rating there."
	}
	if slices.ContainsFunc(rs, func(r Rating) bool { return r.Group > 0 }) {
		note += groupNote
	}
	return note
}

// groupNote is what a note of Elo ratings says of their Group column.
const groupNote = " Group: players of different groups never met, directly or through others; " +
	"each group is centred by the prior, and ratings compare only within a group."

// EloCIText is a rating's interval as the tables print it, ∞ on a side
// the games do not bound.
func EloCIText(r Rating) string {
	lo, hi := fmt.Sprintf("[%.0f", r.CILow), fmt.Sprintf("%.0f]", r.CIHigh)
	if r.Unbounded == UnboundedBelow || r.Unbounded == UnboundedBoth {
		lo = "(−∞"
	}
	if r.Unbounded == UnboundedAbove || r.Unbounded == UnboundedBoth {
		hi = "∞)"
	}
	return lo + ", " + hi
}

// WriteElo writes the debater ratings of s in format f (JSON: the array of
// Rating).
func WriteElo(w io.Writer, s Summary, f Format) error {
	switch f {
	case FormatText, FormatMarkdown:
		header := []string{"Player", "Elo", "95% CI", "Games", "Wins"}
		align := tw.Alignment{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
		grouped := slices.ContainsFunc(s.Elo, func(r Rating) bool { return r.Group > 0 })
		if grouped {
			header = append(header, "Group")
			align = append(align, tw.AlignRight)
		}
		t, escape := newTable(w, f, align)
		rows := make([][]string, 0, len(s.Elo))
		for _, r := range s.Elo {
			row := []string{escape(r.Player), fmt.Sprintf("%.0f", r.Rating), EloCIText(r), strconv.Itoa(r.Games), strconv.Itoa(r.Wins)}
			if grouped {
				row = append(row, groupText(r.Group))
			}
			rows = append(rows, row)
		}
		return renderNotedTable(w, f, t, header, rows, EloNote(s.Elo, s.EloGrouped))
	case FormatCSV:
		rows := [][]string{{"player", "rating", "ci_low", "ci_high", "ci_method", "games", "wins", "unbounded", "group"}}
		for _, r := range s.Elo {
			rows = append(rows, []string{r.Player, ftoa(r.Rating), ftoa(r.CILow), ftoa(r.CIHigh), cmp.Or(r.CIMethod, MethodBootstrap),
				strconv.Itoa(r.Games), strconv.Itoa(r.Wins), r.Unbounded, strconv.Itoa(r.Group)})
		}
		return csv.NewWriter(w).WriteAll(rows)
	case FormatJSON:
		return writeJSON(w, nonNil(Written(Summary{Elo: s.Elo}).Elo))
	}
	_, err := ParseFormat(string(f))
	return err
}

// newTable returns a table for FormatText or FormatMarkdown, and the escape
// for the free text in its cells.
func newTable(w io.Writer, f Format, align tw.Alignment) (*tablewriter.Table, func(string) string) {
	if f == FormatMarkdown {
		return newMarkdown(w, align), escapeMarkdown
	}
	return newText(w, align), func(s string) string { return s }
}

// nonNil makes an absent list an empty JSON array rather than null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// UpperBounds marks the cells of s whose judge read the gold answer, as
// the comparisons name them: MarkUpperBound by cell, "" for the rest.
func UpperBounds(s Summary) map[CellKey]string {
	out := map[CellKey]string{}
	for _, c := range s.Cells {
		if c.Reference != nil && c.Reference.UpperBound {
			out[c.Key()] = MarkUpperBound
		}
	}
	return out
}
