package reach

import (
	"context"
	"fmt"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// postureCheck is what the model reads of a posture check. Posture checks are polymorphic
// (typeId); the model only needs what every type has.
type postureCheck struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	RoleAttributes []string `json:"roleAttributes"`
}

// Load reads the whole network from the controller: one listing per entity type.
func Load(ctx context.Context, c *client.Client) (*Network, error) {
	n := NewNetwork()
	identities, err := client.Identities.List(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("listing identities: %w", err)
	}
	for _, i := range identities {
		e := liveEntity(&i.BaseEntity, i.Name, i.RoleAttributes)
		n.Identities[e.ID] = e
	}
	configs, err := client.Configs.List(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("listing configs: %w", err)
	}
	for _, cfg := range configs {
		n.Configs[str(cfg.ID)] = liveConfig(cfg)
	}
	services, err := client.Services.List(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("listing services: %w", err)
	}
	for _, s := range services {
		e := liveEntity(&s.BaseEntity, s.Name, s.RoleAttributes)
		n.Services[e.ID] = &Service{Entity: *e, ConfigIDs: s.Configs}
	}
	routers, err := client.EdgeRouters.List(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("listing edge routers: %w", err)
	}
	for _, r := range routers {
		e := liveEntity(&r.BaseEntity, r.Name, r.RoleAttributes)
		n.Routers[e.ID] = e
	}
	checks, err := client.ListAt[postureCheck](ctx, c, "/posture-checks", nil, nil, "")
	if err != nil {
		return nil, fmt.Errorf("listing posture checks: %w", err)
	}
	for _, pc := range checks {
		n.PostureChecks[pc.ID] = &Entity{ID: pc.ID, Name: pc.Name, Attributes: Attributes{Values: pc.RoleAttributes}}
	}
	policies, err := client.ServicePolicies.List(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("listing service policies: %w", err)
	}
	for _, p := range policies {
		n.ServicePolicies[str(p.ID)] = &ServicePolicy{ID: str(p.ID), Name: str(p.Name), Owner: ownerOf(p.Tags),
			Type: string(deref(p.Type)), Semantic: string(deref(p.Semantic)),
			Identities: Roles{Values: p.IdentityRoles}, Services: Roles{Values: p.ServiceRoles}, PostureChecks: Roles{Values: p.PostureCheckRoles}}
	}
	erps, err := client.EdgeRouterPolicies.List(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("listing edge router policies: %w", err)
	}
	for _, p := range erps {
		n.EdgeRouterPolicies[str(p.ID)] = &RouterPolicy{ID: str(p.ID), Name: str(p.Name), Owner: ownerOf(p.Tags),
			Semantic: string(deref(p.Semantic)), Subjects: Roles{Values: p.IdentityRoles}, Routers: Roles{Values: p.EdgeRouterRoles}}
	}
	serps, err := client.ServiceEdgeRouterPolicies.List(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("listing service edge router policies: %w", err)
	}
	for _, p := range serps {
		n.ServiceEdgeRouterPolicies[str(p.ID)] = &RouterPolicy{ID: str(p.ID), Name: str(p.Name), Owner: ownerOf(p.Tags),
			Semantic: string(deref(p.Semantic)), Subjects: Roles{Values: p.ServiceRoles}, Routers: Roles{Values: p.EdgeRouterRoles}}
	}
	return n, nil
}

func liveEntity(b *rest_model.BaseEntity, name *string, attrs *rest_model.Attributes) *Entity {
	e := &Entity{ID: str(b.ID), Name: str(name), Owner: ownerOf(b.Tags)}
	if attrs != nil {
		e.Attributes.Values = *attrs
	}
	return e
}

// liveConfig reads a config; an intercept.v1 config's data gives the service's endpoint.
func liveConfig(cfg *rest_model.ConfigDetail) *Config {
	out := &Config{ID: str(cfg.ID), Name: str(cfg.Name), Owner: ownerOf(cfg.Tags)}
	if cfg.ConfigType == nil || cfg.ConfigType.Name != ziticonfig.InterceptV1Type {
		return out
	}
	var ic ziticonfig.InterceptV1
	if composite.DecodeConfig(cfg, &ic) {
		ep := Endpoint{Protocols: ic.Protocols, Addresses: ic.Addresses}
		for _, r := range ic.PortRanges {
			ep.Ports = append(ep.Ports, PortRange{r.Low, r.High})
		}
		out.Endpoint = &ep
	}
	return out
}

// ownerOf names the composite whose child an entity is, from its ownership tags.
func ownerOf(tags *rest_model.Tags) string {
	if tags == nil {
		return ""
	}
	kind, _ := tags.SubTags[composite.TagComposite].(string)
	name, _ := tags.SubTags[composite.TagName].(string)
	if kind == "" {
		return ""
	}
	return kind + "/" + name
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
