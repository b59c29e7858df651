// Package qa generates extractive questions with information asymmetry, in
// the manner of QuALITY as used by Khan et al. 2024 and Kenton et al. 2024:
// a short fictional article that only the debaters see, a question about one
// fact in it, and two answers.
//
// Every article is invented in code: people and places get names built from
// syllables, and the sentences come from small word lists and templates.
// Each article holds
//
//   - the key sentence, which states the fact the question asks about;
//   - distractor sentences, true in the article, that mention the wrong
//     answer but differ from the key fact in one or more key terms (another
//     person, place, object or verb); harder questions have more of them,
//     and closer ones;
//   - one or two sentences that mention the correct answer in an irrelevant
//     context, so that a reader cannot take the one sentence that names an
//     answer for the answer (the counts are not balanced, and only the
//     correct answer is named outside a key-fact-shaped sentence: a reader
//     that counts can tell; docs/simulation.md, The task);
//   - filler sentences that mention neither answer.
//
// The question's evidence pool (tasks.Question.Evidence) holds quotes for
// both answers: the key sentence and the irrelevant mentions for the correct
// answer; for the wrong one, the distractor sentences (verbatim but beside
// the point) and two fabrications that are not in the article: the key
// sentence with the wrong value, and a distractor with its verb changed.
//
// The generator is registered as "qa". Its settings are
//
//	difficulty: 0.5   # mean difficulty in [0, 1]
//	sentences: 10     # filler sentences per article, 0..200
//
// Question i depends only on the seed, i and the settings, so a longer run
// extends a shorter one.
package qa
