package composite

import (
	"fmt"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Snapshot is what the controller holds of a composite's children, by key.
type Snapshot struct {
	Configs        map[string]*rest_model.ConfigDetail
	Services       map[string]*rest_model.ServiceDetail
	Policies       map[string]*rest_model.ServicePolicyDetail
	RouterPolicies map[string]*rest_model.ServiceEdgeRouterPolicyDetail
	Missing        []string // keys whose entity is gone
}

// readInto reads one child and, when it exists, keeps it under key.
func readInto[C, U, D any](op *framework.Op, api client.Entities[C, U, D], id string, into map[string]D, key string) error {
	d, err := api.Get(op.Ctx, op.Client, id)
	if err == nil {
		into[key] = d
	}
	return err
}

// Read reads every child once; a 404 lists the key in Missing.
func Read(op *framework.Op, ids IDs) Snapshot {
	s := Snapshot{Configs: map[string]*rest_model.ConfigDetail{}, Services: map[string]*rest_model.ServiceDetail{},
		Policies: map[string]*rest_model.ServicePolicyDetail{}, RouterPolicies: map[string]*rest_model.ServiceEdgeRouterPolicyDetail{}}
	for key, id := range ids {
		var err error
		switch kindOf(key) {
		case KindConfig:
			err = readInto(op, client.Configs, id, s.Configs, key)
		case KindService:
			err = readInto(op, client.Services, id, s.Services, key)
		case KindServicePolicy:
			err = readInto(op, client.ServicePolicies, id, s.Policies, key)
		case KindRouterPolicy:
			err = readInto(op, client.ServiceEdgeRouterPolicies, id, s.RouterPolicies, key)
		}
		switch {
		case client.IsNotFound(err):
			s.Missing = append(s.Missing, key)
		case err != nil:
			framework.AddAPIError(op.Diags, "read", "owned "+kindPrefix[kindOf(key)], err)
			return s
		}
	}
	return s
}

// FindOwned finds the children of the composite kind/name by their ownership tags.
func FindOwned(op *framework.Op, kind, name string) IDs {
	filter := fmt.Sprintf(`tags.%s = %s and tags.%s = %s`, TagComposite, framework.QuoteZitiQL(kind), TagName, framework.QuoteZitiQL(name))
	ids := IDs{}
	for _, k := range []Kind{KindConfig, KindService, KindServicePolicy, KindRouterPolicy} {
		found, err := listTagged(op, k, filter)
		if err != nil {
			framework.AddAPIError(op.Diags, "find the entities of", kind, err)
			return ids
		}
		for _, e := range found {
			if key := tagString(e.Tags, TagKey); key != "" {
				ids[key] = e.ID
			}
		}
	}
	return ids
}
