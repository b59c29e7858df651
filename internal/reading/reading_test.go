package reading

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"testing"
)

func TestKeyTerms(t *testing.T) {
	tests := []struct {
		name     string
		question string
		want     []string
	}{
		{
			name:     "generated question",
			question: "What color was the lantern that Ortha Ashby carried to Kessmoor?",
			want:     []string{"lantern", "ortha", "ashby", "carried", "kessmoor"},
		},
		{
			name:     "asked word material and function words",
			question: "What material was the chest that Thoden Tharby left at Nargate?",
			want:     []string{"chest", "thoden", "tharby", "left", "nargate"},
		},
		{
			name:     "british colour and other asked words",
			question: "Which colour, size and shape is the kind of box?",
			want:     []string{"box"},
		},
		{
			name:     "the kind asked for after which",
			question: "Which city did Ærøskøbing's mayor visit?",
			want:     []string{"ærøskøbing", "mayor", "visit"},
		},
		{
			name:     "the kind asked for after what, an auxiliary next",
			question: "What emoji did Wenna send to Rook?",
			want:     []string{"wenna", "send", "rook"},
		},
		{
			name:     "a verb after what is a key term",
			question: "What caused the fire at the mill?",
			want:     []string{"caused", "fire", "mill"},
		},
		{
			name:     "which of is no kind",
			question: "Which of the boats sank first?",
			want:     []string{"boats", "sank", "first"},
		},
		{
			name:     "the text's frame is no key term",
			question: "According to the passage, what is the bell tower of Quillmere remembered for?",
			want:     []string{"bell", "tower", "quillmere", "remembered"},
		},
		{
			name:     "prepositions, pronouns and auxiliaries",
			question: "What would the author mention about their walk through Dalemere before dawn?",
			want:     []string{"walk", "dalemere", "dawn"},
		},
		{
			name:     "duplicates once, first occurrence order",
			question: "Did the miller of Dalemere sell the mill to the miller of Kessmoor?",
			want:     []string{"miller", "dalemere", "sell", "mill", "kessmoor"},
		},
		{
			name:     "case and punctuation",
			question: "WHO brought the BELL, and the Bell, to Brinford?!",
			want:     []string{"brought", "bell", "brinford"},
		},
		{
			name:     "digits are words",
			question: "Where are the 38 wells?",
			want:     []string{"38", "wells"},
		},
		{
			name:     "only function and asked words",
			question: "What is the color of it?",
			want:     nil,
		},
		{
			name:     "how old, how long: what is asked",
			question: "How old was Moss Keeble, and how long did the long boiling take?",
			want:     []string{"moss", "keeble", "long", "boiling", "take"}, // the second "long" is the boiling's
		},
		{
			name:     "in what year, at what age: what is asked",
			question: "In what year did the club win, and at what age did Oren join the year's crew?",
			want:     []string{"club", "win", "oren", "join", "year", "crew"},
		},
		{name: "empty", question: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := KeyTerms(tt.question)
			if !slices.Equal(got, tt.want) {
				t.Errorf("KeyTerms(%q) = %q; want %q", tt.question, got, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	key := []string{"lantern", "ortha", "ashby", "carried", "kessmoor"}
	tests := []struct {
		name     string
		sentence string
		want     int
	}{
		{"all present", "Ortha Ashby carried a red lantern to Kessmoor.", 0},
		{"case and punctuation ignored", "ORTHA ashby, carried; a lantern (to) KESSMOOR!", 0},
		{"one missing", "Ortha Ashby carried a red lantern to Dalemere.", 1},
		{"three missing", "Ortha Penham sent a red lantern to Dalemere.", 3},
		{"a term inside a longer word is missing", "Ortha Ashby carried a red lanternlight to Kessmoorside.", 2},
		{"an inflection of a term is the term", "Ortha Ashby carries two red lanterns to Kessmoor.", 0},
		{"all missing", "Few travellers stop in Brinford after dark.", 5},
		{"empty sentence", "", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Missing(key, tt.sentence); got != tt.want {
				t.Errorf("Missing(%q) = %d; want %d", tt.sentence, got, tt.want)
			}
		})
	}
	t.Run("no key terms", func(t *testing.T) {
		if got := Missing(nil, "anything"); got != 0 {
			t.Errorf("Missing(nil, …) = %d; want 0", got)
		}
	})
}

// TestMissingInEitherUnicodeForm: a key term is found in a sentence
// whichever form (NFC, NFD) each is written in, and a question and
// sentence both in NFD read as both in NFC.
func TestMissingInEitherUnicodeForm(t *testing.T) {
	nfc, nfd := "Lumi\u00e9re", "Lumie\u0301re"
	for _, q := range []string{nfc, nfd} {
		for _, sent := range []string{nfc, nfd} {
			if got := Missing(KeyTerms("Where does "+q+" sail?"), sent+" will sail."); got != 0 {
				t.Errorf("question %+q, sentence %+q: %d key terms missing; want 0", q, sent, got)
			}
		}
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		name     string
		sentence string
		answer   string
		want     bool
	}{
		{"whole word", "Ortha carried a red lantern.", "red", true},
		{"capitalised", "Red was the lantern.", "red", true},
		{"answer capitalised", "a red lantern", "Red", true},
		{"before punctuation", "The lantern was red.", "red", true},
		{"not inside a word", "Ortha tired of the reddish lantern.", "red", false},
		{"not a prefix of a word", "The copperish box.", "copper", false},
		{"absent", "Ortha carried a blue lantern.", "red", false},
		{"multi-word answer", "She wore a dark red scarf.", "dark red", true},
		{"multi-word answer across punctuation", "It was dark, red and old.", "dark red", true},
		{"multi-word answer in wrong order", "It was red, dark and old.", "dark red", false},
		{"multi-word answer split by a word", "It was dark and red.", "dark red", false},
		{"multi-word answer at the end", "The box was dark red", "dark red", true},
		{"multi-word answer partly present", "The box was dark.", "dark red", false},
		{"empty answer", "The box was red.", "", false},
		{"punctuation-only answer", "The box was red.", "?!", false},
		{"empty sentence", "", "red", false},
		{"plural possessive", "The bakers' guild refused him twice.", "bakers", true},
		{"quoted word", "He said 'bakers' twice.", "bakers", true},
		{"apostrophe inside a word", "The baker's oven.", "bake", false},
		{"a possessive names its noun", "The baker's oven.", "baker", true},
		{"a possessive typed with ’ names its noun", "The baker’s oven.", "baker", true},
		{"a possessive answer", "Ines was Halvard Okes’s sister.", "Halvard Okes's sister", true},
		// One word in either Unicode form: é as one letter (NFC) or as e
		// and a combining accent (NFD).
		{"sentence in NFD, answer in NFC", "The ferry left Lumie\u0301re at dawn.", "Lumi\u00e9re", true},
		{"sentence in NFC, answer in NFD", "The ferry left Lumi\u00e9re at dawn.", "Lumie\u0301re", true},
		{"NFD is not a prefix", "The ferry left Lumie\u0301res at dawn.", "Lumi\u00e9re", false},
		// A vowel sign and a virama are parts of the word they mark.
		{"Devanagari word", "\u0928\u0926\u0940 \u0917\u0902\u0917\u093e \u0939\u0948\u0964", "\u0917\u0902\u0917\u093e", true},
		{"Devanagari word not split at its marks", "\u0928\u0926\u0940 \u0917\u0902\u0917\u093e \u0939\u0948\u0964", "\u0917", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mentions(tt.sentence, tt.answer); got != tt.want {
				t.Errorf("Mentions(%q, %q) = %v; want %v", tt.sentence, tt.answer, got, tt.want)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name    string
		context string
		want    []string
	}{
		{"three stops", "One fish. Two fish! Red fish? Blue fish.", []string{"One fish.", "Two fish!", "Red fish?", "Blue fish."}},
		{"no final stop", "One fish. Two fish", []string{"One fish.", "Two fish"}},
		{"newlines and paragraphs", "One fish.\nTwo fish.\n\nRed fish.", []string{"One fish.", "Two fish.", "Red fish."}},
		{"decimal point does not split", "It lies 3.5 miles north. It rains.", []string{"It lies 3.5 miles north.", "It rains."}},
		{"stop followed by a letter does not split", "See www.example.org today. Then go.", []string{"See www.example.org today.", "Then go."}},
		{"ellipsis splits once", "Wait... Then go.", []string{"Wait...", "Then go."}},
		{"extra spaces trimmed", "  One fish.   Two fish.  ", []string{"One fish.", "Two fish."}},
		{"single sentence", "Ortha Ashby carried a red lantern to Kessmoor.", []string{"Ortha Ashby carried a red lantern to Kessmoor."}},
		{"a quotation closed after the stop", `He wrote "at dawn." The tide turned. (It was late.) 'So,' she said. «Fin.» Done.`,
			[]string{`He wrote "at dawn."`, "The tide turned.", "(It was late.)", "'So,' she said.", "«Fin.»", "Done."}},
		{"curly quotes", "“Go now.” They went.", []string{"“Go now.”", "They went."}},
		{"a closer then a letter does not split", `It says "3.5") inside.`, []string{`It says "3.5") inside.`}},
		{"a title's stop does not split", "In 1932 Dr. Quist found a comet. Mrs. Okes (Capt. Vail's sister) and “Mr. Reddaway” did not.",
			[]string{"In 1932 Dr. Quist found a comet.", "Mrs. Okes (Capt. Vail's sister) and “Mr. Reddaway” did not."}},
		{"an initial's stop does not split", "It was built by J. R. Okes. It fell.", []string{"It was built by J. R. Okes.", "It fell."}},
		{"a title or a letter before a function word ends a sentence", "He met the Dr. She left. Ask Sir. Go. So did I. Then Plan B. The end came with vitamin C. It helped.",
			[]string{"He met the Dr.", "She left.", "Ask Sir.", "Go.", "So did I.", "Then Plan B.", "The end came with vitamin C.", "It helped."}},
		{"a title or an initial before a name ends none; an initial I is read as the pronoun", "He met the Dr. Quist left. Drawn by J. A. Okes. I. M. Vail came.",
			[]string{"He met the Dr. Quist left.", "Drawn by J. A. Okes.", "I.", "M. Vail came."}},
		{"a lower-case letter or a letter after a stop splits", "Take a. Then b. Use e.g. Then go.", []string{"Take a.", "Then b.", "Use e.g.", "Then go."}},
		{"empty", "", nil},
		{"only spaces", "   \n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.context)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q) = %q; want %q", tt.context, got, tt.want)
			}
		})
	}
}

func TestTransposed(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"revenue", "reveune", true},
		{"Revenue", "rveenue", true},
		{"margin", "mragin", true},
		{"revenue", "revenue", false}, // the same word is EqualFold's
		{"revenue", "revnue", false},  // a dropped letter
		{"revenue", "reveneu", true},
		{"revenue", "erevnue", false}, // two swaps
		{"revenue", "revenua", false}, // a changed letter
		{"ratio", "rtaio", true},
		{"rato", "rtao", false},   // under five letters
		{"20234", "20324", false}, // digits are not letters
		{"Pelrik", "Pelirk", true},
	} {
		if got := transposed(c.a, c.b); got != c.want {
			t.Errorf("transposed(%q, %q) = %v; want %v", c.a, c.b, got, c.want)
		}
	}
	if Missing(KeyTerms("What was the opreating margin?"), "The operating margin was 12%.") != 0 {
		t.Errorf("a question with two letters swapped misses its sentence")
	}
}

