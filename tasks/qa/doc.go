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
//   - as many sentences of that shape naming the correct answer, the key
//     among them (the others as beside the point as the distractors);
//   - one or two sentences per answer that mention it in an irrelevant
//     context, drawn alike for both;
//   - filler sentences that mention neither answer.
//
// So both answers are named alike: a reader that counts names or sentence
// shapes learns nothing (TestCountingGivesNothingAway); only the key
// sentence holds every key term of the question. No two sentences say one
// thing of both answers.
//
// The question's evidence pool (tasks.Question.Evidence) holds, for each
// answer, the article's sentences naming it and two fabrications that the
// article does not hold: for the wrong answer the key sentence with the
// wrong value and a sentence of its own with its verb changed; for the
// correct answer two such altered sentences (with a hearsay lead, the key
// in another frame and one altered sentence).
//
// The generator is registered as "qa". Its settings are
//
//	difficulty: 0.5   # mean difficulty in [0, 1]
//	sentences: 10     # filler sentences per article, 0..200
//
// Question i depends only on the seed, i and the settings, so a longer run
// extends a shorter one.
package qa
