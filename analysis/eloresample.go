package analysis

import "math/rand/v2"

// resampleElo refits the ratings of np players on resamples draws of the
// questions with replacement, all games of a question together, and
// returns each player's ratings, one per resample.
func resampleElo(byQuestion [][]indexedGame, np, resamples int, seed uint64) ([][]float64, []openSides) {
	r := rand.New(rand.NewPCG(seed, hashStrings("elo")))
	wins := make([]float64, np*np)
	theta := make([]float64, np)
	samples := make([][]float64, np)
	for i := range samples {
		samples[i] = make([]float64, resamples)
	}
	open := make([]openSides, np)
	for s := range resamples {
		clear(wins)
		for range byQuestion {
			for _, g := range byQuestion[r.IntN(len(byQuestion))] {
				wins[g.winner*np+g.loser] += float64(g.n)
			}
		}
		refit(wins, theta)
		for i := range samples {
			samples[i][s] = EloMean + eloScale*theta[i]
		}
		countOpen(open, wins, np)
	}
	return samples, open
}

// openSides count the resamples in which a player played and never lost
// (unbeaten) or never won (winless): its rating there is bounded on that
// side by the prior alone.
type openSides struct{ unbeaten, winless int }

// countOpen adds the players unbeaten or winless in the games wins of
// one resample to open.
func countOpen(open []openSides, wins []float64, np int) {
	for i := range np {
		won, lost := 0.0, 0.0
		for j := range np {
			won += wins[i*np+j]
			lost += wins[j*np+i]
		}
		switch {
		case won > 0 && lost == 0:
			open[i].unbeaten++
		case won == 0 && lost > 0:
			open[i].winless++
		}
	}
}
