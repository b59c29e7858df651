package loaders

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// scanCSV reads a CSV file record by record (a record may span lines; it
// is reported at the line where it starts). If header is not nil, the
// first record is the header and goes to header instead; a bad header
// stops the load, as does a quoting error. Empty lines are not records in
// CSV, and are passed over, and so are lines of white space or empty cells
// alone.
func scanCSV(header func(rec []string) error, parse func(rec []string) ([]item, error)) scanner {
	return func(r *bufio.Reader, add func(int, []item, error) error) error {
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		lineOf := func(col int) int {
			line, _ := cr.FieldPos(col)
			return line
		}
		first := true // no record read yet, the header included
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				if first && header != nil {
					return &atLine{0, errors.New("no header row: the file is empty")}
				}
				return nil
			}
			line := 0
			var pe *csv.ParseError
			switch {
			case errors.As(err, &pe):
				// A quote out of place can swallow the lines after it, so
				// this stops the load even when invalid records are
				// skipped.
				if pe.StartLine != pe.Line && errors.Is(pe.Err, csv.ErrQuote) {
					// A quoted field left open runs on: the error is met
					// lines below the record that opened it.
					return &atLine{pe.StartLine, fmt.Errorf("malformed CSV: the record that begins on this line runs on to line %d, column %d: %v (a quoted field left open, or a quotation mark inside one not doubled)", pe.Line, pe.Column, pe.Err)}
				}
				return &atLine{pe.Line, fmt.Errorf("malformed CSV at column %d: %v", pe.Column, pe.Err)}
			case err != nil:
				return err
			default:
				line = lineOf(0)
				for i, f := range rec {
					if !utf8.ValidString(f) {
						line = lineOf(i) + strings.Count(f[:invalidAt([]byte(f))], "\n")
						err = errors.New("not UTF-8: save the file as UTF-8 (a spreadsheet's \"CSV UTF-8\"), which moot reads")
						break
					}
					if at, what := strayCharacter(f); at >= 0 {
						line = lineOf(i) + strings.Count(f[:at], "\n")
						err = fmt.Errorf("column %d holds %s, which no question's text has: remove it", i+1, what)
						break
					}
				}
			}
			if err == nil && blankRow(rec) {
				// A line of spaces or tabs, or of commas alone (as a
				// spreadsheet leaves below its rows), holds no record, as
				// an empty line does not.
				continue
			}
			if err == nil && first {
				// A header so is a bad header; a first record, a record
				// of its own that skip_invalid may pass over.
				err = otherSeparator(rec)
			}
			if first && header != nil {
				if err == nil {
					err = header(rec)
				}
				if err != nil {
					return &atLine{line, err}
				}
				first = false
				continue
			}
			first = false
			var items []item
			if err == nil {
				items, err = parse(rec)
			}
			if err := add(line, items, err); err != nil {
				return err
			}
		}
	}
}

// cell returns column col of rec, trimmed; it must not be blank. name
// names the column in messages.
func cell(rec []string, col int, name string) (string, error) {
	if col >= len(rec) {
		return "", bad(name, "missing: the row has %d columns", len(rec))
	}
	s := strings.TrimSpace(rec[col])
	if s == "" {
		return "", bad(name, "empty")
	}
	return s, nil
}

// blankRow says whether every cell of rec is empty or white space.
func blankRow(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// otherSeparator says, of a file's first record, whether the file seems
// to separate its fields with something other than commas: one field
// holding semicolons or tabs, where every format moot reads has several.
// A spreadsheet saves "CSV" with semicolons in locales where the comma is
// the decimal mark.
func otherSeparator(rec []string) error {
	if len(rec) != 1 {
		return nil
	}
	for _, sep := range []struct{ char, name string }{{";", "semicolons"}, {"\t", "tabs"}} {
		if strings.Contains(rec[0], sep.char) {
			return fmt.Errorf("one column, holding %s: the file separates its fields with %s, where CSV takes commas; save it as CSV with commas", sep.name, sep.name)
		}
	}
	return nil
}
