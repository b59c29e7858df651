// Package critique is a two-round critique protocol: an answerer picks
// its own answer and argues for it, a critic objects to it, and the judge
// decides (critiques as an aid to human evaluators, Saunders et al.
// 2022).
//
// It is here to show, and to test, that a new protocol is one package: it
// registers itself in init, and a blank import of this package is all
// that a program or test needs to run it — transcripts, summary cells,
// breakdowns, comparisons, rejudging and the report included. moot's CLI
// does not import it.
package critique
