// Package transcript defines the episode record — one line of
// transcripts.jsonl — and reads and writes the log.
//
// The record holds everything analysis needs: tables can be rebuilt from
// transcripts alone, and a transcript can be judged again by another judge.
package transcript
