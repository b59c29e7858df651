package openai

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/mootlab/moot/agents"
)

// simServer is whether an endpoint is known to be moot's sim server, which
// plays agents.RequestHeader: learnt, by any agent that calls it, from the
// preflight's model list (its model owned by agents.SimServerOwner), from a
// batch agent's asking for its model, or from the sim server's refusal of
// a call without the header (agents.NoRequestHeader). Unknown, it is taken
// to be another server.
type simServer struct {
	mu        sync.Mutex
	is, known bool
}

func (s *simServer) get() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.is
}

func (s *simServer) set(is bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.is, s.known = is, true
}

// simProbeTimeout bounds the one request that asks a replica for its
// model, where a batch line needs to know what the replica is.
const simProbeTimeout = 10 * time.Second

// probe learns, where it is not known yet, whether r is the sim server by
// asking it once for the model (GET /models/{model}): a batch's lines are
// written before any call could be refused for want of the header. Any
// answer but the sim server's model settles it: a sim server the probe
// missed is learnt from its refusal of the lines (Result.Again).
func (c *Client) probe(r *replica) {
	r.ep.sim.mu.Lock()
	known := r.ep.sim.known
	r.ep.sim.mu.Unlock()
	if known || c.s.SendRequestHeader != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), min(c.s.Timeout, simProbeTimeout))
	defer cancel()
	m, err := r.client.Models.Get(ctx, c.s.Model)
	r.ep.sim.set(err == nil && m.OwnedBy == agents.SimServerOwner)
}

// sendsHeader reports whether the calls to r carry agents.RequestHeader
// (in batch mode, a line's moot_request): as send_request_header says, or
// where it is unset, where r is known to be the sim server. Any other
// server does without it, and a proxy in front of one may refuse a header
// as large as it grows.
func (c *Client) sendsHeader(r *replica) bool {
	if c.s.SendRequestHeader != nil {
		return *c.s.SendRequestHeader
	}
	return r.ep.sim.get()
}

// headerOpts are opts with the request header added where r takes it
// (sendsHeader); header holds the encoded request, encoded at its first
// use and kept for the call's other attempts.
func (c *Client) headerOpts(r *replica, req agents.Request, header *string, opts []option.RequestOption) ([]option.RequestOption, error) {
	if !c.sendsHeader(r) {
		return opts, nil
	}
	if *header == "" {
		h, err := agents.EncodeRequestHeader(req)
		if err != nil {
			return nil, err
		}
		*header = h
	}
	return append(opts[:len(opts):len(opts)], option.WithHeader(agents.RequestHeader, *header)), nil
}

// wantsHeader reports whether err is the sim server's refusal of a call to
// r without the request header, where send_request_header is unset: r is
// then known to be the sim server, and the call is asked again with it.
func (c *Client) wantsHeader(r *replica, err error) bool {
	if c.s.SendRequestHeader != nil || !refusedForHeader(err) {
		return false
	}
	r.ep.sim.set(true)
	return true
}

// refusedForHeader reports whether err is the sim server's refusal of a
// call without the request header: its code (agents.NoRequestHeader), or
// from a sim server before it had one, a 400 whose message names the
// header.
func refusedForHeader(err error) bool {
	var apiErr *sdk.Error
	return errors.As(err, &apiErr) && headerRefusal(apiErr.StatusCode, apiErr.Code, apiErr.Message)
}

// headerRefusal reports whether an error answer (its status, code and
// message), live or a batch line's, is the sim server's refusal of a
// request without agents.RequestHeader.
func headerRefusal(status int, code, message string) bool {
	return status == http.StatusBadRequest &&
		(code == agents.NoRequestHeader || strings.Contains(message, "needs moot's "+agents.RequestHeader))
}
