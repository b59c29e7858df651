package settings

import "github.com/mootlab/moot/internal/registry"

// Registry holds the entries of one kind of plug-in (backends, protocols,
// generators, loaders) by name. It is safe for concurrent use.
type Registry[T any] struct {
	entries *registry.Registry[Entry[T]]
}

// NewRegistry returns an empty registry. kind names what it holds in
// messages; unknown is wrapped by the error of a failed Lookup.
func NewRegistry[T any](kind string, unknown error) *Registry[T] {
	return &Registry[T]{entries: registry.New[Entry[T]](kind, unknown)}
}

// Register makes e available under name, which becomes its Name. It panics
// if the name is empty or already taken.
func (r *Registry[T]) Register(name string, e Entry[T]) {
	e.Name = name
	r.entries.Register(name, e)
}

// Lookup returns the factory registered under name, or an error that lists
// the known names.
func (r *Registry[T]) Lookup(name string) (func(decode Decode) (T, error), error) {
	e, err := r.entries.Lookup(name)
	return e.New, err
}

// Names lists the registered names, sorted.
func (r *Registry[T]) Names() []string { return r.entries.Names() }

// Entries lists the registered entries in name order.
func (r *Registry[T]) Entries() []Entry[T] { return r.entries.Values() }