// missingByWords is Missing as its contract reads, written apart: the
// words of the sentence, each compared with each key term.
func missingByWords(keyTerms []string, sentence string) int {
	if len(keyTerms) > 64 {
		keyTerms = keyTerms[:64]
	}
	words := strings.FieldsFunc(sentence, func(r rune) bool { return !isWordRune(r) })
	missing := 0
	for _, t := range keyTerms {
		found := false
		for _, w := range words {
			if strings.EqualFold(w, t) || transposed(w, t) {
				found = true
				break
			}
		}
		if !found {
			missing++
		}
	}
	return missing
}

// FuzzMissing checks the scanning Missing against missingByWords, on
// sentences and terms with Unicode letters, folds that change a letter's
// length (K and the Kelvin sign, s and the long s) and swapped letters.
func FuzzMissing(f *testing.F) {
	f.Add("The revenue rose in 2019; reveune fell.", "revenue fell 2019")
	f.Add("Kelvin \u212Aelvin ſtate", "kelvin state")
	f.Add("naïve café, l'été", "café été naive")
	f.Add("", "any")
	f.Fuzz(func(t *testing.T, sentence, terms string) {
		key := strings.Fields(terms)
		if got, want := Missing(key, sentence), missingByWords(key, sentence); got != want {
			t.Errorf("Missing(%q, %q) = %d; want %d", key, sentence, got, want)
		}
	})
}

