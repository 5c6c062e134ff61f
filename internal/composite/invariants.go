package composite

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// Owned is every entity on the controller that carries a composite's ownership tags.
type Owned struct {
	Configs        []*rest_model.ConfigDetail
	Services       []*rest_model.ServiceDetail
	Policies       []*rest_model.ServicePolicyDetail
	RouterPolicies []*rest_model.ServiceEdgeRouterPolicyDetail
}

// ListOwned lists the entities of every composite (four requests).
func ListOwned(ctx context.Context, c *client.Client) (Owned, error) {
	filter := fmt.Sprintf("tags.%s = %s or tags.%s = %s", TagComposite, framework.QuoteZitiQL("private_resource"),
		TagComposite, framework.QuoteZitiQL("egress_allowlist"))
	var o Owned
	var err error
	if o.Configs, err = client.Configs.List(ctx, c, filter); err != nil {
		return o, fmt.Errorf("listing the configs of composites: %w", err)
	}
	if o.Services, err = client.Services.List(ctx, c, filter); err != nil {
		return o, fmt.Errorf("listing the services of composites: %w", err)
	}
	if o.Policies, err = client.ServicePolicies.List(ctx, c, filter); err != nil {
		return o, fmt.Errorf("listing the service policies of composites: %w", err)
	}
	if o.RouterPolicies, err = client.ServiceEdgeRouterPolicies.List(ctx, c, filter); err != nil {
		return o, fmt.Errorf("listing the service edge router policies of composites: %w", err)
	}
	return o, nil
}

// Violation is an owned entity that is not what its composite ever writes: it was changed
// outside Terraform.
type Violation struct {
	CompositeKind, CompositeName string
	EntityKind, EntityID         string
	EntityName                   string
	Field, Reason                string
}

type compositeRef struct{ kind, name string }

func refOf(tags *rest_model.Tags) (compositeRef, string) {
	return compositeRef{tagString(tags, TagComposite), tagString(tags, TagName)}, tagString(tags, TagKey)
}

