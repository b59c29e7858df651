// Package taskstest is shared test support for the question generators of
// tasks/…: see Conform and Decoder.
package taskstest