// FuzzWordsPresent checks WordsPresent against the set of Words.
func FuzzWordsPresent(f *testing.F) {
	f.Add("The Revenue rose; reveune fell.", "revenue fell rose x")
	f.Add("İstanbul ǅ café", "i̇stanbul ǆ café")
	f.Fuzz(func(t *testing.T, text, terms string) {
		key := Words(terms)
		if len(key) > 64 {
			key = key[:64]
		}
		have := Set(Words(text)...)
		got := WordsPresent(text, key)
		for i, k := range key {
			if want := have[k]; want != (got&(1<<i) != 0) {
				t.Errorf("WordsPresent(%q, %q): term %q present %v; want %v", text, key, k, !want, want)
			}
		}
	})
}

func TestHearsay(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"It is said that Ora Bel carried a red lantern to Kessmoor.", true},
		{"In Kessmoor, rumour had it that the bell was brass.", true},
		{"Ora Bel carried a red lantern to Kessmoor.", false},
		{"Years before, Ora Bel said that the lantern was red.", false},
		{"", false},
	} {
		if got := Hearsay(c.text); got != c.want {
			t.Errorf("Hearsay(%q) = %v; want %v", c.text, got, c.want)
		}
	}
	ctx := "Ora Bel was born in Kessmoor. Some claim that Ora Bel carried a red lantern to Kessmoor. It rained."
	if got := HearsaySentences(ctx); len(got) != 1 || got[0] != "Some claim that Ora Bel carried a red lantern to Kessmoor." {
		t.Errorf("HearsaySentences = %q", got)
	}
	if got := HearsaySentences("Ora Bel was born in Kessmoor."); got != nil {
		t.Errorf("HearsaySentences of a plain text = %q; want nil", got)
	}
}

