package client

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-openapi/runtime"
	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/openziti/edge-api/rest_model"
)

// envelope is the controller's answer shape, {"data": ..., "meta": ...}, typed by its data.
type envelope[T any] struct {
	Data T                `json:"data"`
	Meta *rest_model.Meta `json:"meta"`
}

// Request is one call to the management (or fabric) API with a typed body and answer.
type Request struct {
	Method string
	Path   string            // pattern below the API base, e.g. "/identities/{id}"
	Params map[string]string // path parameters
	Query  map[string]string
	Body   any  // marshalled as JSON; nil for none
	Out    any  // the answer's JSON is decoded into it; nil to discard
	Fabric bool // true for the fabric API (/fabric/v1) instead of the edge management API
}

// Do sends r through the client's transport (session, retries, error decoding, redaction).
func (c *Client) Do(ctx context.Context, r Request) error {
	writer := runtime.ClientRequestWriterFunc(func(req runtime.ClientRequest, _ strfmt.Registry) error {
		for k, v := range r.Params {
			if err := req.SetPathParam(k, v); err != nil {
				return err
			}
		}
		for k, v := range r.Query {
			if err := req.SetQueryParam(k, v); err != nil {
				return err
			}
		}
		if r.Body != nil {
			return req.SetBodyParam(r.Body)
		}
		return nil
	})
	reader := runtime.ClientResponseReaderFunc(func(resp runtime.ClientResponse, consumer runtime.Consumer) (any, error) {
		if r.Out == nil || resp.Code() == http.StatusNoContent {
			return nil, nil
		}
		if err := consumer.Consume(resp.Body(), r.Out); err != nil {
			return nil, fmt.Errorf("%s %s: decoding the answer: %w", r.Method, r.Path, err)
		}
		return r.Out, nil
	})
	t := c.transport
	if r.Fabric {
		t = c.fabric
	}
	_, err := t.SubmitContext(ctx, &runtime.ClientOperation{
		ID:                 r.Method + " " + r.Path,
		Method:             r.Method,
		PathPattern:        r.Path,
		ProducesMediaTypes: []string{"application/json"},
		ConsumesMediaTypes: []string{"application/json"},
		Schemes:            []string{"https"},
		Params:             writer,
		Reader:             reader,
	})
	return err
}

// Entities is the REST collection of one entity type: POST /plural, GET/PUT/DELETE
// /plural/{id}, GET /plural?filter=. C, U and D are its rest_model create, update and detail
// types. Every entity goes through these same few functions.
type Entities[C, U, D any] struct {
	Path string // "/identities"
}

// Create POSTs body and returns the new id. It is never retried (see idempotent).
func (e Entities[C, U, D]) Create(ctx context.Context, c *Client, body C) (string, error) {
	id, err := e.post(ctx, c, body)
	if err == nil || !answerLost(err) || ctx.Err() != nil {
		return id, err
	}
	// The create reached a controller whose answer never came back (it crashed, or the
	// connection dropped): it may or may not have been applied. Names are unique per
	// collection, so the name tells: adopt the entity if it is there, else send the create
	// again; if that one collides with an entity of the name, the first create did happen.
	_, name := KeysOf(body)
	if name == "" {
		return "", err
	}
	found, ok, lerr := e.findByName(settle(ctx), c, name)
	switch {
	case lerr != nil:
		return "", fmt.Errorf("%w (and looking for %q afterwards failed: %v). The create may have been applied: "+
			"if the next apply says the name is taken, import the entity with the id \"name:%s\" instead of creating it", err, name, lerr, name)
	case ok:
		tflog.Warn(ctx, "a create's answer was lost; the entity it made was found by name and adopted", map[string]any{"path": e.Path, "name": name, "id": found})
		return found, nil
	}
	id, again := e.post(ctx, c, body)
	if again == nil {
		return id, nil
	}
	// The second create was refused, most likely because the name is taken: the first one did
	// happen, and the member asked before had not caught up with it yet. Look again, giving a
	// trailing member the same time a read gets.
	var lookup error
	_ = c.Consistently(ctx, func(error) bool { return !ok && lookup == nil }, func() error {
		found, ok, lookup = e.findByName(settle(ctx), c, name)
		return lookup
	})
	if ok {
		tflog.Warn(ctx, "a create's answer was lost; sent again, it collided with the entity the first one made, which is adopted", map[string]any{"path": e.Path, "name": name, "id": found})
		return found, nil
	}
	return "", fmt.Errorf("%w (sent again after the answer was lost, as no entity of that name was there: %v)", err, again)
}

