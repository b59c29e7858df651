// Package society has the society-of-minds protocol of Du et al. 2023: N
// agents answer the question independently, then for several rounds each
// reads every answer given so far, the others' and its own, and may revise;
// the verdict is the majority vote of the final answers. With rounds: 0 it is the round-0
// majority vote, the baseline later work found explains most of the gain;
// with n: 1 and rounds: 0, a single agent answering alone.
package society
