// Package humanjudge lets a person judge a run's episodes in the browser,
// as the protocol's judge would (moot judge): it assigns the episodes of a
// study to each annotator, serves the page on which they judge, and
// appends each verdict at once to the annotator's run, a rejudged run whose
// judge is human:NAME (docs/human-judging.md).
//
// What the page shows of an episode is the engine's judge request
// (engine.JudgeSeat): the question, the answers in the order the judge saw
// them, the exhibit, the context only where the protocol's judge reads
// it, and the turns read with their quotes marked. Nothing the server
// sends holds the gold label, the hidden context, a seat's agent or
// another judge's verdict; model text reaches the page as JSON strings
// that the page sets as text, never as HTML.
package humanjudge
