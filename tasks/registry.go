package tasks

import (
	"errors"

	"github.com/mootlab/moot/internal/registry"
)

// ErrUnknownGenerator is returned for a generator name that is not registered.
var ErrUnknownGenerator = errors.New("tasks: unknown generator")

// Generator makes a reproducible list of questions.
//
// Generate must be deterministic in its seed and safe to call concurrently.
type Generator interface {
	Generate(seed uint64, n int) ([]Question, error)
}

// Factory builds a generator from its settings block. decode fills a
// settings struct strictly (unknown keys are errors); the factory validates
// the values and returns errors that name the field.
type Factory func(decode func(settings any) error) (Generator, error)

var generators = registry.New[Factory]("generator", ErrUnknownGenerator)

// Register makes a generator available under name. It panics if the name is
// empty or already taken.
func Register(name string, f Factory) { generators.Register(name, f) }

// Lookup returns the factory registered under name, or an error that lists
// the known generators.
func Lookup(name string) (Factory, error) { return generators.Lookup(name) }

// Generators lists the registered generators.
func Generators() []string { return generators.Names() }
