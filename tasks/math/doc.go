// Package math generates multi-step arithmetic word problems, in the manner
// of GSM8K-style tasks used in debate experiments: a short invented
// scenario, a question about the quantity left at the end, and two
// answers: the correct one and a distractor from a realistic slip.
//
// Every problem is built in code from a chain of integer steps: the first
// multiplies (containers times units each), the rest subtract, add, give
// away a fraction (an exact division), ship or buy whole containers (a unit
// conversion), or double and triple. Every quantity is a positive integer
// below MaxQuantity and every division is exact.
//
// The hidden context is the worked solution, one sentence per step, each
// stating "a op b = c" with its unit, followed by a final sentence that
// restates the whole problem with the answer, so that it holds every key
// term of the question. No step sentence does: none says "left".
//
// The distractor comes from a slip at the last step: the step dropped (the
// distractor is the intermediate result, which true solution sentences
// mention), the wrong operation, a count off by one, or a forgotten
// conversion from containers to units. Harder problems have more steps (2
// at difficulty 0 up to 5 at 1) and lean to the closer slips.
//
// The evidence pool holds, for the correct answer, the final sentence; for
// the distractor, the solution sentences that mention it (true but beside
// the point); and for each answer alike the quotes a deceptive speaker on
// its side may invent (not in the context): the final sentence stating
// that answer and, unless the slip is a dropped step, the last step worked
// out to it (the slipped step for the distractor, the true one for the
// correct answer), each framed by a lead of the speaker's own ("To sum up,
// …", tasks.InventedLead), one drawn for the question. Until 2026-12-05
// only the distractor had invented quotes (the final sentence with it
// swapped in, and the slipped step), so that a quote marked unverified
// told the wrong side, and the correct side's speakers could not lie.
//
// The generator is registered as "math". Its settings are
//
//	difficulty: 0.5   # mean difficulty in [0, 1]
//
// Question i depends only on the seed, i and the settings, so a longer run
// extends a shorter one.
package math
