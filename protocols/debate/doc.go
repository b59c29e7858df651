// Package debate has the debate protocol of Irving et al. 2018 as run by
// Khan et al. 2024 and Kenton et al. 2024: two debaters who see the hidden
// context argue for the two answers over several rounds, simultaneously or
// in turn, and a judge who cannot see the context decides. By default every
// question is judged in both orders of the answers.
package debate
