package reach

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Plan is the part of a saved plan's JSON (`tofu show -json plan.out`, `terraform show -json`)
// the model reads: the planned change of every ziti_* resource.
type Plan struct {
	Changes []ResourceChange
}

// ResourceChange is one resource's planned change.
type ResourceChange struct {
	Address string
	Type    string
	Actions []string
	Before  object // nil when the resource is created
	After   object // nil when the resource is deleted
}

// object is a resource's attributes with what is unknown until apply.
type object struct {
	values  map[string]any
	unknown map[string]any
}

type planJSON struct {
	FormatVersion   string `json:"format_version"`
	ResourceChanges []struct {
		Address string `json:"address"`
		Mode    string `json:"mode"`
		Type    string `json:"type"`
		Change  struct {
			Actions      []string       `json:"actions"`
			Before       map[string]any `json:"before"`
			After        map[string]any `json:"after"`
			AfterUnknown map[string]any `json:"after_unknown"`
		} `json:"change"`
	} `json:"resource_changes"`
}

// ParsePlan reads a plan's JSON. name is the file's name, for errors.
func ParsePlan(name string, data []byte) (*Plan, error) {
	redo := "create it with `tofu show -json plan.out > " + name + "` (or `terraform show -json`)"
	if bytes.HasPrefix(data, []byte("PK")) {
		return nil, fmt.Errorf("%s is a binary plan file, not its JSON: %s", name, redo)
	}
	var p planJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		var syntax *json.SyntaxError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			return nil, fmt.Errorf("%s ends in the middle of the JSON after %d bytes: the file is truncated; re-%s", name, len(data), redo)
		case errors.As(err, &syntax):
			return nil, fmt.Errorf("%s is not valid JSON (at byte %d: %v); %s", name, syntax.Offset, err, redo)
		}
		return nil, fmt.Errorf("%s is not a plan's JSON (%v); %s", name, err, redo)
	}
	if p.FormatVersion == "" {
		return nil, fmt.Errorf("%s has no format_version: it is not a plan's JSON; %s", name, redo)
	}
	out := &Plan{}
	for _, rc := range p.ResourceChanges {
		if rc.Mode != "managed" || !strings.HasPrefix(rc.Type, "ziti_") {
			continue
		}
		c := ResourceChange{Address: rc.Address, Type: rc.Type, Actions: rc.Change.Actions}
		if rc.Change.Before != nil {
			c.Before = object{values: rc.Change.Before}
		}
		if rc.Change.After != nil || rc.Change.AfterUnknown != nil {
			c.After = object{values: rc.Change.After, unknown: rc.Change.AfterUnknown}
			if c.After.values == nil {
				c.After.values = map[string]any{}
			}
		}
		if isDelete(c.Actions) {
			c.After = object{}
		}
		out.Changes = append(out.Changes, c)
	}
	if len(out.Changes) == 0 {
		return nil, fmt.Errorf("%s plans no ziti_* resource (%d resource changes, none of the ziti provider): "+
			"it was made from a configuration without ziti resources; plan the configuration that holds them", name, len(p.ResourceChanges))
	}
	return out, nil
}

func isDelete(actions []string) bool { return len(actions) == 1 && actions[0] == "delete" }

func (o object) present() bool { return o.values != nil }

// isUnknown reports whether the attribute (or any element of it) is unknown until apply.
func (o object) isUnknown(key string) bool {
	return anyTrue(o.unknown[key])
}

func anyTrue(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case []any:
		for _, e := range x {
			if anyTrue(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if anyTrue(e) {
				return true
			}
		}
	}
	return false
}

// str is a string attribute; ok is false when unknown or unset.
func (o object) str(key string) (string, bool) {
	if o.isUnknown(key) {
		return "", false
	}
	s, ok := o.values[key].(string)
	return s, ok && s != ""
}

// strs is a set or list of strings; unknown when it or an element is.
func (o object) strs(key string) (vals []string, unknown bool) {
	if o.isUnknown(key) {
		return nil, true
	}
	list, _ := o.values[key].([]any)
	for _, e := range list {
		if s, ok := e.(string); ok {
			vals = append(vals, s)
		}
	}
	return vals, false
}

func (o object) roles(key string) Roles {
	v, unknown := o.strs(key)
	return Roles{Values: v, Unknown: unknown}
}

func (o object) attributes(key string) Attributes {
	v, unknown := o.strs(key)
	return Attributes{Values: v, Unknown: unknown}
}

// ints is a set or list of whole numbers (ports).
func (o object) ints(key string) (vals []int64, unknown bool) {
	if o.isUnknown(key) {
		return nil, true
	}
	list, _ := o.values[key].([]any)
	for _, e := range list {
		if n, ok := e.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				vals = append(vals, i)
			}
		}
	}
	return vals, false
}

// objects is a list or set of nested objects (port ranges, destinations).
func (o object) objects(key string) (out []object, unknown bool) {
	if o.isUnknown(key) {
		return nil, true
	}
	list, _ := o.values[key].([]any)
	unknowns, _ := o.unknown[key].([]any)
	for i, e := range list {
		m, _ := e.(map[string]any)
		var u map[string]any
		if i < len(unknowns) {
			u, _ = unknowns[i].(map[string]any)
		}
		out = append(out, object{values: m, unknown: u})
	}
	return out, false
}

// int is a whole-number attribute.
func (o object) int(key string) (int64, bool) {
	if o.isUnknown(key) {
		return 0, false
	}
	n, ok := o.values[key].(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}
