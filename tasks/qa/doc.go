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
//   - a decoy: the key fact with the wrong answer and one to three key
//     terms changed (another person, place, object or verb), fewer the
//     harder the question;
//   - distractor sentences, true in the article, that mention the wrong
//     answer: the decoy with key terms changed; harder questions have more
//     of them, and closer ones;
//   - as many sentences naming the correct answer, the key with key terms
//     changed as the distractors are the decoy (as beside the point);
//   - one or two sentences per answer that mention it in an irrelevant
//     context, drawn alike for both;
//   - filler sentences that mention neither answer.
//
// So both answers are named alike, each around a centre of its own: a
// reader that counts names or sentence shapes, or looks for the sentence
// the others vary, finds neither answer favoured beyond chance
// (TestCountingGivesNothingAway); only the key sentence holds every key
// term of the question. No two sentences
// say one thing of both answers.
//
// The question's evidence pool (tasks.Question.Evidence) holds, for each
// answer, the article's sentences naming it and two fabrications that the
// article does not hold: the other answer's centre with its value swapped
// in (for the wrong answer, the key sentence with the wrong value), and a
// sentence of its own with its verb changed (with a hearsay lead, the
// correct answer's second is the key in another frame, and the wrong
// answer's first is in the article, inside the hearsay).
//
// The generator is registered as "qa". Its settings are
//
//	difficulty: 0.5   # mean difficulty in [0, 1]
//	sentences: 10     # filler sentences per article, 0..200
//
// Question i depends only on the seed, i and the settings, so a longer run
// extends a shorter one.
package qa
