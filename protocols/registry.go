package protocols

import (
	"errors"

	"github.com/mootlab/moot/internal/settings"
)

// ErrUnknownProtocol is returned for a protocol name that is not registered.
var ErrUnknownProtocol = errors.New("protocols: unknown protocol")

// Factory builds a protocol from its settings block. decode fills a
// settings struct strictly (unknown keys are errors); the factory validates
// values and returns errors that name the field.
type Factory func(decode func(settings any) error) (Protocol, error)

// Entry is a registered protocol: what it is, in a sentence or two saying
// who speaks, what the judge sees, and how many assignments each question
// is played in; its settings; and its factory. settings.Make makes one
// from the package's settings struct and defaults.
type Entry = settings.Entry[Protocol]

var protocolRegistry = settings.NewRegistry[Protocol]("protocol", ErrUnknownProtocol)

// Register makes a protocol available under name. It panics if the name is
// empty or already taken. A settings block that leaves its label out gets
// name as its label before the protocol is built, so that the protocol, its
// templates (.Settings.Label) and the tables all read the same label.
func Register(name string, e Entry) { protocolRegistry.Register(name, labeledAs(name, e)) }

// labeledAs is e whose factory gives the protocol name as its label when
// the settings block gives none.
func labeledAs(name string, e Entry) Entry {
	build := e.New
	e.New = func(decode settings.Decode) (Protocol, error) {
		p, err := build(func(s any) error {
			if err := decode(s); err != nil {
				return err
			}
			if l, ok := s.(Labeled); ok {
				l.DefaultLabel(name)
			}
			return nil
		})
		if err == nil {
			p.Common().DefaultLabel(name) // settings that are not Labeled
		}
		return p, err
	}
	return e
}

// Labeled is a settings struct with a label: every shipped protocol's,
// through Common. A protocol whose settings are not gets its label after
// it is built, which its templates then do not see.
type Labeled interface {
	// DefaultLabel sets the label to name if it is empty.
	DefaultLabel(name string)
}

// RegisterVariants registers the two variants of one protocol, which share
// a settings block: name, described by doc and built by build(s, false),
// and variant, described by variantDoc and built by build(s, true) (debate
// and open-debate).
func RegisterVariants[S any](name, doc, variant, variantDoc string, defaults func() S, build func(s S, variant bool) Protocol) {
	Register(name, settings.Make(doc, defaults, func(s S) (Protocol, error) { return build(s, false), nil }))
	Register(variant, settings.Make(variantDoc, defaults, func(s S) (Protocol, error) { return build(s, true), nil }))
}

// Lookup returns the factory registered under name, or an error that lists
// the known protocols.
func Lookup(name string) (Factory, error) { return protocolRegistry.Lookup(name) }

// Names lists the registered protocols.
func Names() []string { return protocolRegistry.Names() }

// Entries lists the registered protocols in name order.
func Entries() []Entry { return protocolRegistry.Entries() }
