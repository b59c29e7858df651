package openai

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/transcript"
)

// Settings are an openai agent's settings, as written in the experiment
// file.
type Settings struct {
	// BaseURL of the endpoint, with its /v1, e.g. http://127.0.0.1:8000/v1;
	// or a list of replicas serving the same model (replicas.go).
	BaseURL URLs   `yaml:"base_url" required:"true" doc:"the endpoint, with its /v1; or a list of replicas that serve the same model, each call going to the least loaded"`
	Model   string `yaml:"model" required:"true" doc:"the model name the endpoint serves"`
	// CacheAs names the model behind the base URLs in the response cache's
	// key, in their place: replicas of one model named alike share cached
	// answers whatever the list. Empty: the URLs themselves.
	CacheAs string `yaml:"cache_as,omitempty" doc:"a name for the model behind base_url, used in the cache key in place of the URLs, so that replicas of one model share cached answers whatever the list; empty: the URLs"`
	// APIKeyEnv names the environment variable that holds the key. The key
	// itself is never accepted in a file.
	APIKeyEnv string `yaml:"api_key_env,omitempty" doc:"the environment variable that holds the API key"`
	// APIKey exists only to reject a key written in the file.
	APIKey      string   `yaml:"api_key,omitempty" doc:"never accepted: name an environment variable with api_key_env"`
	Temperature *float64 `yaml:"temperature,omitempty" doc:"sampling temperature, in [0, 2]; the endpoint's default if unset"`
	MaxTokens   int      `yaml:"max_tokens,omitempty" doc:"the most tokens a reply may have; 0 leaves it to the endpoint"`
	// MaxCompletionTokens is the token limit sent as max_completion_tokens
	// instead: OpenAI's reasoning models refuse max_tokens, and count their
	// reasoning within this limit.
	MaxCompletionTokens int `yaml:"max_completion_tokens,omitempty" doc:"the most tokens a reply may have, its reasoning included, sent as max_completion_tokens (OpenAI's reasoning models refuse max_tokens); not with max_tokens"`
	// ReasoningEffort is sent as reasoning_effort where set (none,
	// minimal, low, medium, high…: what the model takes).
	ReasoningEffort string `yaml:"reasoning_effort,omitempty" doc:"sent as reasoning_effort to a reasoning model (none, minimal, low, medium, high, as the model takes); unset: the model's default"`
	// Seed, if set, is sent with every call instead of the per-call seed
	// moot derives from the experiment seed and the turn, plus the
	// sample's index (Client.seed).
	Seed *int64 `yaml:"seed,omitempty" doc:"sent with every call instead of the per-call seed moot derives, plus the sample index for a turn's later samples (best-of-N candidates, asks again)"`
	// SendSeed false sends no seed, to a server that refuses the field
	// (Mistral's API, a strict validator); the seed still keys the cache,
	// so that repeats and draws stay apart.
	SendSeed *bool `yaml:"send_seed,omitempty" doc:"false: send no seed, to a server that refuses the field (its answers then vary as the server draws them); unset or true: send one"`
	// Concurrency limits the calls in flight to this base URL, shared by
	// every agent that uses it (the smallest limit named wins).
	Concurrency int           `yaml:"concurrency" doc:"the most calls in flight to this base URL, shared by the agents that use it" resume:"free"`
	Timeout     time.Duration `yaml:"timeout" doc:"the time a call may take" resume:"free"`
	MaxRetries  int           `yaml:"max_retries" doc:"retries of a call that failed transiently" resume:"free"`
	// Backoff is the first wait before a retry that the server did not
	// time; each further retry doubles it, up to 8 s.
	Backoff time.Duration `yaml:"backoff" doc:"the first wait before a retry; each further retry doubles it, up to 8s" resume:"free"`
	// Price is in US dollars per million tokens.
	Price Price `yaml:"price"`
	// Logprobs asks for log-probabilities on the calls whose answer is a
	// verdict (a judge's, a grader's, a best-of-N scorer's), to give the
	// probability of each answer where the endpoint supports it.
	Logprobs bool `yaml:"logprobs" doc:"ask for log-probabilities on judge, grader and best-of-N scorer calls, for the probability of each answer"`
	// SendRequestHeader sends agents.RequestHeader (in batch mode, a
	// line's moot_request) with every call, so that moot serve-sim can play
	// it: unset, to a server that lists the model as the sim server's
	// (agents.SimServerOwner) alone; true, to any; false, to none. It
	// changes whether serve-sim can answer, not what another server does.
	SendRequestHeader *bool `yaml:"send_request_header,omitempty" doc:"send the request header moot serve-sim plays: unset, to a server that lists the model as serve-sim's alone; true, to any (a large header a proxy may refuse); false, to none" resume:"free"`
	// Mode is live (each call sent at once) or batch (calls gathered and
	// sent through the endpoint's batch API; package batch).
	Mode  string         `yaml:"mode" doc:"live: each call is sent at once; batch: calls wait and go through the endpoint's batch API (/v1/files, /v1/batches) at its discount (docs/llm-endpoints.md)" resume:"free"`
	Batch batch.Settings `yaml:"batch" resume:"free"`
}

