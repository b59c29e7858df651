// Package tasks defines the Question that every task family produces and
// the registry of task generators.
//
// A task only makes questions: it never calls an agent and never scores a
// verdict. Generators are registered by name (see Register) and decode their
// own settings block from the experiment file.
package tasks
