package qa

import (
	"math/rand/v2"

	"github.com/mootlab/moot/internal/reading"
	"strconv"
	"strings"
)

// attribute is what a question asks about and the values it takes. Only
// "color" and "material" are used: readers treat those words as naming what
// is asked, not as terms a relevant sentence must contain.
type attribute struct {
	name   string
	values []string
}

// Values are whole words that occur inside no other word of an article; the
// tests check this over many articles.
var attributes = [...]attribute{
	{"color", []string{"red", "green", "blue", "grey", "white", "black", "yellow", "violet", "amber", "crimson", "teal", "ochre"}},
	{"material", []string{"copper", "brass", "oak", "iron", "glass", "clay", "pewter", "bronze", "cedar", "bone", "walnut", "slate"}},
}

// action is a verb in the past tense with the preposition that links it to
// a place.
type action struct{ verb, prep string }

var actions = []action{
	{"carried", "to"}, {"brought", "to"}, {"sent", "to"}, {"hid", "in"},
	{"found", "in"}, {"bought", "in"}, {"sold", "in"}, {"left", "at"},
	{"buried", "near"}, {"mended", "in"}, {"lost", "in"}, {"stole", "from"},
}

var objects = []string{
	"lantern", "box", "bowl", "bell", "cup", "chest", "jug", "comb", "flute",
	"kettle", "tray", "vase",
}

var (
	trades     = []string{"baker", "weaver", "miller", "potter", "scribe", "carter", "ferryman", "tanner", "herder", "brewer", "mason", "fisher"}
	directions = []string{"north", "south", "east", "west"}
)

// leads and tails frame a statement of the key sentence's shape, so that
// they do not all read alike; the key sentence is framed as the others.
var (
	leads = []string{"", "", "Later that year ", "In the spring ", "Years before, ", "That same winter ", "Before the flood, "}
	tails = []string{"", "", " after the harvest", " during the long winter", " before the bridge was built", " on a market day"}
)

// Templates fill placeholders: {person} and {person2} are two people,
// {place} and {place2} two places, {v} an answer value and {a v} the same
// with its article, {a other} a value that is neither answer, {n} a whole
// number, {dir} a direction, {trade} a trade and {object} an object.

// irrelevant holds, per attribute, sentences that mention a value in a
// context unrelated to any question.
var irrelevant = [...][]string{
	{
		"Most houses in {place} have {v} doors.",
		"{person} wore {a v} scarf to the market in {place}.",
		"The banners over the gate of {place} are {v}.",
		"{person} kept {a v} boat on the river near {place}.",
	},
	{
		"The old bridge at {place} is made of {v}.",
		"{person} built {a v} fence around the garden in {place}.",
		"Most houses in {place} have {v} doors.",
		"The well in {place} has {a v} cover.",
	},
}

// fillers mention neither answer value.
var fillers = []string{
	"{person} was born in {place}.",
	"{place} lies {n} miles {dir} of {place2}.",
	"The road from {place} to {place2} floods every spring.",
	"{person} and {person2} met at the autumn fair in {place}.",
	"{person} kept {n} goats on the hill above {place}.",
	"It rained in {place} for {n} days without a break.",
	"{person} worked as a {trade} in {place}.",
	"{person} taught {person2} to read and write.",
	"Few travellers stop in {place} after dark.",
	"{person} owned {a other} {object} that nobody else was allowed to touch.",
	"The river near {place} freezes most winters.",
	"{person} wrote a long letter to {person2} about the harvest.",
	"Every autumn {place} holds a market that lasts {n} days.",
	"{person} moved from {place} to {place2} as a child.",
	"The people of {place} still tell stories about {person}.",
	"{person} never learned to swim.",
	"There are {n} wells in {place}.",
	"{person} was a cousin of {person2}.",
	"{person} sold {n} sacks of grain in {place}.",
}

// Syllables for invented names.
var (
	firstOnsets = []string{"or", "ta", "bri", "kel", "mi", "sa", "da", "ren", "ly", "ve", "ai", "tho", "hal", "ise", "jo", "nel"}
	firstEnds   = []string{"la", "na", "ra", "ric", "sa", "ven", "dor", "wen", "mi", "tha", "lo", "mar", "den", "ys"}
	lastOnsets  = []string{"ash", "bel", "cor", "dun", "fen", "gar", "hol", "kes", "lor", "mar", "pen", "quil", "rad", "sel", "thar", "wyn"}
	lastEnds    = []string{"by", "ford", "wick", "ett", "ham", "row", "ley", "ock", "ard", "en", "venn", "oss"}
	placeOnsets = []string{"kess", "brin", "dor", "el", "fal", "grim", "hask", "lin", "mor", "nar", "ost", "tav", "ul", "yar"}
	placeEnds   = []string{"moor", "holt", "mere", "dale", "stead", "wick", "ford", "haven", "fell", "reach", "combe", "gate"}
)

// poolSize is how many first names, last names and places an article draws.
const poolSize = 6

// reserved holds every word the templates and word lists use, and the
// function words readers skip: an invented name must be none of them, or a
// name could count as a key term or an answer.
var reserved = func() map[string]bool {
	m := map[string]bool{}
	add := func(texts ...string) {
		for _, t := range texts {
			for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return r < 'a' || r > 'z' }) {
				m[w] = true
			}
		}
	}
	for _, a := range attributes {
		add(a.name)
		add(a.values...)
	}
	for _, a := range actions {
		add(a.verb, a.prep)
	}
	add(objects...)
	add(trades...)
	add(directions...)
	add(leads...)
	add(tails...)
	add(fillers...)
	add(reading.HearsayLeads[:]...)
	for _, ts := range irrelevant {
		add(ts...)
	}
	add("what", "was", "the", "that", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by",
		"for", "from", "with", "into", "onto", "over", "under", "near", "as", "is", "were", "are", "be",
		"been", "did", "does", "do", "had", "has", "have", "which", "who", "whom", "whose", "when",
		"where", "why", "how", "this", "these", "those", "it", "its", "their", "his", "her", "they",
		"he", "she", "there", "than", "then", "colour", "kind", "type", "sort", "name", "number",
		"size", "shape", "value", "amount")
	return m
}()