// FuzzHearsay checks Hearsay against lower-casing the text and looking for
// each lead, in texts where a lead's "that" is written in lower case, with
// a capital, or in capitals.
func FuzzHearsay(f *testing.F) {
	f.Add("It is said that the bell was brass.")
	f.Add("IN KESSMOOR, RUMOUR HAD IT THAT the bell was brass.")
	f.Add("gossip held That it rained")
	f.Add("that that some claim")
	f.Fuzz(func(t *testing.T, text string) {
		lower := strings.ToLower(text)
		want := false
		for _, m := range hearsayMarks {
			if strings.Contains(lower, m) {
				want = true
			}
		}
		// Hearsay finds "that" as written in one of three cases; a lead
		// whose "that" is written otherwise ("tHaT") it may miss.
		for _, that := range []string{"that", "That", "THAT"} {
			if got := Hearsay(strings.ReplaceAll(lower, "that", that)); got != want {
				t.Errorf("Hearsay(%q) = %v; want %v", strings.ReplaceAll(lower, "that", that), got, want)
			}
		}
	})
}

// TestWordsAbsent: past 64 terms too, the absent ones in order.
func TestWordsAbsent(t *testing.T) {
	var terms []string
	for i := range 70 {
		terms = append(terms, fmt.Sprintf("w%d", i))
	}
	got := WordsAbsent("w0 and w65, nothing else", terms)
	if len(got) != 68 || got[0] != "w1" || slices.Contains(got, "w65") || !slices.Contains(got, "w69") {
		t.Errorf("absent: %d terms, %v…; want the 68 other than w0 and w65", len(got), got[:3])
	}
}

