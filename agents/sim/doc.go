// Package sim is the simulated backend: debaters, consultants and judges
// whose behaviour follows from mechanics a researcher can read, not from a
// table of outcomes.
//
// A sim debater finds evidence in the hidden context with a chance set by
// its skill against the question's difficulty, cites it as quotes, and
// challenges the opponent's weakest claims. A sim judge reads only the
// judge-visible question and the transcript; it checks claims with a chance
// set by its diligence, trusts unverified quotes as far as its trust allows,
// and leans towards the first answer and longer arguments by its biases.
// docs/simulation.md describes the model.
//
// All randomness comes from the request's Seed, so a run is the same at any
// concurrency.
package sim
