package engine

import (
	"errors"

	"github.com/mootlab/moot/cache"
	"github.com/mootlab/moot/transcript"
)

// ErrCacheDamaged stops a run whose response cache met a damaged page: a
// file that opened, some of whose pages are not sound. Every later read
// of those pages fails alike, so the run stops at the first, as what it
// is, rather than fail episode after episode until max_failures.
var ErrCacheDamaged = errors.New("the response cache is damaged")

// cacheDamage is the policy that stops a run once its cache has met a
// damaged page (cache.Store.Damaged).
type cacheDamage struct{ s *cache.Store }

// damagePolicy returns the policy for the cache s, or nil for none.
func damagePolicy(s *cache.Store) Policy {
	if s == nil {
		return nil
	}
	return cacheDamage{s}
}

func (p cacheDamage) Start() error {
	if err := p.s.Damaged(); err != nil {
		return &cacheDamagedError{err}
	}
	return nil
}

// cacheDamagedError is ErrCacheDamaged with the cache's own error, which
// it reads as.
type cacheDamagedError struct{ err error }

func (e *cacheDamagedError) Error() string   { return e.err.Error() }
func (e *cacheDamagedError) Unwrap() []error { return []error{ErrCacheDamaged, e.err} }

func (p cacheDamage) Finish(*transcript.Episode) error { return p.Start() }