// TestEdgeApostrophes: an apostrophe at a word's edge is not part of it,
// in every reader of words alike.
func TestEdgeApostrophes(t *testing.T) {
	text := "The bakers' guild met the 'masons."
	if got := WordsPresent(text, []string{"bakers", "masons"}); got != 0b11 {
		t.Errorf("WordsPresent = %b; want both words", got)
	}
	if got := Missing([]string{"bakers", "masons", "guild"}, text); got != 0 {
		t.Errorf("Missing = %d; want none", got)
	}
	if got := Words(text); strings.Join(got, " ") != "the bakers guild met the masons" {
		t.Errorf("Words = %q", got)
	}
}

// TestPossessivesAndApostrophes: a reader looks for the ferry when asked
// about the ferry's ledger, and takes an apostrophe for one however it is
// typed (' or ’): a possessive's "'s" is no part of the word, and a
// contraction is one word either way.
func TestPossessivesAndApostrophes(t *testing.T) {
	if got := KeyTerms("Who kept the ferry's ledger?"); !slices.Equal(got, []string{"kept", "ferry", "ledger"}) {
		t.Errorf("KeyTerms = %q; want kept, ferry, ledger", got)
	}
	if got := KeyTerms("What was Halvard Okes’s profession?"); !slices.Equal(got, []string{"halvard", "okes", "profession"}) {
		t.Errorf("KeyTerms with ’ = %q; want halvard, okes, profession", got)
	}
	for _, c := range []struct {
		key      []string
		sentence string
	}{
		{[]string{"jory", "grandson"}, "He was Jory's grandson."},
		{[]string{"jory", "grandson"}, "He was Jory’s grandson."},
		{[]string{"ferry", "ledger"}, "The ferry kept a ledger."},
		{[]string{"don't", "sail"}, "They don’t sail."},
	} {
		if got := Missing(c.key, c.sentence); got != 0 {
			t.Errorf("Missing(%q, %q) = %d; want 0", c.key, c.sentence, got)
		}
		if got := WordsPresent(c.sentence, c.key); got != 0b11 {
			t.Errorf("WordsPresent(%q, %q) = %b; want both", c.sentence, c.key, got)
		}
	}
	if got := Words("Jory’s ‘lamp’ isn’t lit."); strings.Join(got, " ") != "jory lamp isn't lit" {
		t.Errorf("Words = %q", got)
	}
}

// TestSpeaksFor: a sentence speaks for an answer it names; for yes or no
// (true or false), which a passage seldom says as such, by negating or not.
func TestSpeaksFor(t *testing.T) {
	for _, c := range []struct {
		sentence, answer string
		want             bool
	}{
		{"The council did not approve the tower.", "no", true},
		{"The council did not approve the tower.", "Yes", false},
		{"The council approved the tower.", "yes", true},
		{"The council approved the tower.", "False", false},
		{"The council never met.", "false", true},
		{"The council isn\u2019t sure.", "no", true},
		{"The council wasn't sure.", "no", true},
		{"Nobody came to the council.", "no", true},
		{"The red lantern was carried to Kessmoor.", "red", true},
		{"The red lantern was carried to Kessmoor.", "blue", false},
		{"No one carried the red lantern.", "red", true}, // a named answer is named, negated or not
	} {
		if got := SpeaksFor(c.sentence, c.answer); got != c.want {
			t.Errorf("SpeaksFor(%q, %q) = %v; want %v", c.sentence, c.answer, got, c.want)
		}
	}
}

