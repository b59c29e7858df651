// Package grade is pointwise grading (Judging the Judges, Thakur et al.
// 2024): exam-takers answer the question, each on its own, and the judge
// reads the question and one exam-taker's answer — not the other option —
// and grades it correct or incorrect. The judge's grade is read as the
// answer it implies (correct: the graded answer; incorrect: the other), so
// that its accuracy is agreement with the truth, and the record keeps the
// graded answer and the grade (transcript.Graded), from which analysis
// reads kappa, leniency, strictness and the ranking of the exam-takers.
//
// Unlike Thakur et al.'s judges, who read the reference answers beside the
// answer graded and were scored against human grades, the grader reads no
// reference unless the common reference setting gives it one (gold is
// their setting), and is scored against the gold label.
package grade
