package reading

import "strings"

// irregularVerbs are common English verbs whose past tense or participle
// a stem does not reach, each line the base, the past and the participle
// (a "/" between two of either). A reader asked "Who ran the ferry?" reads
// "Anselm runs the ferry" as the answer, and one asked "How many boats did
// they build?" reads "they built four boats": on invented files of
// questions about narratives, about one in five asked with a verb that the
// text puts in another, irregular form. The auxiliaries (be, have, do) are
// function words, and verbs whose forms are common nouns or adjectives of
// another sense ("saw", "left", "lay", "wound", "found", "ground", "bound",
// "rose", "ring", "fly", "tear", "stick", "spoke", "bore"; "fall" and
// "fell", "lead", "mean", "sink", "hide", "bit", "stole", "keep", "hold",
// "wake", "strike", "bend") are left out, as the sim reads no sense from
// context: "How much lead was in the pipes?" is not answered by "the
// captain led the crew".
const irregularVerbs = `arise arose arisen
awake awoke awoken
beat beat beaten
become became become
begin began begun
bleed bled bled
blow blew blown
break broke broken
breed bred bred
bring brought brought
build built built
burn burnt burnt
buy bought bought
catch caught caught
choose chose chosen
cling clung clung
come came come
creep crept crept
deal dealt dealt
dig dug dug
draw drew drawn
dream dreamt dreamt
drink drank drunk
drive drove driven
eat ate eaten
feed fed fed
fight fought fought
flee fled fled
fling flung flung
forbid forbade forbidden
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
get got got/gotten
give gave given
grow grew grown
hang hung hung
hear heard heard
kneel knelt knelt
know knew known
lend lent lent
lose lost lost
make made made
meet met met
pay paid paid
ride rode ridden
run ran run
say said said
seek sought sought
sell sold sold
send sent sent
shake shook shaken
shine shone shone
shoot shot shot
shrink shrank shrunk
sing sang sung
sit sat sat
sleep slept slept
slide slid slid
spend spent spent
spin spun spun
stand stood stood
sting stung stung
stride strode stridden
swear swore sworn
sweep swept swept
swim swam swum
swing swung swung
take took taken
teach taught taught
tell told told
think thought thought
throw threw thrown
understand understood understood
wear wore worn
weave wove woven
weep wept wept
win won won
write wrote written`

// irregularBase maps each form of irregularVerbs, the base included, to
// the base; irregularShape has bit n of [a][b][c] set where a form of n
// letters begins with letters a, b and c, so that nearly every word is
// told apart from every form without hashing it (irregularOf is on the
// sim's hot path).
var irregularBase, irregularShape = func() (map[string]string, *[26][26][26]uint16) {
	m, shape := map[string]string{}, new([26][26][26]uint16)
	for line := range strings.Lines(irregularVerbs) {
		forms := strings.Fields(line)
		for _, f := range forms {
			for _, form := range strings.Split(f, "/") {
				m[form] = forms[0]
				shape[form[0]-'a'][form[1]-'a'][form[2]-'a'] |= 1 << len(form)
			}
		}
	}
	return m, shape
}()

// longestIrregular is the length of the longest form in irregularBase:
// a longer word is none.
const longestIrregular = len("understood")

// irregularOf is the base of w, an ASCII word in any case, where w is a
// form of one of irregularVerbs ("" where it is none), read without
// allocating.
func irregularOf(w string) string {
	if len(w) < 3 || len(w) > longestIrregular {
		return ""
	}
	// Bytes: one not a lower-case letter wraps past 25.
	a, b, c := lower(w[0])-'a', lower(w[1])-'a', lower(w[2])-'a'
	if a >= 26 || b >= 26 || c >= 26 || irregularShape[a][b][c]&(1<<len(w)) == 0 {
		return ""
	}
	var buf [longestIrregular]byte
	for i := 0; i < len(w); i++ {
		buf[i] = lower(w[i])
	}
	return irregularBase[string(buf[:len(w)])]
}

// inflectedIrregular maps the regular inflections of each base of
// irregularVerbs — its third person ("runs", "builds") and its present
// participle ("running", "taking", "building") — to the base, so that a
// question that puts the verb so ("Who runs the ferry?") is answered by
// a sentence that puts it in an irregular form ("Anselm ran the ferry"),
// as one that asks "Who ran…" is by "Anselm runs…". Each base gets every
// spelling an inflection might have (an "e" dropped or kept, the last
// letter doubled or not); those that are no word are never looked up.
var inflectedIrregular = func() map[string]string {
	m := map[string]string{}
	for line := range strings.Lines(irregularVerbs) {
		base := strings.Fields(line)[0]
		last := base[len(base)-1]
		forms := []string{base + "s", base + "es", base + "ing", base + string(last) + "ing"}
		if last == 'e' {
			forms = append(forms, base[:len(base)-1]+"ing")
		}
		for _, f := range forms {
			if _, form := irregularBase[f]; !form {
				m[f] = base
			}
		}
	}
	return m
}()

// irregularTerms are the terms that are forms of one of irregularVerbs,
// or inflections of its base (inflectedIrregular), at most eight (a
// question has one or two), each its index among the terms and its base.
type irregularTerms struct {
	n     int
	which uint64 // bit i for terms[i] among them
	index [8]uint8
	bases [8]string
}

// irregulars finds the terms that are forms of one of irregularVerbs or
// inflections of its base.
func irregulars(terms []string) irregularTerms {
	var it irregularTerms
	for i, t := range terms {
		if it.n == len(it.bases) || i >= 64 {
			break
		}
		b := irregularOf(t)
		if b == "" && (strings.HasSuffix(t, "s") || strings.HasSuffix(t, "ing")) {
			b = inflectedIrregular[strings.ToLower(t)]
		}
		if b != "" {
			it.index[it.n], it.bases[it.n] = uint8(i), b
			it.which |= 1 << i
			it.n++
		}
	}
	return it
}

// match is the terms (bit i for terms[i]) not among found that w is a
// form of, read as an irregular verb's: another form of its irregular
// verb ("ran" for "run"), or the base's inflection ("runs" for "ran").
func (it *irregularTerms) match(w string, found uint64) uint64 {
	if it.which&^found == 0 {
		return 0
	}
	b := irregularOf(w)
	var out uint64
	for k := range it.n {
		bit := uint64(1) << it.index[k]
		if found&bit == 0 && (b == it.bases[k] || b == "" && inflection(w, it.bases[k])) {
			out |= bit
		}
	}
	return out
}