// Price is the cost of tokens, in US dollars per million.
type Price struct {
	Input  float64 `yaml:"input" doc:"US dollars per million input tokens"`
	Output float64 `yaml:"output" doc:"US dollars per million output tokens"`
	// CachedInput prices the input tokens the server read from its
	// prompt cache (transcript.Usage.CachedInputTokens); unset, they are
	// priced as Input.
	CachedInput *float64 `yaml:"cached_input,omitempty" doc:"US dollars per million input tokens the server read from its prompt cache (OpenAI's cached_tokens, at a discount); unset: the input price"`
}

// CheckKeys refuses a price that names some of its keys but not both
// input and output: the one left out was priced at $0 without a word
// (price: {input: 2.5} made every output token free, and the estimate a
// budget is checked against too low). A price naming none is no price.
func (Price) CheckKeys(keys []string) error {
	if len(keys) > 0 && (!slices.Contains(keys, "input") || !slices.Contains(keys, "output")) {
		return errors.New("give both input and output, in US dollars per million tokens (0 where such tokens are free)")
	}
	return nil
}

// Cost is the price of a call's tokens in US dollars.
func (p Price) Cost(u transcript.Usage) float64 {
	cached := 0
	if p.CachedInput != nil {
		cached = min(u.CachedInputTokens, u.InputTokens)
	}
	cost := p.Input*float64(u.InputTokens-cached) + p.Output*float64(u.OutputTokens)
	if cached > 0 {
		cost += *p.CachedInput * float64(cached)
	}
	return cost / 1e6
}

// DefaultSettings are used for the fields an experiment leaves out.
func DefaultSettings() Settings {
	return Settings{Concurrency: 8, Timeout: 2 * time.Minute, MaxRetries: 6, Backoff: 500 * time.Millisecond, Logprobs: true,
		Mode: ModeLive, Batch: batch.DefaultSettings()}
}

// Validate reports the first bad setting, naming its field.
func (s *Settings) Validate() error {
	if len(s.BaseURL) == 0 {
		return errors.New("base_url: required, e.g. http://127.0.0.1:8000/v1")
	}
	seen := map[string]bool{}
	for _, b := range s.BaseURL {
		u, err := url.Parse(b)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("base_url: want an http or https URL, got %q", b)
		}
		if strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/chat/completions") {
			// A curl example's whole URL: each call went to
			// …/chat/completions/chat/completions, a 404.
			return fmt.Errorf("base_url: %q ends in the path moot adds, /chat/completions: give it up to /v1", b)
		}
		if u.RawQuery != "" || u.ForceQuery {
			// The client drops a base URL's query: each call went
			// without it, Azure's ?api-version= among them.
			return fmt.Errorf("base_url: %q has a query, which no call would send (the OpenAI client drops it); for Azure OpenAI's ?api-version=, give https://RESOURCE.openai.azure.com/openai/v1, which takes none", b)
		}
		if k := strings.TrimRight(b, "/"); seen[k] {
			return fmt.Errorf("base_url: %q is listed twice", b)
		} else {
			seen[k] = true
		}
	}
	switch {
	case s.APIKey != "":
		return errors.New("api_key: a key is never accepted in an experiment file; put it in an environment variable and name that with api_key_env")
	case s.Model == "":
		return errors.New("model: required")
	case strings.ContainsFunc(s.Model, unicode.IsControl) || s.Model != strings.TrimFunc(s.Model, unicode.IsSpace):
		// Sent as it is, and keying the cache: "gpt-4o " is another model.
		return fmt.Errorf("model: want a model's name without control characters or spaces at its ends; got %q", s.Model)
	case s.Temperature != nil && !(*s.Temperature >= 0 && *s.Temperature <= 2): // NaN fails too
		return fmt.Errorf("temperature: must be in [0, 2], got %g", *s.Temperature)
	case s.MaxTokens < 0:
		return fmt.Errorf("max_tokens: must not be negative, got %d", s.MaxTokens)
	case s.MaxCompletionTokens < 0:
		return fmt.Errorf("max_completion_tokens: must not be negative, got %d", s.MaxCompletionTokens)
	case s.MaxTokens > 0 && s.MaxCompletionTokens > 0:
		return errors.New("max_completion_tokens: give one token limit, max_tokens or max_completion_tokens, not both")
	case strings.ContainsFunc(s.ReasoningEffort, blankOrControl):
		return fmt.Errorf("reasoning_effort: want one word, such as low, medium or high; got %q", s.ReasoningEffort)
	case s.CacheAs != strings.TrimFunc(s.CacheAs, unicode.IsSpace) || strings.ContainsFunc(s.CacheAs, unicode.IsControl):
		// " qwen" and "qwen" would key two caches, told apart by nothing seen.
		return fmt.Errorf("cache_as: want a name without spaces at its ends or control characters; got %q", s.CacheAs)
	case s.Seed != nil && s.SendSeed != nil && !*s.SendSeed:
		return errors.New("send_seed: false sends no seed, and seed names one to send: give one of the two")
	case s.Concurrency < 1 || s.Concurrency > 4096:
		return fmt.Errorf("concurrency: must be between 1 and 4096, got %d", s.Concurrency)
	case s.Timeout <= 0:
		return fmt.Errorf("timeout: must be positive, got %s", s.Timeout)
	case s.Backoff <= 0 || s.Backoff > backoffCap:
		return fmt.Errorf("backoff: must be positive and at most %s, got %s", backoffCap, s.Backoff)
	case strings.HasPrefix(s.APIKeyEnv, "$") && envName.MatchString(strings.Trim(s.APIKeyEnv[1:], "{}")):
		return fmt.Errorf("api_key_env: want the variable's name without the $ (%s): moot reads the variable itself", strings.Trim(s.APIKeyEnv[1:], "{}"))
	case s.APIKeyEnv != "" && (!envName.MatchString(s.APIKeyEnv) || looksLikeKey(s.APIKeyEnv)):
		// The value is not repeated: it may be the key itself, pasted in
		// the wrong place, and errors are printed and logged.
		return fmt.Errorf("api_key_env: want the name of an environment variable (letters, digits and _, such as OPENAI_API_KEY), not a key: %d characters that are not one (not repeated here, as they may be the key)", len(s.APIKeyEnv))
	case s.MaxRetries < 0 || s.MaxRetries > 100:
		return fmt.Errorf("max_retries: must be between 0 and 100, got %d", s.MaxRetries)
	case !(s.Price.Input >= 0 && s.Price.Output >= 0) || math.IsInf(s.Price.Input+s.Price.Output, 0):
		return errors.New("price: want finite, non-negative dollars per million tokens")
	case s.Price.CachedInput != nil && (!(*s.Price.CachedInput >= 0) || math.IsInf(*s.Price.CachedInput, 0)):
		return errors.New("price: cached_input: want finite, non-negative dollars per million tokens")
	case s.Price.CachedInput != nil && *s.Price.CachedInput > s.Price.Input:
		// A server's cached_tokens are input it read from its prompt
		// cache, sold at a discount: above the input price, the two are
		// swapped, and every cached token would be overcharged.
		return fmt.Errorf("price: cached_input: %g is above input's %g; want the discounted price of cached input tokens, at most input's", *s.Price.CachedInput, s.Price.Input)
	case s.Mode != "" && s.Mode != ModeLive && s.Mode != ModeBatch:
		return fmt.Errorf("mode: want %s or %s, got %q", ModeLive, ModeBatch, s.Mode)
	case s.Batch == batch.Settings{}:
		return nil // settings made in Go without them: the defaults
	}
	return s.Batch.Validate()
}

