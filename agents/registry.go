package agents

import (
	"errors"

	"github.com/mootlab/moot/internal/registry"
)

// ErrUnknownBackend is returned for a backend name that is not registered.
var ErrUnknownBackend = errors.New("agents: unknown backend")

// Factory builds an agent from its settings block. decode fills a settings
// struct strictly (unknown keys are errors); the factory validates values
// and returns errors that name the field.
type Factory func(decode func(settings any) error) (Agent, error)

var backends = registry.New[Factory]("backend", ErrUnknownBackend)

// Register makes a backend available under name. It panics if the name is
// empty or already taken.
func Register(name string, f Factory) { backends.Register(name, f) }

// Lookup returns the factory registered under name, or an error that lists
// the known backends.
func Lookup(name string) (Factory, error) { return backends.Lookup(name) }

// Backends lists the registered backends.
func Backends() []string { return backends.Names() }
