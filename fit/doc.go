// Package fit calibrates the sim: it finds the agents' and protocols'
// settings, within stated ranges, at which an experiment reproduces target
// judge accuracies — published ones, say — and says how well they are
// determined.
//
// A targets file (ParseTargets) names the parameters, each a setting
// written as a sweep key (agents.<agent>.<setting>; a protocol's settings
// are whole numbers, which a fit cannot vary) with its range, and the targets: a
// protocol (and optionally a task and an assignment) with the accuracy to
// reproduce and its 95% CI. Predict entries have the same form but are
// not fitted: they are what the fitted sim predicts, set beside the
// published value.
//
// Each evaluation plays the whole experiment with the settings put in
// (Model), through the same strict decoding as a run, at the experiment's
// seed: every evaluation sees the same random draws (common random
// numbers), so that two settings differ only by what was changed, and the
// objective is a deterministic function of the settings. The objective is
// the sum over targets of ((sim − target) / SE)², SE the target's CI
// half-width over 1.96; it is minimized by gonum's Nelder–Mead simplex
// (gonum.org/v1/gonum/optimize) over the parameters mapped onto the whole
// real line by a logistic transform of their ranges, so that the search
// never leaves them. The simplex suits an objective that, accuracy being
// a count, is piecewise constant and has no gradient.
//
// The fitted parameters' uncertainty is that of the targets and of the
// sim's own accuracies at the one seed it plays: the fit is repeated on
// bootstrap replicates of the targets, each redrawn from a normal
// distribution of its SE and the sim's at the fit (its SE over the
// condition's questions) together, and the spread of the refitted
// parameters (and of the predictions made with them) is reported.
package fit
