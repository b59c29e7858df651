// Package mad has multi-agent debate as Liang et al. 2023 ran it: an
// affirmative debater who first answers the question itself and argues for
// that answer, a negative debater who argues against it, a moderator who
// after each round says whether one side is clearly preferred — which ends
// the debate early (the adaptive break) — and a final judge.
package mad