func (e Entities[C, U, D]) post(ctx context.Context, c *Client, body C) (string, error) {
	var out envelope[*rest_model.CreateLocation]
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: e.Path, Body: body, Out: &out}); err != nil {
		return "", err
	}
	if out.Data == nil || out.Data.ID == "" {
		return "", fmt.Errorf("POST %s: the controller answered without an id", e.Path)
	}
	return out.Data.ID, nil
}

// findByName is the id of the entity with this name, if there is one.
func (e Entities[C, U, D]) findByName(ctx context.Context, c *Client, name string) (string, bool, error) {
	found, err := ListAt[D](ctx, c, e.Path, nil, nil, NameFilter(name))
	if err != nil || len(found) == 0 {
		return "", false, err
	}
	id, err := IDOf(found[0])
	return id, err == nil && id != "", err
}

// Get reads one entity; IsNotFound(err) means it is gone.
func (e Entities[C, U, D]) Get(ctx context.Context, c *Client, id string) (D, error) {
	var out envelope[D]
	err := c.Consistently(ctx, IsNotFound, func() error {
		return c.Do(ctx, Request{Method: http.MethodGet, Path: e.Path + "/{id}", Params: map[string]string{"id": id}, Out: &out})
	})
	return out.Data, err
}

// Update replaces the entity (PUT): fields the body leaves empty are cleared.
func (e Entities[C, U, D]) Update(ctx context.Context, c *Client, id string, body U) error {
	return c.Do(ctx, Request{Method: http.MethodPut, Path: e.Path + "/{id}", Params: map[string]string{"id": id}, Body: body})
}

// Delete removes the entity; a 404 is returned as is (callers decide whether gone is fine).
func (e Entities[C, U, D]) Delete(ctx context.Context, c *Client, id string) error {
	return c.Do(ctx, Request{Method: http.MethodDelete, Path: e.Path + "/{id}", Params: map[string]string{"id": id}})
}

// PageSize is the controller's maximum page.
const PageSize = 500

// List returns every entity matching a ZitiQL filter ("" for all), consistently over a list
// that changes meanwhile (see listPages), 500 at a time.
func (e Entities[C, U, D]) List(ctx context.Context, c *Client, filter string) ([]D, error) {
	return ListAt[D](ctx, c, e.Path, nil, nil, filter)
}

// ListAt lists everything the collection or sub-collection at path answers (path parameters
// in params, other query parameters such as policyType in query) that filter matches, with
// the consistent paging every list uses (listPages).
func ListAt[T any](ctx context.Context, c *Client, path string, params, query map[string]string, filter string) ([]T, error) {
	fetch := func(ctx context.Context, filter string, offset int) ([]T, error) {
		q := map[string]string{"limit": strconv.Itoa(PageSize), "offset": strconv.Itoa(offset), "filter": filter}
		for k, v := range query {
			q[k] = v
		}
		var out envelope[[]T]
		err := c.Do(ctx, Request{Method: http.MethodGet, Path: path, Params: params, Query: q, Out: &out})
		return out.Data, err
	}
	return listPages(ctx, fetch, filter, func(v T) (string, error) { return IDOf(v) })
}

// NameFilter is the ZitiQL filter for an exact name.
func NameFilter(name string) string { return "name=" + QuoteZitiQL(name) }

// QuoteZitiQL quotes a string literal for ZitiQL.
func QuoteZitiQL(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
