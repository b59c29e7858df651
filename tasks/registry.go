package tasks

import (
	"errors"
	"io"

	"github.com/mootlab/moot/internal/inputerr"
	"github.com/mootlab/moot/internal/settings"
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

// Entry is a registered generator: what it makes, its settings, and its
// factory. Make makes one.
type Entry = settings.Entry[Generator]

var generators = settings.NewRegistry[Generator]("generator", ErrUnknownGenerator)

// Register makes a generator available under name. It panics if the name is
// empty or already taken.
func Register(name string, e Entry) { generators.Register(name, e) }

// Make returns the entry of a generator whose settings block is decoded
// over defaults(), so absent fields keep their default values, validated
// if *S has a Validate method, and then handed to build.
func Make[S any, G Generator](doc string, defaults func() S, build func(S) (G, error)) Entry {
	return settings.Make(doc, defaults, func(s S) (Generator, error) {
		g, err := build(s)
		if err != nil {
			// Not build's typed nil: callers compare the interface to nil.
			return nil, err
		}
		return g, nil
	})
}

// Lookup returns the factory registered under name, or an error that lists
// the known generators.
func Lookup(name string) (Factory, error) { return generators.Lookup(name) }

// Generators lists the registered generators.
func Generators() []string { return generators.Names() }

// Entries lists the registered generators in name order.
func Entries() []Entry { return generators.Entries() }

// ErrUnknownLoader is returned for a loader name that is not registered.
var ErrUnknownLoader = errors.New("tasks: unknown loader")

// ErrBadData is wrapped by every *DataError: it is inputerr.ErrBadInput,
// which the engine's errors about an experiment file wrap too.
var ErrBadData = inputerr.ErrBadInput

// LoadOptions are what a loader takes from the task entry besides its own
// settings.
type LoadOptions struct {
	// Task is the task's name: a question without an id of its own in the
	// file gets the id "<task>-<line>".
	Task string
	// Seed places the answers, picks the distractors and draws the sample.
	Seed uint64
	// N is the number of questions to sample; 0 takes them all.
	N int
	// SkipInvalid skips the invalid records of the file, and counts them,
	// instead of failing on the first.
	SkipInvalid bool
	// OnSkip, where set, is told the problem of each record SkipInvalid
	// skips, in file order, so that the caller can say which they were.
	OnSkip func(*DataError)
}

// ErrSampleSize is wrapped by a loader's error when LoadOptions.N asks
// for more questions than the file has, or fewer than one.
var ErrSampleSize = errors.New("tasks: bad sample size")

// Loader reads a dataset file into questions.
//
// Load reads the file at path from start to end once, and returns its
// questions in file order, the number of invalid records it skipped (only
// with SkipInvalid) and an error. A problem in the file's content is a
// *DataError naming the line and the field; no record is ever dropped
// without being counted. Load is deterministic in its arguments and the
// file's bytes, and safe to call concurrently.
type Loader interface {
	Load(path string, opts LoadOptions) (questions []Question, skipped int, err error)
}

// SetAsider is an optional capability of a Loader whose format has valid
// records that are not questions, such as the ties of a pairwise
// preference set, which a judge that must pick one answer can get neither
// right nor wrong. LoadSetAside is Load that also counts the records it
// set aside, by kind ("tie"); nil when there were none.
type SetAsider interface {
	LoadSetAside(path string, opts LoadOptions) (questions []Question, skipped int, setAside map[string]int, err error)
}

// Relabeler is an optional capability of a Loader: it writes a corrected
// copy of a file it reads, for an audit of the labels. Relabel copies the
// file at path to w with the gold answer of each question whose id is a
// key of gold changed to gold[id], which must be the other answer that
// question offers; every record it does not change is copied byte for
// byte. opts are the options the file was loaded with (its ids may depend
// on the task's name). An id the file does not hold, or a new gold answer
// that is not one of the record's other answers, is an error; w may then
// hold part of the copy.
type Relabeler interface {
	Relabel(path string, opts LoadOptions, gold map[string]string, w io.Writer) error
}

// LoaderFactory builds a loader from its settings block, as Factory does a
// generator.
type LoaderFactory func(decode func(settings any) error) (Loader, error)

// LoaderEntry is a registered loader: the format it reads, its settings,
// and its factory. settings.Make makes one.
type LoaderEntry = settings.Entry[Loader]

var loaders = settings.NewRegistry[Loader]("loader", ErrUnknownLoader)

// RegisterLoader makes a loader available under name, the format an
// experiment file names in a task's "loader" key. It panics if the name is
// empty or already taken.
func RegisterLoader(name string, e LoaderEntry) { loaders.Register(name, e) }

// LookupLoader returns the loader factory registered under name, or an
// error that lists the known loaders.
func LookupLoader(name string) (LoaderFactory, error) { return loaders.Lookup(name) }

// Loaders lists the registered loaders.
func Loaders() []string { return loaders.Names() }

// LoaderEntries lists the registered loaders in name order.
func LoaderEntries() []LoaderEntry { return loaders.Entries() }

// DataError is a problem at one place of a dataset file: its File, Line
// (0 for the whole file) and Field ("" for the whole record). It is the
// engine's InputError too.
type DataError = inputerr.Error
