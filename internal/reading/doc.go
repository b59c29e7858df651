// Package reading holds the reading helpers that the sim agents and the task
// generators share: the key terms of a question, whether a sentence
// carries them, whether it names an answer, and a text's sentences.
//
// A generator uses them to check that the evidence it writes reads the way
// a sim agent will read it; keeping them here lets tasks and agents both
// use them without either importing the other.
package reading
