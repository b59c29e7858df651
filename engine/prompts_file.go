package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mootlab/moot/protocols"
)

// overridePrompts replaces a protocol's shipped prompts with the template
// definitions in file (relative to the experiment file's folder), and
// returns the SHA-256 of its text (protocols.TemplateText) and the names
// of the templates it defines.
func (x *Experiment) overridePrompts(p protocols.Protocol, file string) (string, []string, error) {
	o, ok := p.(protocols.PromptOverrider)
	if !ok {
		return "", nil, errors.New("this protocol's prompts cannot be overridden")
	}
	name := file
	if !filepath.IsAbs(file) {
		file = filepath.Join(filepath.Dir(x.Path), file)
	}
	data, err := readLimited(file)
	if _, named := err.(*fs.PathError); err != nil && !named {
		return "", nil, fmt.Errorf("%s: %w", file, err)
	} else if err != nil {
		if advice := pathAdvice(name, err); advice != "" {
			return "", nil, fmt.Errorf("cannot read %q%s: %w", name, advice, err)
		}
		return "", nil, err
	}
	if !utf8.Valid(data) {
		return "", nil, fmt.Errorf("%s:%d: not UTF-8 text", file, firstInvalidLine(data))
	}
	// As a Windows editor or checkout leaves it, the file is the same
	// prompts, sent and hashed alike.
	text := protocols.TemplateText(data)
	if err := o.OverridePrompts(name, text); err != nil {
		var errs []error
		for _, e := range joined(err) {
			errs = append(errs, fmt.Errorf("%s: %w", file, e))
		}
		return "", nil, errors.Join(errs...)
	}
	sum := sha256.Sum256([]byte(text))
	defined, err := protocols.Blocks(name, text)
	if err != nil {
		return "", nil, err
	}
	var blocks []string
	for _, b := range defined {
		blocks = append(blocks, b.Name)
	}
	return hex.EncodeToString(sum[:]), blocks, nil
}

// joined is the errors err joins (errors.Join), or err alone.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// HasPromptsFile reports whether the protocol's prompts come from a
// prompts: file of the experiment's rather than the shipped templates.
func (p *ProtocolEntry) HasPromptsFile() bool { return p.promptsSHA256 != "" }

// firstInvalidLine is the line, from 1, of the first byte of data that
// is not UTF-8.
func firstInvalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// pathAdvice is what to add to err, which came of reading the file an
// experiment names as written: "" unless the file is missing and the
// path was written for a shell or for Windows, which moot does not read
// as such.
func pathAdvice(written string, err error) string {
	if !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	switch {
	case strings.HasPrefix(written, "~"):
		return " (~ is not expanded: write the path from the experiment file's folder, or in full)"
	case filepath.Separator != '\\' && strings.Contains(written, `\`):
		return " (write paths with /: here a backslash is part of a file's name)"
	}
	return ""
}

// HasPromptsFile says whether a protocol of x, in any sweep cell, reads a
// prompts: file.
func (x *Experiment) HasPromptsFile() bool {
	all := slices.Clone(x.Protocols)
	if x.Sweep != nil {
		for _, c := range x.Sweep.Cells {
			all = append(all, c.Protocols...)
		}
	}
	return slices.ContainsFunc(all, (*ProtocolEntry).HasPromptsFile)
}
