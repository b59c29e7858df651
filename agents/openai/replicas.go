package openai

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/mootlab/moot/internal/settings"
	"go.yaml.in/yaml/v3"
)

// URLs is base_url: one URL, or a list of replicas that serve the same
// model. One URL is written back as a scalar, so that the lock of a file
// with one reads as before.
type URLs []string

// SettingType names the setting's type for moot backends.
func (URLs) SettingType() string { return "URL or list of URLs" }

// UnmarshalYAML reads a scalar or a sequence of scalars.
func (u *URLs) UnmarshalYAML(n *yaml.Node) error {
	list, ok, err := settings.ScalarOrList(n)
	if !ok {
		return errors.New("want a URL or a list of URLs")
	}
	if err != nil {
		return err
	}
	if len(list) == 1 && list[0] == "" {
		list = nil
	}
	*u = list
	return nil
}

// MarshalYAML writes one URL as a scalar, more as a list.
func (u URLs) MarshalYAML() (any, error) {
	if len(u) == 1 {
		return u[0], nil
	}
	return []string(u), nil
}

// String joins the URLs with commas.
func (u URLs) String() string { return strings.Join(u, ",") }

// replica is one base URL of a client: its SDK client, and its endpoint's
// concurrency limit and circuit breaker, shared with every agent that
// calls the same URL.
type replica struct {
	url    string
	client sdk.Client
	ep     *endpoint
}

// sdkClient is the SDK's client of the base URL base, with moot's options
// alone: the services moot calls, made without the SDK's NewClient, which
// reads OPENAI_API_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID and
// OPENAI_CUSTOM_HEADERS from the environment and sends them to every
// server — a proxy's token in a custom header to a local vLLM, an
// Authorization header to a server the experiment gives no key, an
// organization left over from another account that makes OpenAI refuse
// the key it names. moot sends only what the experiment names: key, ""
// for none. Its HTTP client is the SDK's default one (a transport of Go's
// defaults that waits at most ten minutes for a response's headers), and
// retries are moot's own.
func sdkClient(base, key string) sdk.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.ResponseHeaderTimeout = 10 * time.Minute
	opts := []option.RequestOption{option.WithHTTPClient(&http.Client{Transport: transport}), option.WithBaseURL(base),
		option.WithAPIKey(key), option.WithMaxRetries(0), option.WithMiddleware(errorBodies)}
	return sdk.Client{Options: opts, Chat: sdk.NewChatService(opts...), Models: sdk.NewModelService(opts...),
		Files: sdk.NewFileService(opts...), Batches: sdk.NewBatchService(opts...)}
}

// pick chooses the replica for one attempt: a replica not in avoid (the
// replicas this call could not connect to) whose breaker is open and whose
// probe is due, so that an ejected replica is tried every probeEvery and
// takes calls again once it answers, though others take them meanwhile;
// else, among those whose breaker is closed, and not in avoid unless that
// leaves none, the least loaded: the fewest calls in flight and waiting
// for its limit (a free slot if any has one, else the shortest queue).
// With every breaker open and no probe due, it returns the error of the
// first replica's breaker.
func (c *Client) pick(avoid map[*replica]bool) (*replica, error) {
	if len(c.replicas) == 1 {
		r := c.replicas[0]
		return r, r.ep.breaker.allow()
	}
	for _, r := range c.replicas {
		if !avoid[r] && r.ep.breaker.down() != nil && r.ep.breaker.allow() == nil {
			return r, nil // the probe of an ejected replica
		}
	}
	var best *replica
	bestLoad := 0.0
	for _, pass := range []bool{true, false} {
		for _, r := range c.replicas {
			if (pass && avoid[r]) || r.ep.breaker.down() != nil {
				continue
			}
			if load := r.ep.load(); best == nil || load < bestLoad {
				best, bestLoad = r, load
			}
		}
		if best != nil {
			return best, nil
		}
	}
	var first error
	for _, r := range c.replicas {
		err := r.ep.breaker.allow()
		if err == nil {
			return r, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// Down implements agents.Breaker: nil while any replica takes calls,
// else the error of the first replica's open breaker.
func (c *Client) Down() error {
	var first error
	for _, r := range c.replicas {
		err := r.ep.breaker.down()
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	if len(c.replicas) > 1 {
		return fmt.Errorf("every replica is down: %w", first)
	}
	return first
}
