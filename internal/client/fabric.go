package client

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/openziti/edge-api/rest_model"
)

// FabricBasePath is where the controller serves the fabric API (circuits, terminators). It
// is not part of edge-api; the same session token works on it.
const FabricBasePath = "/fabric/v1"

// Circuit is an open connection through the overlay: one dialing identity reaching one
// service, hosted by one identity or router. Only the fields the provider uses are typed (the
// fabric models live in the controller's own module, which is far too heavy to import).
type Circuit struct {
	ID      string                `json:"id"`
	Service *rest_model.EntityRef `json:"service"`
	Tags    struct {
		ClientID  string `json:"clientId"`  // the dialing identity's id
		HostID    string `json:"hostId"`    // the hosting identity's id
		ServiceID string `json:"serviceId"` // the service's id
	} `json:"tags"`
}

// ListCircuits returns the open circuits a ZitiQL filter matches ("" for all; fields id,
// clientId, service, terminator, createdAt), paged by key so that circuits closing meanwhile
// make no other circuit be skipped (see listPages).
func (c *Client) ListCircuits(ctx context.Context, filter string) ([]Circuit, error) {
	fetch := func(ctx context.Context, filter string, offset int) ([]Circuit, error) {
		var out envelope[[]Circuit]
		err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/circuits", Fabric: true, Out: &out,
			Query: map[string]string{"limit": strconv.Itoa(PageSize), "offset": strconv.Itoa(offset), "filter": filter}})
		return out.Data, err
	}
	return listPages(ctx, fetch, filter, func(c Circuit) (string, error) {
		if c.ID == "" {
			return "", errors.New("the fabric API listed a circuit without an id")
		}
		return c.ID, nil
	})
}

// HasTerminators reports whether any terminator serves a service the ZitiQL filter selects
// (fields as for circuits, e.g. `service in ["id"]`; "" for any service). A dial is routed to
// a terminator when it is set up: a service without one cannot be in the middle of opening
// a circuit.
func (c *Client) HasTerminators(ctx context.Context, filter string) (bool, error) {
	query := map[string]string{"limit": "1"}
	if filter != "" {
		query["filter"] = filter
	}
	var out envelope[[]struct {
		ID string `json:"id"`
	}]
	err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/terminators", Fabric: true, Out: &out, Query: query})
	return len(out.Data) > 0, err
}

// circuitDelete asks the routers to tear the circuit down now, not when it next idles.
type circuitDelete struct {
	Immediate bool `json:"immediate"`
}

// DeleteCircuit closes an open circuit at once. A 404 (already closed) is not an error.
func (c *Client) DeleteCircuit(ctx context.Context, id string) error {
	err := c.Do(ctx, Request{Method: http.MethodDelete, Path: "/circuits/{id}", Fabric: true,
		Params: map[string]string{"id": id}, Body: circuitDelete{Immediate: true}})
	if IsNotFound(err) {
		return nil
	}
	return err
}
