package fit

// Result is a fit: the fitted parameters with their uncertainty, the
// residuals of the targets and the predictions of the held-out ones.
type Result struct {
	Parameters []Estimate `json:"parameters"`
	// Objective is Σ ((sim − target) / SE)² at the fit, over Residuals.
	Objective float64    `json:"objective"`
	Residuals []Residual `json:"residuals"`
	// Predictions are the predict: targets at the fitted parameters.
	Predictions []Residual `json:"predictions,omitempty"`
	// Bootstrap is the number of refits on redrawn targets behind the
	// intervals; Runs counts the experiment runs of the whole fit.
	Bootstrap int `json:"bootstrap"`
	Runs      int `json:"runs"`
	// Status is how gonum's Nelder–Mead ended the main fit.
	Status string `json:"status"`
}

// Estimate is one fitted parameter.
type Estimate struct {
	Name  string  `json:"name"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Start float64 `json:"start"`
	Value float64 `json:"value"`
	// SD, Low and High are the standard deviation and the 2.5% and 97.5%
	// quantiles of the bootstrap refits (0 without a bootstrap).
	SD   float64 `json:"sd"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// NoEffect is set when no fit target moved with the parameter over its
	// range (at its min and max, the others at their fitted values): the
	// targets do not pin it, and its value is only where the search began.
	// Low and High are then its range.
	NoEffect bool `json:"no_effect,omitempty"`
	// AtBound and NearBound are set, to "min" or "max", only where a fit
	// target the parameter moves is missed (outside its CI at the fit).
	// AtBound names the end of its range, one of the two alone, at which
	// the targets fit as well as at the fit or better (that end, the
	// others at their fitted values): the targets would take the parameter
	// there or past it, and the range, not they, stops it. With a
	// bootstrap, Low or High then reaches that end.
	AtBound string `json:"at_bound,omitempty"`
	// NearBound names the end that the fit lies within nearShare of (a
	// share of the range), where it is not AtBound: the search, on a
	// logistic scale, slows near an end, and a target it cannot reach
	// inside the range may leave it there, on a step of the staircase
	// that fits a little better than the end itself.
	NearBound string `json:"near_bound,omitempty"`
}

// nearShare is how near an end of its range, as a share of the range, a
// fitted parameter is marked NearBound: 5%, a logistic coordinate past ±3
// (the first simplex steps 1.5).
const nearShare = 0.05

// Residual is a target beside what the sim gives at the fit.
type Residual struct {
	Target Target `json:"target"`
	// Sim is the sim's accuracy over N judged episodes, and SimSE its SE
	// over the condition's questions (Count.SE): how far the sim's own
	// accuracy at another seed may lie from this one.
	Sim   float64 `json:"sim"`
	N     int     `json:"n"`
	SimSE float64 `json:"sim_se"`
	// Residual is Sim − Target.Accuracy; Z is Residual / Target.SE(),
	// the miss as the objective weighs it. ZWithSim is Residual /
	// √(SE² + SimSE²): the miss against the target's uncertainty and the
	// sim's own noise at this seed together, which is what tells a miss
	// beyond both (Khan's naive LLM judge: z −3.92, −2.10 counting the
	// sim's 4.8 points).
	Residual float64 `json:"residual"`
	Z        float64 `json:"z"`
	ZWithSim float64 `json:"z_with_sim"`
	// Empty is set where the sim judged no episode of the target's
	// condition (an open consultant that never chose wrong, for a target
	// of those that did): Sim is then no accuracy (0), and Residual the
	// farthest an accuracy can be from the target (max(p, 1 − p)), which
	// Z and the objective count, so that the search keeps to where the
	// condition the target measures happens. (Before 2026-12-03 such a
	// target read as an accuracy of 0%.)
	Empty bool `json:"empty,omitempty"`
	// Low and High are the 2.5% and 97.5% quantiles of Sim over the
	// bootstrap refits (0 without a bootstrap).
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Unmoved, for a fit target, is set when no single parameter moved it
	// (each at its min and at its max, the others at the fit) and it was
	// the same over every bootstrap refit: the fit is unlikely to bring it
	// nearer, and its z counts in the objective all the same.
	Unmoved bool `json:"unmoved,omitempty"`
	// FittedAs, for a prediction, names the fit target whose episodes it
	// names too (the same protocol, task and judge): its Sim is then a
	// fitted value, set beside another source's number, not held out.
	FittedAs string `json:"fitted_as,omitempty"`
}
