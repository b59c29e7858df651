// Package registry is the one implementation behind moot's registries of
// backends, task generators and protocols: a name → factory map that fails
// loudly, as database/sql's driver registry does.
package registry

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Registry maps names to values of type T. It is safe for concurrent use.
type Registry[T any] struct {
	kind    string // "backend", "generator"… for messages
	unknown error  // the sentinel wrapped by Lookup's error
	mu      sync.RWMutex
	byName  map[string]T
}

// New returns an empty registry. kind names what it holds in messages;
// unknown is wrapped by the error of a failed Lookup.
func New[T any](kind string, unknown error) *Registry[T] {
	return &Registry[T]{kind: kind, unknown: unknown, byName: map[string]T{}}
}

// Register adds v under name. It panics on an empty or duplicate name: both
// are programming errors found at init.
func (r *Registry[T]) Register(name string, v T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "" {
		panic("registry: empty " + r.kind + " name")
	}
	if _, dup := r.byName[name]; dup {
		panic("registry: " + r.kind + " " + name + " registered twice")
	}
	r.byName[name] = v
}

// Lookup returns the value registered under name, or an error that wraps
// the registry's sentinel and lists the known names.
func (r *Registry[T]) Lookup(name string) (T, error) {
	r.mu.RLock()
	v, ok := r.byName[name]
	r.mu.RUnlock()
	if !ok {
		var zero T
		return zero, &unknownError{kind: r.kind, name: name, known: r.Names(), sentinel: r.unknown}
	}
	return v, nil
}

// unknownError is a failed Lookup's error. Its text names no package —
// the name is for the person who wrote it, in a file whose field the
// caller names — while it wraps the registry's sentinel, which does.
type unknownError struct {
	kind, name string
	known      []string
	sentinel   error
}

func (e *unknownError) Error() string {
	return fmt.Sprintf("unknown %s %q (known: %s)", e.kind, e.name, strings.Join(e.known, ", "))
}

func (e *unknownError) Unwrap() error { return e.sentinel }

// Names lists the registered names in order.
func (r *Registry[T]) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.namesLocked()
}

func (r *Registry[T]) namesLocked() []string {
	names := make([]string, 0, len(r.byName))
	for n := range r.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Values lists the registered values in the order of their names.
func (r *Registry[T]) Values() []T {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]T, 0, len(r.byName))
	for _, n := range r.namesLocked() {
		out = append(out, r.byName[n])
	}
	return out
}
