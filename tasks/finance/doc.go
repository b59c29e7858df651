// Package finance generates finance questions over invented company
// filings: an income statement and a balance sheet over four years, a
// management discussion and notes, and a question about a derived figure
// of one of the last three years — revenue growth, operating margin or the
// current ratio. The filing is the hidden context; its discussion states
// two years of each figure, the asked year among them. The distractor is
// an analyst's mistake of period: the same figure of another year. (Other
// mistakes — a wrong denominator, gross for operating margin, an inverted
// ratio — err one way, so that the answers alone would tell the correct
// one.)
//
// The evidence pool holds the filing's sentences that state either
// answer, each for its answer, and for each answer one quote a deceptive
// speaker on its side may invent: the key sentence as the seats read it,
// with that answer's figure, framed by a lead of the speaker's own ("In
// short, …", tasks.InventedLead), the same for both; none where the
// company's filing is missing or another's is in its place. Until
// 2026-12-05 only the distractor had one, so that a quote marked
// unverified told the wrong side.
//
// Following FailSafeQA, a task may perturb the query (misspelled,
// incomplete, or out-of-domain phrasing) and the context (OCR-degraded,
// irrelevant — another company's filing — or missing), so that protocols
// can be compared on robustness and grounding.
//
// Settings: difficulty (0–1, default 0.5: the chance that the discussion
// states the distractor's year too, so that a reader must check the
// year), perturb_query (none, misspelled, incomplete, out-of-domain) and
// perturb_context (none, ocr, irrelevant, missing).
package finance