// Invariants checks, from the controller alone (no Terraform configuration), what every
// composite always writes: policies of semantic AnyOf, of the type their key says, selecting
// exactly services of the same composite by id; services without role attributes, with
// encryption, the default terminator strategy and only configs of the same composite; an
// egress allowlist's configs for exactly the host and protocol their key names; a private
// resource's intercept config with one address. What the configuration itself says (roles,
// ports) cannot be checked without it: the resource's own plan does that.
func Invariants(o Owned) []Violation {
	services := map[compositeRef]map[string]bool{}
	configs := map[compositeRef]map[string]bool{}
	for _, s := range o.Services {
		ref, _ := refOf(s.Tags)
		if services[ref] == nil {
			services[ref] = map[string]bool{}
		}
		services[ref][framework.Deref(s.ID)] = true
	}
	for _, c := range o.Configs {
		ref, _ := refOf(c.Tags)
		if configs[ref] == nil {
			configs[ref] = map[string]bool{}
		}
		configs[ref][framework.Deref(c.ID)] = true
	}
	var out []Violation
	add := func(ref compositeRef, kind string, id, name *string, field, format string, args ...any) {
		out = append(out, Violation{CompositeKind: ref.kind, CompositeName: ref.name, EntityKind: kind, EntityID: framework.Deref(id),
			EntityName: framework.Deref(name), Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	checkServiceRoles := func(ref compositeRef, kind string, id, name *string, roles rest_model.Roles) {
		if len(roles) == 0 {
			add(ref, kind, id, name, "serviceRoles", "selects no service (the composite selects its own services)")
		}
		for _, r := range roles {
			sid, ok := strings.CutPrefix(r, "@")
			if !ok || !services[ref][sid] {
				add(ref, kind, id, name, "serviceRoles", "selects %s, which is not one of the composite's own services", r)
			}
		}
	}
	for _, p := range o.Policies {
		ref, key := refOf(p.Tags)
		kind := "service policy"
		if p.Semantic == nil || *p.Semantic != rest_model.SemanticAnyOf {
			add(ref, kind, p.ID, p.Name, "semantic", "is %s; the composite writes AnyOf", deref(p.Semantic))
		}
		want := map[string]rest_model.DialBind{"policy:dial": rest_model.DialBindDial, "policy:bind": rest_model.DialBindBind}[key]
		if want != "" && (p.Type == nil || *p.Type != want) {
			add(ref, kind, p.ID, p.Name, "type", "is %s; the composite's %s policy is %s", deref(p.Type), strings.TrimPrefix(key, "policy:"), want)
		}
		if want == rest_model.DialBindBind && len(p.PostureCheckRoles) > 0 {
			add(ref, kind, p.ID, p.Name, "postureCheckRoles", "is [%s]; the composite's Bind policy has none", strings.Join(p.PostureCheckRoles, ", "))
		}
		checkServiceRoles(ref, kind, p.ID, p.Name, p.ServiceRoles)
	}
	for _, p := range o.RouterPolicies {
		ref, _ := refOf(p.Tags)
		kind := "service edge router policy"
		if p.Semantic == nil || *p.Semantic != rest_model.SemanticAnyOf {
			add(ref, kind, p.ID, p.Name, "semantic", "is %s; the composite writes AnyOf", deref(p.Semantic))
		}
		checkServiceRoles(ref, kind, p.ID, p.Name, p.ServiceRoles)
	}
	for _, s := range o.Services {
		ref, _ := refOf(s.Tags)
		kind := "service"
		if s.RoleAttributes != nil && len(*s.RoleAttributes) > 0 {
			add(ref, kind, s.ID, s.Name, "roleAttributes", "is [%s]; the composite writes none (role attributes put the service under other policies' #attribute selections)",
				strings.Join(*s.RoleAttributes, ", "))
		}
		if s.EncryptionRequired != nil && !*s.EncryptionRequired {
			add(ref, kind, s.ID, s.Name, "encryptionRequired", "is false; the composite writes true")
		}
		if ts := framework.Deref(s.TerminatorStrategy); ts != "" && ts != DefaultTerminatorStrategy {
			add(ref, kind, s.ID, s.Name, "terminatorStrategy", "is %s; the composite writes %s", ts, DefaultTerminatorStrategy)
		}
		for _, c := range s.Configs {
			if !configs[ref][c] {
				add(ref, kind, s.ID, s.Name, "configs", "include %s, which is not one of the composite's own configs", c)
			}
		}
	}
	for _, c := range o.Configs {
		ref, key := refOf(c.Tags)
		out = append(out, configViolations(ref, key, c)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.CompositeName != b.CompositeName {
			return a.CompositeName < b.CompositeName
		}
		return a.EntityName+a.Field < b.EntityName+b.Field
	})
	return out
}

// configViolations checks what a config's key alone determines.
func configViolations(ref compositeRef, key string, c *rest_model.ConfigDetail) []Violation {
	var out []Violation
	add := func(field, format string, args ...any) {
		out = append(out, Violation{CompositeKind: ref.kind, CompositeName: ref.name, EntityKind: "config", EntityID: framework.Deref(c.ID),
			EntityName: framework.Deref(c.Name), Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	rest, ok := strings.CutPrefix(key, "config:")
	if !ok {
		return nil
	}
	switch {
	case ref.kind == "private_resource" && rest == "intercept":
		var ic ziticonfig.InterceptV1
		if DecodeConfig(c, &ic) && len(ic.Addresses) != 1 {
			add("data.addresses", "is [%s]; the private resource intercepts exactly one address", strings.Join(ic.Addresses, ", "))
		}
	case ref.kind == "egress_allowlist" && strings.HasPrefix(rest, "intercept/"):
		proto, host, _ := strings.Cut(strings.TrimPrefix(rest, "intercept/"), ":")
		var ic ziticonfig.InterceptV1
		if !DecodeConfig(c, &ic) {
			return out
		}
		if len(ic.Addresses) != 1 || !strings.EqualFold(ic.Addresses[0], host) {
			add("data.addresses", "is [%s]; this destination intercepts only %s", strings.Join(ic.Addresses, ", "), host)
		}
		if len(ic.Protocols) != 1 || ic.Protocols[0] != proto {
			add("data.protocols", "is [%s]; this destination is %s only", strings.Join(ic.Protocols, ", "), proto)
		}
	case ref.kind == "egress_allowlist" && strings.HasPrefix(rest, "host/"):
		proto, _, _ := strings.Cut(strings.TrimPrefix(rest, "host/"), ":")
		var hc ziticonfig.HostV1
		if DecodeConfig(c, &hc) && (hc.Protocol == nil || *hc.Protocol != proto) {
			add("data.protocol", "is %s; this destination is %s only", deref(hc.Protocol), proto)
		}
	}
	return out
}

func deref[T ~string](p *T) string {
	if p == nil {
		return "unset"
	}
	return string(*p)
}

// InterceptAddresses are the addresses of an egress allowlist's intercept configs, by config,
// for audits (catch-all destinations).
func InterceptAddresses(o Owned) map[*rest_model.ConfigDetail][]string {
	out := map[*rest_model.ConfigDetail][]string{}
	for _, c := range o.Configs {
		_, key := refOf(c.Tags)
		if !strings.HasPrefix(key, "config:intercept") {
			continue
		}
		var ic ziticonfig.InterceptV1
		if DecodeConfig(c, &ic) {
			out[c] = ic.Addresses
		}
	}
	return out
}
