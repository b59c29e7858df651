package protocols

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// Measured is a protocol that can identify and measure its prompts without
// rendering them, for agents that read no prompt (agents.PromptFree).
// Protocols that embed a Prompter are.
type Measured interface {
	// MessageSizes returns the length in bytes of each message Render
	// would return for p.
	MessageSizes(p Prompt) ([]int, error)
	// PromptSHA256 identifies the messages Render would return for p
	// (Templates.PromptSHA256). contextSum, if not nil, is the SHA-256 of
	// p.View.Context, so that an episode hashes its context once.
	PromptSHA256(p Prompt, contextSum *[32]byte) [32]byte
}

var _ Measured = (*Prompter)(nil)

// PromptSHA256 identifies the prompt that Render returns for p without
// rendering it: it is the SHA-256 of a canonical encoding of the
// templates' own SHA-256 and every input of p — the seat, side, round,
// rules, the view (its context by the context's SHA-256), the turns
// seen, and the protocol's settings when a template reads them.
// Rendering is deterministic, so the same hash means the same
// messages. contextSum, if not nil, is the SHA-256 of p.View.Context.
func (ts *Templates) PromptSHA256(p Prompt, contextSum *[32]byte) [32]byte {
	bp := keyBufs.Get().(*[]byte)
	b := append((*bp)[:0], "moot prompt 1\x00"...)
	b = append(b, ts.sum[:]...)
	b = appendShape(b, &p)
	for k, s := range slotValues(&p) {
		if k == contextSlot {
			s = "" // by its SHA-256, below
		}
		b = appendString(b, s)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.View.Difficulty))
	b = appendInt(b, len(p.View.Evidence))
	for _, c := range p.View.Evidence {
		b = appendInt(appendString(appendString(b, string(c.Kind)), c.Text), c.Answer)
	}
	if p.View.Context != "" {
		if contextSum == nil {
			sum := sha256.Sum256([]byte(p.View.Context))
			contextSum = &sum
		}
		b = append(b, contextSum[:]...)
	}
	b = appendReferenceKey(b, &p)
	if ts.reads.any() && p.settingsSum != nil {
		b = append(b, p.settingsSum[:]...)
	}
	sum := sha256.Sum256(b)
	*bp = b
	keyBufs.Put(bp)
	return sum
}

// MessageSizes returns the length in bytes of each message Render returns
// for p. The shipped templates are rendered once for each shape of prompt
// (everything but the texts of the question, context and turns, and the
// question's evidence and difficulty, which no shipped template reads;
// the protocol's settings where a template reads them) with
// markers in place of those texts, and measured from that; overridden
// templates, which may do more with a text than print or trim it, are
// rendered.
func (ts *Templates) MessageSizes(p Prompt) ([]int, error) {
	values := slotValues(&p)
	if ts.shapes == nil || !measurable(values) || p.View.Reference != nil || ts.reads.any() && p.settingsSum == nil {
		return ts.renderSizes(p)
	}
	bp := keyBufs.Get().(*[]byte)
	key := appendShape((*bp)[:0], &p)
	if ts.reads.any() {
		// One protocol's settings, fixed for its prompter: a shape of
		// each.
		key = append(key, p.settingsSum[:]...)
	}
	for _, v := range values {
		lead, core, trail := splitSpace(v)
		if core == "" {
			key = appendString(append(key, 0), v)
		} else {
			key = appendString(appendString(append(key, 1), lead), trail)
		}
	}
	sh := ts.shapes.get(key)
	if sh == nil {
		var err error
		if sh, err = ts.measureShape(p, values); err != nil || sh == nil {
			keyBufs.Put(bp)
			if err != nil {
				return nil, err
			}
			return ts.renderSizes(p)
		}
		ts.shapes.put(key, sh)
	}
	*bp = key
	keyBufs.Put(bp)
	sizes := make([]int, len(sh.base))
	for i, base := range sh.base {
		n := base
		for _, u := range sh.uses[i] {
			_, core, _ := splitSpace(values[u])
			n += len(core)
		}
		sizes[i] = n
	}
	return sizes, nil
}

// splitSpace splits s into its leading space, the rest up to its trailing
// space, and that trailing space, as strings.TrimSpace sees space.
func splitSpace(s string) (lead, core, trail string) {
	core = strings.TrimLeftFunc(s, unicode.IsSpace)
	lead = s[:len(s)-len(core)]
	core = strings.TrimRightFunc(core, unicode.IsSpace)
	trail = s[len(lead)+len(core):]
	return lead, core, trail
}

func (ts *Templates) renderSizes(p Prompt) ([]int, error) {
	msgs, err := ts.Render(p)
	if err != nil {
		return nil, err
	}
	sizes := make([]int, len(msgs))
	for i, m := range msgs {
		sizes[i] = len(m.Content)
	}
	return sizes, nil
}

// shape is how long a prompt of one shape is: each message's length
// without its texts, and which texts it prints (one entry a use).
type shape struct {
	base []int
	uses [][]int
}

// marker stands for text k in a rendered shape.
const markerByte = '\x00'

func marker(k int) string { return "\x00" + strconv.Itoa(k) + "\x00" }

