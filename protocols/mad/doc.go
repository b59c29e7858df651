// Package mad has multi-agent debate after Liang et al. 2023: an
// affirmative debater who first answers the question itself and argues for
// that answer, a negative debater who argues against it, a moderator who
// after each round but the last says whether one side is clearly preferred
// — which ends the debate early (the adaptive break) — and a final judge
// whose verdict is the episode's. In Liang et al. the moderator's preferred
// answer is itself the final answer, and their judge is called only when
// the moderator prefers neither side after the last round: verdict:
// moderator plays it so (protocols.Settler), the moderator speaking after
// the last round too; by default the judge always decides, reading the
// moderator's preference as a view.
package mad
