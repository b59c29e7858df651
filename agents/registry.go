package agents

import (
	"errors"

	"github.com/mootlab/moot/internal/settings"
)

// ErrUnknownBackend is returned for a backend name that is not registered.
var ErrUnknownBackend = errors.New("unknown backend")

// Factory builds an agent from its settings block. decode fills a settings
// struct strictly (unknown keys are errors); the factory validates values
// and returns errors that name the field.
type Factory func(decode func(settings any) error) (Agent, error)

// Entry is a registered backend: what it is, its settings, and its
// factory. settings.Make makes one from the package's settings struct and
// defaults.
type Entry = settings.Entry[Agent]

var backends = settings.NewRegistry[Agent]("backend", ErrUnknownBackend)

// Register makes a backend available under name. It panics if the name is
// empty or already taken.
func Register(name string, e Entry) { backends.Register(name, e) }

// Lookup returns the factory registered under name, or an error that lists
// the known backends.
func Lookup(name string) (Factory, error) { return backends.Lookup(name) }

// Backends lists the registered backends.
func Backends() []string { return backends.Names() }

// FreeSettings lists the settings of backend that a run may resume with
// changed (settings.Free); none for a backend not registered.
func FreeSettings(backend string) []string {
	for _, e := range backends.Entries() {
		if e.Name == backend {
			return e.Free
		}
	}
	return nil
}

// Entries lists the registered backends in name order.
func Entries() []Entry { return backends.Entries() }