// blankOrControl says whether r is white space or a control character,
// which no one word holds.
func blankOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// envName is the name of an environment variable as a shell sets one.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// apiKey reads the key from the environment variable named by APIKeyEnv.
// Its errors name the variable, never a value.
func (s *Settings) apiKey() (string, error) {
	if s.APIKeyEnv == "" {
		return "", nil
	}
	key, ok := os.LookupEnv(s.APIKeyEnv)
	if !ok {
		return "", fmt.Errorf("api_key_env: the environment variable %s is not set", s.APIKeyEnv)
	}
	// A key file's newline (a Kubernetes secret made from one, $(cat
	// key)) is no part of the key; no key holds white space.
	key = strings.TrimSpace(key)
	if key == "" {
		return "", fmt.Errorf("api_key_env: the environment variable %s is set but empty", s.APIKeyEnv)
	}
	if i := strings.IndexFunc(key, func(r rune) bool { return r < 0x21 || r == 0x7f }); i >= 0 {
		return "", fmt.Errorf("api_key_env: the environment variable %s holds a space or a control character at byte %d of %d, which no key has and no request can carry", s.APIKeyEnv, i+1, len(key))
	}
	return key, nil
}

// looksLikeKey reports whether name, given as the name of an environment
// variable, looks like an API key instead: long, mixing lower-case
// letters and digits, and either without the underscores a variable's
// name has or led as providers lead their keys (hf_, gsk_, sk_, r8_…).
func looksLikeKey(name string) bool {
	if len(name) < 20 || !strings.ContainsAny(name, "0123456789") || !strings.ContainsAny(name, "abcdefghijklmnopqrstuvwxyz") {
		return false
	}
	for _, lead := range keyLeads {
		if strings.HasPrefix(name, lead) {
			return true
		}
	}
	return len(name) >= 24 && !strings.Contains(name, "_")
}

// keyLeads are how providers' API keys begin where a variable's name may
// too (letters, digits, _): Hugging Face, Groq, Stripe-style, Replicate.
var keyLeads = []string{"hf_", "gsk_", "sk_", "r8_", "pk_", "rk_"}
