package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"unicode/utf8"

	"github.com/mootlab/moot/protocols"
)

// overridePrompts replaces a protocol's shipped prompts with the template
// definitions in file (relative to the experiment file's folder), and
// returns the file's SHA-256.
func (x *Experiment) overridePrompts(p protocols.Protocol, file string) (string, error) {
	o, ok := p.(protocols.PromptOverrider)
	if !ok {
		return "", errors.New("this protocol's prompts cannot be overridden")
	}
	name := file
	if !filepath.IsAbs(file) {
		file = filepath.Join(filepath.Dir(x.Path), file)
	}
	data, err := readLimited(file)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%s is not UTF-8 text", file)
	}
	if err := o.OverridePrompts(name, string(data)); err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// HasPromptsFile reports whether the protocol's prompts come from a
// prompts: file of the experiment's rather than the shipped templates.
func (p *ProtocolEntry) HasPromptsFile() bool { return p.promptsSHA256 != "" }
