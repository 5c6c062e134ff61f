// Package composite manages the entities a mission resource (ziti_private_resource,
// ziti_egress_allowlist) owns: configs, services, service policies and service edge router
// policies, through the same client calls as the primitive resources. A composite describes
// the children it wants; Reconcile creates, updates and deletes them in dependency order.
// Reading them back (drift) is the composite's own business: it maps what the controller holds
// to its attributes.
package composite

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Kind orders children: configs before the services that use them, services before the
// policies that select them. Deletes go the other way.
type Kind int

const (
	KindConfig Kind = iota
	KindService
	KindServicePolicy
	KindRouterPolicy
)

var kindPrefix = map[Kind]string{KindConfig: "config", KindService: "service", KindServicePolicy: "policy", KindRouterPolicy: "routers"}

// Key names a child within its parent: "<kind>:<name>", so that the kind of a child that is no
// longer wanted is known from its key alone.
func Key(k Kind, name string) string { return kindPrefix[k] + ":" + name }

func kindOf(key string) Kind {
	prefix, _, _ := strings.Cut(key, ":")
	for k, p := range kindPrefix {
		if p == prefix {
			return k
		}
	}
	return KindConfig
}

// Child is one entity a composite wants on the controller.
type Child struct {
	Key  string
	Name string

	// configs
	ConfigTypeID string
	Data         any // a typed struct (ziticonfig.InterceptV1, ...), sent as the config's data

	// services
	ConfigKeys []string

	// service policies and service edge router policies
	PolicyType        rest_model.DialBind
	IdentityRoles     Roles
	PostureCheckRoles Roles
	EdgeRouterRoles   Roles
	ServiceKeys       []string
}

// Roles is a role set as the user wrote it, with the attribute it came from (for errors) and
// the kind of entity it selects.
type Roles struct {
	Attr string
	Kind framework.RoleKind
	Set  types.Set
}

// Ownership tags mark every child, so that audits recognise them and import finds them.
const (
	TagManagedBy = "managed-by"
	TagComposite = "ziti-composite"      // the composite's kind: private_resource, egress_allowlist
	TagName      = "ziti-composite-name" // the composite's name
	TagKey       = "ziti-composite-key"  // the child's key within the composite
)

// tagsFor are the user's tags plus the ownership marks of one child.
func tagsFor(owner Owner, key string) *rest_model.Tags {
	tags := &rest_model.Tags{SubTags: rest_model.SubTags{}}
	for k, v := range owner.UserTags {
		tags.SubTags[k] = v
	}
	tags.SubTags[TagManagedBy] = "terraform-provider-ziti"
	tags.SubTags[TagComposite] = owner.Kind
	tags.SubTags[TagName] = owner.Name
	tags.SubTags[TagKey] = key
	return tags
}

// Owner identifies the composite that owns children.
type Owner struct {
	Kind     string // private_resource, egress_allowlist
	Name     string
	UserTags map[string]string
}

// IDs maps child keys to controller ids; it is what a composite keeps in its state.
type IDs map[string]string

func sortedByKind(children []Child, reverse bool) []Child {
	out := append([]Child(nil), children...)
	sort.SliceStable(out, func(i, j int) bool {
		ki, kj := kindOf(out[i].Key), kindOf(out[j].Key)
		if reverse {
			return ki > kj
		}
		return ki < kj
	})
	return out
}

// Reconcile makes the controller hold exactly want: it updates the children in ids, creates
// the missing ones (also those deleted behind Terraform's back) and deletes those no longer
// wanted. It returns the ids of what exists afterwards, also when it stops on an error, so
// that the state never loses track of a created entity.
func Reconcile(op *framework.Op, owner Owner, want []Child, ids IDs) IDs {
	out := IDs{}
	for k, v := range ids {
		out[k] = v
	}
	wanted := map[string]bool{}
	for _, c := range sortedByKind(want, false) {
		wanted[c.Key] = true
		if op.Failed() {
			break
		}
		id, err := apply(op, c, out, tagsFor(owner, c.Key))
		if op.Failed() {
			break
		}
		if err != nil {
			op.Diags.AddError(fmt.Sprintf("Cannot write %s %q", kindPrefix[kindOf(c.Key)], c.Name), err.Error())
			break
		}
		out[c.Key] = id
	}
	if op.Failed() {
		return out
	}
	var obsolete []Child
	for key := range out {
		if !wanted[key] {
			obsolete = append(obsolete, Child{Key: key})
		}
	}
	for _, c := range sortedByKind(obsolete, true) {
		if err := remove(op, c.Key, out[c.Key]); err != nil {
			op.Diags.AddError(fmt.Sprintf("Cannot delete the %s %s", kindPrefix[kindOf(c.Key)], out[c.Key]), err.Error())
			return out
		}
		delete(out, c.Key)
	}
	return out
}

