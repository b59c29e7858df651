// Package report renders a run as one self-contained HTML page,
// report.html: the run's header and usage, the summary's tables (accuracy
// cells with their breakdowns, paired comparisons, position bias, debater
// win rates and Elo, usage), plots of judge accuracy and, when the judge
// gave probabilities, a reliability diagram, and a transcript browser with
// filters and a conversation view.
//
// The page needs no network: its CSS, JavaScript and SVG plots are inline,
// so it opens from a file. Plots are drawn with gonum.org/v1/plot into SVG.
// The episodes travel in the page as JSON inside
// <script type="application/json" id="episodes">, encoded by html/template
// through encoding/json, whose HTML escaping writes every <, > and & as
// \u003c, \u003e and \u0026, so no text can close the element.
//
// All model text is untrusted. Server side, it only ever passes through
// html/template's contextual escaping. The values marked safe are the SVG
// that gonum draws from numbers and experiment-defined labels (reduced to
// a safe character set first, and escaped again by gonum), and the page's
// own style sheet and script, constants embedded in this package. In the
// browser, the script builds the transcript view with createElement and
// textContent only. A Content-Security-Policy that allows that one script,
// by its hash, and no other is a second line of defence.
//
// A summary field the page has no table for yet is shown as JSON under
// "More results"; summarySections is where its table goes.
//
// Write renders a Summary and episodes held in memory; WriteFile renders a
// run folder, streaming transcripts.jsonl, and replaces report.html
// atomically. A page embeds at most MaxEpisodes episodes (the first, in the
// order of the log, which is plan order for a finished run) and says so;
// its tables and plots always cover every episode. WriteFile reads the log
// twice, once for the counts and once to write the episodes shown, so that
// it holds no episode longer than it takes to write it.
package report
