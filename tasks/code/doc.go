// Package code generates output-prediction questions about short programs,
// in the manner of CRUXEval-style code tasks: the judge reads a program and
// is asked what it returns for an input; two answers are offered, the
// correct one and a distractor from a plausible mis-trace.
//
// The programs are written in a small language that this package parses and
// runs itself (Parse, Run), so the ground truth comes from execution and no
// untrusted code is ever run. A program is one function of one integer:
//
//	func tally(n) {
//	    let total = 6
//	    for i in range(2, n) {
//	        if i % 3 == 0 {
//	            total = total + i * 6
//	        } else {
//	            total = total + 4
//	        }
//	    }
//	    return total
//	}
//
// with let, assignment, for over a half-open range, while, if/else and
// return (a variable is declared once: a let run twice, as in a loop body,
// is an error); integers only, with + - * / % (Go's truncating division) and
// comparisons that give 1 or 0. Run counts statements and stops a program
// that does not end, and reports a value out of range rather than
// overflowing.
//
// The generator draws a program of one or two variables and a loop whose
// body may branch on the loop variable; harder questions (difficulty towards
// 1) run more passes (3 up to 9), keep a second variable and branch more
// often. Of two variables either is returned (the first's updates read the
// second). The program is the question's Exhibit: every role, the judge
// included, reads it, after a comment line saying that / and % truncate
// where the program uses either (a reader who knows Python takes 7 / 2 for
// 3.5; before 2026-12-03 nothing said so). The hidden context is the execution trace, one
// sentence a pass ("Pass i = 4: the if fails, so total = 72 and stock =
// 18.") and a closing sentence that names the call and its result, so that
// it holds every key term of the question. Every trace sentence can be
// checked by running the loop body once from the previous sentence's
// values.
//
// The distractor is the result of a mis-trace: one pass short (reading the
// range as ending a pass early: a true trace sentence states the value,
// beside the point), one pass too many (reading the range as inclusive), the
// last pass's condition misjudged, or the other variable returned. Harder
// questions lean to the misjudged branch; a pass short and a pass too many
// are drawn alike at every difficulty, so that neither the larger answer
// nor the smaller is the correct one more often (when harder questions
// leaned to the short count too, the larger was correct in 58.8% of them).
// The evidence
// pool holds, for the correct answer, the closing sentence; for the
// distractor, the true trace sentences that mention it; and for each
// answer alike the quotes a deceptive speaker on its side may invent (not
// in the trace): for the distractor the mis-traced sentences (the closing
// sentence with its result and, for a pass too many or a misjudged
// branch, that pass), for the correct answer as many of the same kinds
// from the true trace (the closing sentence, the last pass), each framed
// by a lead of the speaker's own ("In short, …", tasks.InventedLead), one
// drawn for the question. Until 2026-12-05 only the distractor had
// invented quotes, so that a quote marked unverified told the wrong side.
//
// With kind: spec, a question instead shows a spec in words ("return the
// sum of the decimal digits of n") and two functions, one that meets it
// and one with a plausible bug (a range one short, a loop that stops a digit
// early, a wrong operation), and asks which meets the spec. The truth is
// settled by running both against the spec's reference, computed in Go
// apart from the interpreter. The hidden context is the runs: inputs on
// which the two agree, the input that tells them apart with what each
// returns, and a closing sentence naming the function that gives the
// spec's value. Harder questions lean to the close bug and show more
// agreeing inputs first. Each function has two invented quotes in the
// pool, framed alike: the closing sentence naming it, with what it
// returns for the telling input as the spec's value, and it said to
// return the spec's value there (false of the buggy one; of the other, a
// misquote of its true run).
//
// The generator is registered as "code". Its settings are
//
//	difficulty: 0.5   # mean difficulty in [0, 1]
//	kind: output      # output, spec, or mixed (each question either)
//
// Question i depends only on the seed, i and the settings, so a longer run
// extends a shorter one.
package code
