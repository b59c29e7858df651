// Package loaders turns standard dataset files into binary-choice
// questions (tasks.Question): the setting of Khan et al. 2024 and Kenton et
// al. 2024, a question with the correct answer and one distractor.
//
// Each format registers with tasks.RegisterLoader under its name, which an
// experiment file gives as a task's "loader":
//
//	quality   QuALITY JSONL: an article a line with its questions
//	          ("question_unique_id" or "question_id", "question", "options",
//	          a 1-based "gold_label"), as the release's htmlstripped files
//	          hold them, or a question a line beside its article's fields
//	          (tasksource/QuALITY on Hugging Face). The article is the
//	          hidden context; its questions share a group, "article_id"
//	          (or the article's hash where the record has none). An HTML
//	          article (the release's other files) and a question without
//	          gold_label (the test split) are errors saying what to read.
//	boolq     BoolQ JSONL: "question", "passage", "answer" (or SuperGLUE's
//	          "label") true or false ("label" also 1 or 0, as SuperGLUE's
//	          exports give it; -1, the test split's, is an error),
//	          optional "id" or "idx", and "title", the passage's page,
//	          which heads the hidden context (not evidence). Answers
//	          "yes" and "no"; the passage is the hidden context.
//	gsm8k     GSM8K JSONL: "question", and "answer", the worked solution
//	          ending "#### N". The correct answer is N; the solution,
//	          without its <<…>> calculator annotations, is the hidden
//	          context, as Kenton et al. gave debaters the solutions.
//	mmlu      MMLU CSV without a header: question, A, B, C, D, the letter
//	          of the correct choice; or, as exported from the Hugging
//	          Face copy, a header "question,choice0,…,answer" and the
//	          correct choice's index from 0; or the Hugging Face copy's
//	          records as JSON Lines or a JSON array: "question",
//	          "choices" (four), "answer" the index from 0 (or the
//	          letter). A header of other columns (Dataset.to_csv's
//	          "question,subject,choices,answer", the choices a list in
//	          one column) is an error at line 1. Closed: no context.
//	gpqa      GPQA CSV with a header naming at least "Question", "Correct
//	          Answer", "Incorrect Answer 1" to "3"; "Record ID" is the id
//	          if present. Every row has the header's number of columns
//	          (a comma in a cell not quoted is an error, not a shifted
//	          row). Closed.
//	cruxeval  CRUXEval JSONL: "id", "code", "input", "output" (output
//	          prediction). The judge sees the program and the input in the
//	          question; there is no hidden context. Family code.
//	finqa     FinQA or FailSafeQA JSON, an array of records or JSON Lines:
//	          "id", "question" and "answer" (or FinQA's "qa.question" and
//	          "qa.answer"), and "context", or "pre_text", "table" (rows of
//	          cells) and "post_text" (strings or lists of strings), which
//	          make the hidden context, each table row a line "a | b | c".
//	          Family finance.
//	jsonl     any JSONL, with the fields named in the settings: question,
//	          correct, incorrect (one answer or a list; each defaults to
//	          the field of its own name), and optionally context (null or
//	          empty in a record with none: a file may mix questions with a
//	          text and without), id, difficulty_field and group; family (qa, math, code or finance, or a
//	          family a generator registered; qa by default). A field may
//	          be a dotted path, "meta.id".
//	judgebench     JudgeBench JSON or JSONL: "pair_id", "question",
//	               "response_A", "response_B", "label" A>B or B>A.
//	rewardbench    RewardBench JSON or JSONL: "prompt", "chosen" (the
//	               better response), "rejected", optional "id"
//	               (RewardBench 2's lists of responses are an error).
//	mtbench-human  MT-Bench human judgments, JSON or JSONL: "question_id",
//	               "model_a", "model_b", "judge" (a name, or a list of
//	               names joined by "-"), "turn" (1 or 2),
//	               "conversation_a" and "conversation_b" (alternating
//	               user and assistant messages, the same user messages in
//	               both), "winner" model_a, model_b, tie, tie (bothbad)
//	               or, in the gpt4_pair split, tie (inconsistent).
//	               The id is "<question_id>-t<turn>-<model_a>-vs-<model_b>-<judge>";
//	               the pairs of one question_id share a group.
//
// # Pairwise preference sets
//
// The last three read pairwise judgments: a prompt (the question), two
// responses (the answers) and which is better (the correct answer). The
// file's A/B order is not kept: the seed places the better response, as
// for every loader, and a protocol with swap plays both orders, so
// position consistency and the swap-average apply as for QA. For a second
// turn of MT-Bench the prompt is both user turns and each response both of
// the model's answers, each under "Turn N:". Nothing is hidden: the judge
// reads the prompt and both responses.
//
// A tie (MT-Bench's tie, tie (bothbad) and GPT-4's tie (inconsistent),
// JudgeBench's A=B) is set aside:
// it is not a question, and the loader counts it by its label
// (tasks.SetAsider), which moot run and validate print and
// config.lock.yaml records under set_aside. A judge that must answer 1 or
// 2 can be neither right nor wrong on a tie; this is MT-Bench's agreement
// "without tie" (Zheng et al. 2023, which counts only the votes that are
// not ties), the number comparable with RewardBench's and JudgeBench's,
// whose pairs have a strict preference by construction.
//
// # Options that name the others
//
// An option of quality, mmlu or gpqa that names the other options — "All
// of the above", "None of these", "All of these options", "All of the
// options given are correct", "Both A and B", "A, B and C" — says
// something else, or nothing, beside a single other option, as a question
// of two answers shows it ("All of the above" beside one option is that
// option). As a wrong option it is no distractor; where it is the correct
// one, or no wrong option is left, the question is set aside and counted
// ("correct answer naming the other options", "no other option
// answering"), as ties are. Roman numerals (I and II only) name the
// question's own statements, and a bare None answers "how many": both
// are kept; so are letters the question uses as words, its own labels
// ("vitamins A and C", "segments A, B and C"), and lower-case ones but
// after both, either or neither ("both a and b"; "a and b" may be
// variables). In MMLU's test set 324 of 14,040 questions are set aside
// so (2.3%), and others lose such an option from their distractors.
//
// # Groups
//
// Questions that share material are not independent: a judge that
// misreads a QuALITY article misreads its questions together, and the
// model pairs and raters of one MT-Bench prompt are judged on one prompt.
// quality, mtbench-human and jsonl with its group setting give such
// questions a group (tasks.Question.Group), which each episode's record
// carries; the statistics then resample groups, not questions (the
// cluster bootstrap and permutation test of docs/statistics.md).
//
// # Corrected copies
//
// The jsonl loader and the pairwise ones can also write a corrected copy of
// a JSON Lines file they read (tasks.Relabeler, for moot audit --relabel):
// the gold answer of the questions named becomes the other answer the
// question showed — jsonl swaps the correct field with the incorrect one
// (or the element of its list) holding that answer, judgebench and
// mtbench-human name the other response in label or winner, rewardbench
// swaps chosen and rejected. Every other line is copied byte for byte; a
// changed record is encoded anew, its keys in name order.
//
// Every loader takes the setting difficulty (0.5 by default): a question's
// difficulty unless its record has one: for quality, the share of the
// record's "speed_validation" annotators who chose another option than
// most of its untimed ones ("validation", "untimed_answer"), read without
// the label, so that a flipped label leaves it as it was; for
// jsonl, the field difficulty_field names, which every record must then
// have (a record without it is an error naming the setting: a misspelt
// field would otherwise give every question the default).
//
// # Answers and distractors
//
// A question's id is the record's own ("question_unique_id", "id", "Record
// ID", the field the jsonl settings name…) or, when it has none,
// "<task>-<line>" ("<task>-<line>-<i>" for the i-th question of a QuALITY
// article; "<task>-<line>.<k>" for the k-th record of a JSON array to start
// on that line, k from 2, as in an array written without line breaks).
// Ids must be unique in a file. From the seed and the id alone,
// a question draws first its distractor and then the slot (0 or 1) of its
// correct answer, so the same file and seed always give the same
// questions, whatever else the file holds.
//
// The distractor is
//
//   - quality, mmlu, gpqa, jsonl: one of the wrong choices, distinct from
//     the correct answer (ignoring runs of white space, for a number how
//     it is written, and letter case except in mmlu's and gpqa's options,
//     where "BB Bb" and "Bb bb" are two genotypes: distinctWrong). With the quality setting distractor: best, the
//     option the record's annotators ("validation", untimed_best_distractor)
//     named the best distractor most often, as Khan et al. chose it (the
//     seed breaks a tie; without votes, any wrong option).
//   - boolq: the other of yes and no.
//   - gsm8k: an intermediate result of the worked solution that differs
//     from the answer: the result of a calculator annotation
//     (<<48/2=24>>), or when there are none, a number after an "=". If
//     there is none either, or with the setting distractor: nearby, the
//     answer moved: its significand (its digits as an integer, trailing
//     zeros dropped) by 1 to 10 percent of itself (drawn from the range,
//     not a whole percentage: a long significand moved by a whole one,
//     as FinQA's exe_ans of five decimals, left the two answers' ratio a
//     whole percentage, 1.09 to many digits, which told the answer moved
//     off — right in 97% of such records until 2026-12-05), at least 1, up
//     or down (drawn; up when down finds none above zero), on to the
//     nearest significand as round and of the same parity — ending in 5
//     where the answer's does, else in an even digit (not 0) where the
//     answer's is even, an odd one (not 5) where it is odd — so that it
//     keeps the answer's decimals, trailing zeros and last digit's kind
//     (72 moves to 64…82 less 70 and 80, 1,200 to 800 or 1,400, 50 to
//     150, 13.50 to 11.50…15.50, 2 to 4): never equal to the answer.
//     Numbers are written without thousands commas. What the two answers
//     alone tell (moot tasks tell on GSM8K's 1,319 test questions,
//     2026-12-05): with intermediates, the model is right in 63.2% [59.8,
//     66.4] and "the larger is correct" in 60.0%; with the answer moved by
//     a percentage and rounded, as before that day, the distractor was so
//     often the less round that "the rounder is correct" was right in
//     67%; moved as round to any last digit, 61–64% (GSM8K's answers are
//     more often even); as round and of the same parity, 56.6–58.3%
//     (seeds 1 to 3), the smaller being correct in 58%: a small
//     significand (2, 1, 5: 20, 100, 50) can only move up, and 8 or 9
//     crosses to a longer number (12, 11).
//   - finqa: a numeric answer (with an optional $ or %) is moved as in
//     gsm8k, and so is the number of one followed by words saying what
//     it counts ("$ 193 million", "101 stores created per year"), its
//     words kept; yes or no gets the other; any other answer needs the record's
//     "incorrect" (one answer or a list), which a numeric answer may also
//     give. A numeric answer and its distractor are written alike, in
//     gsm8k too: without thousands commas, the minus before the "$", and
//     without the space FinQA's tokenized texts put after "$" and before
//     "%" ("$ 1,234.50 million" reads "$1234.50 million", "16.8 %"
//     "16.8%").
//   - cruxeval: the output mis-traced, as a reader who traces the
//     program by hand and slips once would give it (mistrace): a
//     character or element at either end left out or taken twice, two
//     different neighbours swapped (not in a set or a dict, whose order
//     is no part of its value), a letter's case missed, a whole number
//     below 10 off by one (0 may become -1), a larger number moved as in
//     gsm8k, a float in exponent form (1e-05) with its significand so
//     moved or its exponent off by one, a boolean the wrong way, or one
//     element (a dict's value)
//     mis-traced so; each slip that applies is drawn alike. A tracer
//     copies the words the program and its input give and slips in what
//     it computes: of eight slips drawn, the first that keeps the
//     output's words the question holds (each as often) is taken, else
//     the first. An output with no slip (None, an empty string, [], {},
//     set(), b'ab', 1j) gets another record's output: of one character
//     or element of its kind for an empty one, else of its kind, else of
//     any; in a file of one record, None, or 0 for an output of None.
//     Until 2026-12-05
//     the distractor was another record's output first, which shares none
//     of the program's words: on the real CRUXEval file (800 records) the
//     answers alone told the correct one in 83.5% (moot tasks tell), the
//     one sharing more of the program's words being correct in 91% of the
//     questions it decided; mis-traced, 55–58% at seeds 1 to 3 (57.8%
//     [53.3, 62.1] at seed 3), the longer being correct in 38–43% (an
//     empty output's distractor can only be longer) and the one sharing
//     more of the program's words in 68–74% of the 90 or so it decides.
//
// # Sampling
//
// A task's n, if set, takes a sample of n questions: those whose ids rank
// lowest under a hash keyed by the seed, kept in file order. A larger n
// keeps the questions of a smaller one. Without n, every question is used.
//
// # Evidence
//
// A question with a hidden context gets an evidence pool for the sim
// agents, of verbatim quotes of the context (each a substring of it). The
// context is split into sentences line by line, as reading.Sentences splits a
// text, so a table row is a sentence of its own. A sentence that mentions
// one answer and not the other (whole words, ignoring case; a number as a
// number of its own, whatever its commas, $ or %) is a claim for that
// answer; of two numbers, a sentence that mentions both is a claim for the
// one it mentions last, as a line of a worked solution states its result
// last. At most 8 such sentences an answer are kept, those sharing the
// most words with the question. For an answer no sentence mentions, up to
// 3 sentences that share more of that answer's own words (not the
// question's, not the other answer's) than of the other's become its
// claims, those sharing the most words with the question and the answer
// first. When the answers are yes and no (or true and false), or neither
// answer got a claim this way (a computed number), the sentences sharing
// words with the question, most first, are claims for the answer the
// words lean to, up to 3 an answer: for yes and no, a sentence that
// negates (not, no, never, a word ending in n't…) speaks for no and any
// other for yes; for a computed number, which the sim does not work out,
// each sentence stands for the answer whose FNV hash with it is the lower,
// favouring neither. The pool is never told which answer the file calls
// correct: a wrong label gets the evidence its answer has in the text.
// Without a hidden context there is no evidence, and the sim agents argue
// without quotes.
//
// # Errors
//
// A loader reads its file once, streaming, and never passes over a record
// unnoticed: a line that is not JSON, a missing field or one of the wrong
// type, an answer index out of range, fewer than two distinct answers, a
// repeated id, bytes that are not UTF-8, a blank JSONL line before or
// between records (blank lines at the end of the file are passed over), an empty
// file are each a *tasks.DataError naming the file, the line and the
// field:
//
//	data/q.jsonl:7: questions[2].gold_label: 5 is out of range 1..4
//
// In a JSON array the field starts with the record's place in the array,
// from 0, since several records may share a line:
//
//	data/f.json:1: [41].answer: missing
//
// With skip_invalid, invalid records (a whole line, with all its questions)
// are skipped and counted instead; a syntax error in a JSON array, a
// quoting error in a CSV file, a JSONL line over 16 MiB or a JSON array
// written over several lines where JSON Lines are read still stops the
// load, as nothing after it can be read reliably. A byte-order mark at the
// start of a file is ignored, and so are empty lines in CSV, which are not
// records. A CSV cell or a JSON text holding a control character other
// than a tab or a line break (a NUL, an escape sequence), or a byte-order
// mark past the file's start (two files joined), is an invalid record, as
// is a JSON text with a tab or carriage return where a LaTeX command's
// unescaped backslash was (latexDamage), an id that spans lines, and a
// text that holds moot's quote markup (quotes.Tag); a file whose lines end in a
// carriage return alone (classic Mac OS) is refused whole, as it reads as
// one line. A BoolQ record with both answer and label must have them
// agree; a GSM8K solution must have one final "#### N" (a "####" heading
// before it is none).
package loaders