// usableName reports whether a lower-case invented name may be used: it is
// no reserved word and holds no answer value inside it.
func usableName(name string) bool {
	if len(name) < 3 || reserved[name] {
		return false
	}
	for _, a := range attributes {
		for _, v := range a.values {
			if strings.Contains(name, v) {
				return false
			}
		}
	}
	return true
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// withArticle puts "a" or "an" before word; an empty word stays empty.
func withArticle(word string) string {
	if word == "" {
		return ""
	}
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// world is the cast of one article. Index 0 of each pool belongs to the key
// fact.
type world struct {
	rng                   *rand.Rand
	firsts, lasts, places []string
}

// newWorld draws distinct names; every name word differs from every other.
func newWorld(rng *rand.Rand) (*world, bool) {
	used := map[string]bool{}
	ok := true
	draw := func(onsets, ends []string) []string {
		out := make([]string, 0, poolSize)
		for tries := 0; len(out) < poolSize; tries++ {
			if tries == 1000 {
				ok = false
				return out
			}
			name := onsets[rng.IntN(len(onsets))] + ends[rng.IntN(len(ends))]
			if used[name] || !usableName(name) {
				continue
			}
			used[name] = true
			out = append(out, capitalize(name))
		}
		return out
	}
	w := &world{rng: rng}
	w.firsts = draw(firstOnsets, firstEnds)
	w.lasts = draw(lastOnsets, lastEnds)
	w.places = draw(placeOnsets, placeEnds)
	return w, ok
}

func (w *world) person() string {
	return w.firsts[w.rng.IntN(len(w.firsts))] + " " + w.lasts[w.rng.IntN(len(w.lasts))]
}

// cast renders every placeholder of a template but the answer value's
// ({v}, {a v}): what a sentence says of whichever value fills it.
func (w *world) cast(tmpl, other string) string {
	p1 := w.person()
	p2 := w.person()
	for p2 == p1 {
		p2 = w.person()
	}
	pl := w.rng.Perm(len(w.places))
	r := strings.NewReplacer(
		"{person}", p1,
		"{person2}", p2,
		"{place}", w.places[pl[0]],
		"{place2}", w.places[pl[1]],
		"{n}", strconv.Itoa(2+w.rng.IntN(39)),
		"{dir}", directions[w.rng.IntN(len(directions))],
		"{trade}", trades[w.rng.IntN(len(trades))],
		"{object}", objects[w.rng.IntN(len(objects))],
		"{a other}", withArticle(other),
	)
	return r.Replace(tmpl)
}

// valued fills the answer value v into a cast template.
func valued(cast, v string) string {
	return strings.NewReplacer("{a v}", withArticle(v), "{v}", v).Replace(cast)
}

// fact is one statement of the key sentence's shape: someone did something
// with a valued object at a place.
type fact struct {
	first, last, object, value, place string
	act                               action
	lead, tail                        string
}

func (f fact) sentence() string {
	return f.lead + f.first + " " + f.last + " " + f.act.verb + " " + withArticle(f.value) + " " +
		f.object + " " + f.act.prep + " " + f.place + f.tail + "."
}

// skeleton is what the fact says of whichever value, at whatever time:
// two facts of one skeleton would say one thing of both answers.
func (f fact) skeleton() string {
	f.lead, f.tail, f.value = "", "", "?"
	return f.sentence()
}

// frame draws a lead and a tail for a key-shaped sentence.
func frame(rng *rand.Rand) (lead, tail string) {
	return leads[rng.IntN(len(leads))], tails[rng.IntN(len(tails))]
}

// The parts of a fact that vary may change; a change of the key's part
// removes one key term of the question from the sentence.
const (
	slotFirst = iota
	slotLast
	slotObject
	slotVerb
	slotPlace
	slotCount
)

// changes returns how many parts vary changes at difficulty d: one, plus
// one for each of two draws that succeed with chance 1-d. So a hard
// question has a decoy one key term away from the key, and sentences one
// part away from their centre; an easy one three.
func changes(rng *rand.Rand, d float64) int {
	k := 1
	for range 2 {
		if rng.Float64() >= d {
			k++
		}
	}
	return k
}

// vary returns base with value and k of its key terms changed, each to
// one that neither centre holds, and a frame of its own: the decoy is the
// key varied (both centres the key), and every other key-shaped fact is
// its side's centre varied, avoiding both centres alike.
func (w *world) vary(base fact, value string, k int, c1, c2 fact) fact {
	f := base
	f.value = value
	pick := func(pool []string, a, b string) string {
		v := a
		for v == a || v == b {
			v = pool[w.rng.IntN(len(pool))]
		}
		return v
	}
	for _, slot := range w.rng.Perm(slotCount)[:k] {
		switch slot {
		case slotFirst:
			f.first = pick(w.firsts, c1.first, c2.first)
		case slotLast:
			f.last = pick(w.lasts, c1.last, c2.last)
		case slotPlace:
			f.place = pick(w.places, c1.place, c2.place)
		case slotObject:
			f.object = pick(objects, c1.object, c2.object)
		case slotVerb:
			for f.act.verb == c1.act.verb || f.act.verb == c2.act.verb {
				f.act = actions[w.rng.IntN(len(actions))]
			}
		}
	}
	f.lead, f.tail = frame(w.rng)
	return f
}
