// Package cache is the response cache: every call to an agent that can be
// cached (agents.Keyer) is looked up by the hash of all that determines its
// answer before it is made, and stored after, in an embedded SQLite
// database (modernc.org/sqlite, pure Go, WAL mode). A repeated or resumed
// run makes no call twice.
//
// What is stored is the answer (text, probabilities, token usage) under
// its key; never a request's headers or an API key.
package cache