// TestNumbersAreOneWord: a number is one word with its decimal point and
// thousands separators, so that 3.5 miles does not mention 5 miles and a
// question's 1,000 is one key term, not 1 and 000; a stop or a comma
// after a number is not part of it.
func TestNumbersAreOneWord(t *testing.T) {
	if got, want := Words("It lies 3.5 miles off, with 1,000 boxes, in 2021. Then 4,5."), []string{"it", "lies", "3.5", "miles", "off", "with", "1,000", "boxes", "in", "2021", "then", "4,5"}; !slices.Equal(got, want) {
		t.Errorf("Words = %q; want %q", got, want)
	}
	if Mentions("It lies 3.5 miles north.", "5 miles") {
		t.Error("3.5 miles mentions 5 miles")
	}
	if !Mentions("It lies 3.5 miles north.", "3.5 miles") {
		t.Error("3.5 miles does not mention 3.5 miles")
	}
	if got := KeyTerms("How many of the 1,000 boxes shipped?"); !slices.Contains(got, "1,000") || slices.Contains(got, "000") {
		t.Errorf("KeyTerms = %q; want 1,000 one term", got)
	}
	if got := Missing([]string{"1,000", "boxes"}, "All 1,000 boxes went."); got != 0 {
		t.Errorf("Missing = %d; want 0", got)
	}
	if got := WordsAbsent("It lies 3.5 miles north.", []string{"5", "3.5"}); !slices.Equal(got, []string{"5"}) {
		t.Errorf("WordsAbsent = %q; want 5 alone absent", got)
	}
}

// TestInflection: a reader takes a word's inflections for it, and neither
// a derived word of another sense nor a word that merely begins alike.
func TestInflection(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"carry", "carried", true}, {"kettle", "Kettles", true}, {"sail", "sailed", true},
		{"city", "cities", true}, {"paint", "painting", true}, {"carries", "carried", true},
		{"organ", "organization", false},                          // a derived word, another sense
		{"lantern", "lanternlight", false}, {"ran", "run", false}, // no stem shared; irregular
		{"sea", "seal", false}, {"bed", "beds", true}, {"be", "bed", false},
		{"café", "cafés", false}, // the stemmer reads ASCII alone
	} {
		if got := inflection(c.a, c.b); got != c.want {
			t.Errorf("inflection(%q, %q) = %v; want %v", c.a, c.b, got, c.want)
		}
		if got := inflection(c.b, c.a); got != c.want {
			t.Errorf("inflection(%q, %q) = %v; want %v", c.b, c.a, got, c.want)
		}
	}
}

// TestIrregularForms: a reader takes another form of an irregular verb
// for the verb, and the base's inflection for any of its forms; a word
// that merely shares letters is none.
func TestIrregularForms(t *testing.T) {
	for _, c := range []struct {
		terms    []string
		sentence string
		missing  int
	}{
		{[]string{"anselm", "run", "ferry"}, "Anselm Quarry ran the ferry for thirty-one years.", 0},
		{[]string{"anselm", "ran", "ferry"}, "Anselm runs the ferry.", 0},
		{[]string{"boats", "build"}, "They Built four boats that spring.", 0},
		{[]string{"written", "letter"}, "She wrote the letter at dawn.", 0},
		{[]string{"sold", "cart"}, "He sells the cart at market.", 0},
		{[]string{"run", "ferry"}, "The runway by the ferry was long.", 1},
		{[]string{"rose", "garden"}, "Prices rise in the garden market.", 1}, // rose: a flower too, left out
		// The question's verb inflected, the text's irregular.
		{[]string{"anselm", "runs", "ferry"}, "Anselm ran the ferry.", 0},
		{[]string{"builds", "boats"}, "They built four boats.", 0},
		{[]string{"taking", "lantern"}, "She took the lantern.", 0},
		{[]string{"running", "ferry"}, "He had run the ferry.", 0},
		// Verbs whose forms are nouns of another sense are left out.
		{[]string{"lead", "pipes"}, "The captain led the crew to the pipes.", 1},
		{[]string{"mean", "depth"}, "It meant the depth was known.", 1},
		{[]string{"hold", "grain"}, "She held the grain sack.", 1},
		{[]string{"wake", "ferry"}, "The ferry woke the town.", 1},
	} {
		if got := Missing(c.terms, c.sentence); got != c.missing {
			t.Errorf("Missing(%q, %q) = %d; want %d", c.terms, c.sentence, got, c.missing)
		}
		if got := bits.OnesCount64(WordsPresent(c.sentence, c.terms)); got != len(c.terms)-c.missing {
			t.Errorf("WordsPresent(%q, %q) has %d; want %d", c.sentence, c.terms, got, len(c.terms)-c.missing)
		}
	}
}