// Destroy deletes every child, policies first. Children already gone are fine.
func Destroy(op *framework.Op, ids IDs) {
	var all []Child
	for key := range ids {
		all = append(all, Child{Key: key})
	}
	for _, c := range sortedByKind(all, true) {
		if err := remove(op, c.Key, ids[c.Key]); err != nil {
			op.Diags.AddError(fmt.Sprintf("Cannot delete the %s %s", kindPrefix[kindOf(c.Key)], ids[c.Key]), err.Error())
			return
		}
	}
}

func remove(op *framework.Op, key, id string) error {
	var err error
	switch kindOf(key) {
	case KindConfig:
		err = client.Configs.Delete(op.Ctx, op.Client, id)
	case KindService:
		err = client.Services.Delete(op.Ctx, op.Client, id)
	case KindServicePolicy:
		err = client.ServicePolicies.Delete(op.Ctx, op.Client, id)
	case KindRouterPolicy:
		err = client.ServiceEdgeRouterPolicies.Delete(op.Ctx, op.Client, id)
	}
	if client.IsNotFound(err) {
		return nil
	}
	return err
}

// apply PUTs the child when it exists, POSTs it when it does not (or no longer does).
func apply(op *framework.Op, c Child, ids IDs, tags *rest_model.Tags) (string, error) {
	existing, known := ids[c.Key]
	name := c.Name
	switch kindOf(c.Key) {
	case KindConfig:
		body := &rest_model.ConfigUpdate{Name: &name, Data: c.Data, Tags: tags}
		if known {
			if err := client.Configs.Update(op.Ctx, op.Client, existing, body); !client.IsNotFound(err) {
				return existing, err
			}
		}
		return client.Configs.Create(op.Ctx, op.Client, &rest_model.ConfigCreate{Name: &name, ConfigTypeID: &c.ConfigTypeID, Data: c.Data, Tags: tags})
	case KindService:
		yes := true
		configs := idsOf(c.ConfigKeys, ids)
		if known {
			err := client.Services.Update(op.Ctx, op.Client, existing, &rest_model.ServiceUpdate{Name: &name, EncryptionRequired: yes, Configs: configs, RoleAttributes: []string{}, Tags: tags})
			if !client.IsNotFound(err) {
				return existing, err
			}
		}
		return client.Services.Create(op.Ctx, op.Client, &rest_model.ServiceCreate{Name: &name, EncryptionRequired: &yes, Configs: configs, RoleAttributes: []string{}, Tags: tags})
	case KindServicePolicy:
		sem := rest_model.SemanticAnyOf
		typ := c.PolicyType
		identities := resolve(op, c.IdentityRoles)
		posture := resolve(op, c.PostureCheckRoles)
		services := serviceRoles(c.ServiceKeys, ids)
		if op.Failed() {
			return existing, nil
		}
		if known {
			err := client.ServicePolicies.Update(op.Ctx, op.Client, existing, &rest_model.ServicePolicyUpdate{Name: &name, Type: &typ, Semantic: &sem,
				IdentityRoles: identities, ServiceRoles: services, PostureCheckRoles: posture, Tags: tags})
			if !client.IsNotFound(err) {
				return existing, err
			}
		}
		return client.ServicePolicies.Create(op.Ctx, op.Client, &rest_model.ServicePolicyCreate{Name: &name, Type: &typ, Semantic: &sem,
			IdentityRoles: identities, ServiceRoles: services, PostureCheckRoles: posture, Tags: tags})
	default:
		sem := rest_model.SemanticAnyOf
		routers := resolve(op, c.EdgeRouterRoles)
		services := serviceRoles(c.ServiceKeys, ids)
		if op.Failed() {
			return existing, nil
		}
		if known {
			err := client.ServiceEdgeRouterPolicies.Update(op.Ctx, op.Client, existing, &rest_model.ServiceEdgeRouterPolicyUpdate{Name: &name, Semantic: &sem,
				EdgeRouterRoles: routers, ServiceRoles: services, Tags: tags})
			if !client.IsNotFound(err) {
				return existing, err
			}
		}
		return client.ServiceEdgeRouterPolicies.Create(op.Ctx, op.Client, &rest_model.ServiceEdgeRouterPolicyCreate{Name: &name, Semantic: &sem,
			EdgeRouterRoles: routers, ServiceRoles: services, Tags: tags})
	}
}

func resolve(op *framework.Op, r Roles) rest_model.Roles {
	if r.Set.IsNull() || r.Set.IsUnknown() {
		return rest_model.Roles{}
	}
	return framework.ResolveRoles(op, r.Kind, r.Attr, r.Set)
}

func idsOf(keys []string, ids IDs) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, ids[k])
	}
	sort.Strings(out)
	return out
}

func serviceRoles(keys []string, ids IDs) rest_model.Roles {
	out := rest_model.Roles{}
	for _, id := range idsOf(keys, ids) {
		out = append(out, "@"+id)
	}
	return out
}
