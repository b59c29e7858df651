// Package analysis turns finished episodes into judge accuracy tables.
//
// It reads nothing but []transcript.Episode, so every number in a run's
// summary.json and tables can be rebuilt from transcripts.jsonl alone.
// Summarize groups episodes into cells (protocol × task × judge; SummarizeBy
// takes other groupings) and gives each cell its accuracy with a 95%
// confidence interval: a percentile bootstrap clustered by question where
// that is meaningful, the Wilson score interval otherwise. WriteText,
// WriteMarkdown and WriteCSV render a Summary; WriteComparisons and WriteElo
// render its comparisons and ratings.
//
// Beyond accuracy, each measure is a pure function of episodes, and the
// Summary carries the same numbers:
//
//   - Compare: the paired difference in accuracy of two cells on their
//     shared questions, with a bootstrap interval and a permutation p-value
//     (Summary.Comparisons);
//   - ComputePositionBias: consistency under swapped answer order, the
//     preference for the first slot, and pair-level accuracy (Cell.Position);
//   - ComputeCalibration: Brier score, ECE and reliability bins where the
//     judge gives probabilities (Cell.Calibration);
//   - DebaterRates: each of two distinct debaters' win rate on the correct
//     and on the incorrect side (Cell.Debaters);
//   - Elo and DebaterGames: Bradley–Terry ratings of debaters, split by the
//     side they argued, with bootstrap intervals (Summary.Elo);
//   - Kappa and JudgeAgreement: Cohen's kappa of two raters.
//
// Everything here is deterministic: the bootstraps and permutations draw
// from generators seeded by the experiment seed and a hash of what they
// measure, and floats in a Summary are rounded to four decimal places, so
// that the same transcripts always give byte-identical output, whatever
// order the episodes finished in.
package analysis