// measureShape renders p with a marker in place of each text, between
// the text's own leading and trailing space, so that trimming the text or
// the message trims the same. It returns nil if the markers did not come
// through the templates whole.
func (ts *Templates) measureShape(p Prompt, values []string) (*shape, error) {
	q := p
	q.Transcript = append(q.Transcript[:0:0], p.Transcript...)
	marked := make([]string, len(values))
	for k, v := range values {
		if lead, core, trail := splitSpace(v); core != "" {
			marked[k] = lead + marker(k) + trail
		} else {
			marked[k] = v
		}
	}
	setSlotValues(&q, marked)
	msgs, err := ts.Render(q)
	if err != nil {
		return nil, err
	}
	sh := &shape{base: make([]int, len(msgs)), uses: make([][]int, len(msgs))}
	for i, m := range msgs {
		text := m.Content
		for {
			at := strings.IndexByte(text, markerByte)
			if at < 0 {
				sh.base[i] += len(text)
				break
			}
			end := strings.IndexByte(text[at+1:], markerByte)
			k, err := strconv.Atoi(text[at+1 : at+1+max(end, 0)])
			if end < 0 || err != nil || k >= len(values) {
				return nil, nil
			}
			sh.base[i] += at
			sh.uses[i] = append(sh.uses[i], k)
			text = text[at+end+2:]
		}
	}
	return sh, nil
}

// contextSlot is the context's place in slotValues.
const contextSlot = 5

// slotValues are the texts of p that vary from question to question, in
// a fixed order: the view's, then each turn's.
func slotValues(p *Prompt) []string {
	v := &p.View
	values := make([]string, 0, 6+len(p.Transcript))
	values = append(values, v.QuestionID, v.Question, v.Exhibit, v.Answers[0], v.Answers[1], v.Context)
	for _, t := range p.Transcript {
		values = append(values, t.Text)
	}
	return values
}

func setSlotValues(p *Prompt, values []string) {
	v := &p.View
	v.QuestionID, v.Question, v.Exhibit, v.Answers[0], v.Answers[1], v.Context = values[0], values[1], values[2], values[3], values[4], values[5]
	for i := range p.Transcript {
		p.Transcript[i].Text = values[6+i]
	}
}

// measurable reports whether texts can be measured by their shape: none
// holds a marker byte.
func measurable(values []string) bool {
	for _, v := range values {
		if strings.IndexByte(v, markerByte) >= 0 {
			return false
		}
	}
	return true
}

// appendShape encodes everything of p but its texts (slotValues), the
// view's evidence and difficulty.
func appendShape(b []byte, p *Prompt) []byte {
	s := &p.Seat
	b = appendString(b, s.Name)
	b = appendString(b, string(s.Role))
	b = appendString(b, s.Agent)
	b = appendInt(b, int(s.Stance))
	b = appendInt(b, int(s.Act))
	b = appendString(b, s.Setting)
	b = strconv.AppendBool(b, s.SeesContext)
	if s.Grades != "" {
		// Only when set: every other prompt hashes as it always did.
		b = appendString(append(b, "grades"...), s.Grades)
	}
	if s.WordLimit != 0 {
		b = appendInt(append(b, "words"...), s.WordLimit)
	}
	if s.Addresses != "" {
		b = appendString(append(b, "addresses"...), s.Addresses)
	}
	if s.Open {
		b = append(b, "open"...)
	}
	b = appendInt(b, p.Side)
	// Where a field never set (Letter) was: kept empty, so that every
	// hash, and the caches and prompt stores keyed on it, stay as they were.
	b = appendString(b, "")
	b = appendInt(b, p.Round)
	b = appendInt(b, p.Rounds)
	b = appendInt(b, p.WordLimit)
	b = strconv.AppendBool(b, p.QuotesVerified)
	v := &p.View
	b = appendString(b, string(v.Family))
	b = strconv.AppendBool(b, v.Shared)
	if v.NoContext {
		// Only when set, as Seat.Open: every prompt of a question with a
		// text hashes as it always did.
		b = append(b, "no context"...)
	}
	b = appendInt(b, len(p.Transcript))
	for i := range p.Transcript {
		t := &p.Transcript[i]
		b = appendInt(b, t.Round)
		b = appendString(b, string(t.Role))
		b = appendString(b, t.Name)
		b = appendInt(b, t.Side)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendInt(b []byte, n int) []byte { return binary.AppendVarint(b, int64(n)) }

var keyBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// maxShapes bounds the shapes a Templates keeps; past it, new shapes are
// rendered to be measured each time.
const maxShapes = 1024

// shapes is a Templates' measured shapes: read without a lock, written
// (rarely: a protocol has a few dozen shapes) by copying.
type shapes struct {
	mu sync.Mutex
	m  atomic.Pointer[map[string]*shape]
}

func (s *shapes) get(key []byte) *shape {
	if m := s.m.Load(); m != nil {
		return (*m)[string(key)]
	}
	return nil
}

func (s *shapes) put(key []byte, sh *shape) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.m.Load()
	if old != nil && len(*old) >= maxShapes {
		return
	}
	m := make(map[string]*shape, 1)
	if old != nil {
		m = make(map[string]*shape, len(*old)+1)
		for k, v := range *old {
			m[k] = v
		}
	}
	m[string(key)] = sh
	s.m.Store(&m)
}