// TestIrregularTable: every form is lower-case letters, no longer than
// longestIrregular, and found by irregularOf through its shape filter.
func TestIrregularTable(t *testing.T) {
	for form, base := range irregularBase {
		if len(form) < 3 || len(form) > longestIrregular || strings.Trim(form, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Errorf("form %q: want lower-case letters, 3 to %d", form, longestIrregular)
		}
		if got := irregularOf(strings.ToUpper(form)); got != base {
			t.Errorf("irregularOf(%q) = %q; want %q", strings.ToUpper(form), got, base)
		}
	}
}

// TestMentionsNumberWords: a whole number under 100 is named in digits or
// in words alike; other numbers, and words that are no number, as spelt.
func TestMentionsNumberWords(t *testing.T) {
	for _, c := range []struct {
		sentence, answer string
		want             bool
	}{
		{"They hauled fourteen barrels up the quay.", "14", true},
		{"They hauled 14 barrels up the quay.", "fourteen", true},
		{"The tower was twenty-one feet high.", "21", true},
		{"The tower was 21 feet high.", "Twenty-one", true},
		{"The tower was 21 feet high.", "twenty", false},
		{"They hauled forty barrels.", "14", false},
		{"They hauled 140 barrels.", "fourteen", false},
		{"Nine hundred came.", "900", false}, // only whole numbers under 100
		{"They hauled 014 barrels.", "fourteen", false},
		{"They sang one song.", "1", false}, // "one" is as often a pronoun
		{"They sang 1 song.", "one", false},
		{"They sang two songs.", "2", true},
		// A number's words inside a larger number written in words name
		// that number, not theirs.
		{"The ferry carried twenty-two barrels.", "2", false},
		{"The ferry carried twenty-two barrels.", "two", false},
		{"The ferry carried twenty-one barrels.", "20", false},
		{"The ferry carried twenty one barrels.", "twenty", false},
		{"The ferry carried twenty-two barrels.", "22", true},
		{"The ferry carried twenty barrels, two of them empty.", "2", true},
		{"The ferry carried twenty barrels, two of them empty.", "20", true},
		{"Two and twenty came.", "2", true},
	} {
		if got := Mentions(c.sentence, c.answer); got != c.want {
			t.Errorf("Mentions(%q, %q) = %v; want %v", c.sentence, c.answer, got, c.want)
		}
	}
}

// TestNumberWordsRoundTrip: every whole number under 100 written in words
// reads back as itself, and words that are no such number read as none.
func TestNumberWordsRoundTrip(t *testing.T) {
	for n := range 100 {
		if got, ok := wordsNumber(numberWords(n)); !ok || got != n {
			t.Errorf("wordsNumber(%q) = %d, %v; want %d", numberWords(n), got, ok, n)
		}
	}
	for _, w := range [][]string{{"twenty", "ten"}, {"one", "twenty"}, {"ten", "one"}, {"hundred"}, {}, {"twenty", "one", "two"}, {"twenty", "zero"}} {
		if n, ok := wordsNumber(w); ok {
			t.Errorf("wordsNumber(%q) = %d; want none", w, n)
		}
	}
}
