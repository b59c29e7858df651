// Package report renders a run as one self-contained HTML page,
// report.html: the run's header and usage, the summary's tables (accuracy
// cells with their breakdowns, paired comparisons, position bias, debater
// win rates and Elo, usage), plots of judge accuracy and, when the judge
// gave probabilities, a reliability diagram, and a transcript browser with
// filters and a conversation view.
//
// The page needs no network: its CSS, JavaScript and SVG plots are inline,
// so it opens from a file. Plots are drawn with gonum.org/v1/plot into SVG;
// with many cells they are faceted (one figure a task, or a task and
// protocol) so that no plot has more than a few series, each in a colour
// of its own. Each figure offers its SVG, and a PNG the page draws from
// it, for download.
//
// The transcript browser reaches every episode of the run. The page holds
// an index of all of them (id, question, protocol, task, cell, judge,
// assignment, outcome, verdict), by column, packed: JSON compressed with
// raw deflate, in base64, which the script unpacks with
// DecompressionStream. The episodes themselves are packed in chunks of
// ChunkSize, in plan order: in the page for a run of up to InlineEpisodes,
// else in script files in EpisodesDir next to the page, which the script
// loads with a script element when an episode of the chunk is opened (a
// page opened from a file may not fetch; it may load a script). Such a
// page's Content-Security-Policy adds 'strict-dynamic', so that only
// scripts its own script adds may run; a chunk file is a call of the
// loader with base64 text and nothing else. The records carry a
// question's id and answers, not its text: the browser shows those and
// says so.
//
// All model text is untrusted. Server side, it only ever passes through
// html/template's contextual escaping, or into the packed base64 data. The
// values marked safe are the SVG that gonum draws from numbers and
// experiment-defined labels (reduced to a safe character set first, and
// escaped again by gonum), and the page's own style sheet and script,
// constants embedded in this package. In the browser, the script builds
// the transcript view with createElement and textContent only. A
// Content-Security-Policy that allows that one script, by its hash, and no
// other is a second line of defence.
//
// A summary field the page has no table for yet is shown as JSON under
// "More results"; summarySections is where its table goes. The judge's
// accuracy after each round is drawn when the summary's cells carry
// by_round, read through its JSON (roundCell).
//
// Write renders a Summary and episodes held in memory as one page;
// WriteFile renders a run folder, streaming transcripts.jsonl, and
// replaces report.html atomically. Its tables and plots always cover
// every episode.
package report
