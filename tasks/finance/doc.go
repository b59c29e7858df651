// Package finance generates finance questions over invented company
// filings: an income statement and a balance sheet over three years, a
// management discussion and notes, and a question about a derived figure —
// revenue growth, operating margin or the current ratio. The filing is the
// hidden context; its discussion states the figures an analyst would quote,
// for the asked year and the others. The distractor comes from a typical
// analyst's mistake: the wrong year, the wrong denominator or base period,
// gross for operating margin, or an inverted ratio.
//
// Following FailSafeQA, a task may perturb the query (misspelled,
// incomplete, or out-of-domain phrasing) and the context (OCR-degraded,
// irrelevant — another company's filing — or missing), so that protocols
// can be compared on robustness and grounding.
//
// Settings: difficulty (0–1, default 0.5: closer distractor figures stated
// in the filing), perturb_query (none, misspelled, incomplete,
// out-of-domain) and perturb_context (none, ocr, irrelevant, missing).
package finance
