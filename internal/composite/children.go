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
//
// A create that fails because an entity of the same name is in the way adopts that entity
// when it carries this composite's ownership tags for the same child (a leftover of an
// earlier failed apply) and otherwise names it in the error.
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
		id, err := apply(op, c, out, owner)
		if op.Failed() {
			break
		}
		if err != nil {
			op.Diags.AddError(fmt.Sprintf("Cannot write %s %q", KindNoun(c.Key), c.Name), err.Error())
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
			op.Diags.AddError(fmt.Sprintf("Cannot delete the %s %s", KindNoun(c.Key), out[c.Key]), err.Error())
			return out
		}
		delete(out, c.Key)
	}
	return out
}

// Destroy deletes every child, policies first. Children already gone are fine. It goes on
// past a failure, reports every one, and returns the ids of the children it could not delete.
func Destroy(op *framework.Op, ids IDs) IDs {
	var all []Child
	for key := range ids {
		all = append(all, Child{Key: key})
	}
	left := IDs{}
	for _, c := range sortedByKind(all, true) {
		if err := remove(op, c.Key, ids[c.Key]); err != nil {
			op.Diags.AddError(fmt.Sprintf("Cannot delete the %s %s", KindNoun(c.Key), ids[c.Key]), err.Error())
			left[c.Key] = ids[c.Key]
		}
	}
	return left
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

// apply PUTs the child when it exists, POSTs it when it does not (or no longer does). When the
// POST fails, an entity of the same name in the way is adopted (ours) or named (not ours).
func apply(op *framework.Op, c Child, ids IDs, owner Owner) (string, error) {
	b := wanted(op, c, ids, owner)
	if op.Failed() {
		return ids[c.Key], nil
	}
	if existing, known := ids[c.Key]; known {
		if err := update(op, c, existing, b); !client.IsNotFound(err) {
			return existing, err
		}
	}
	id, err := create(op, c, b)
	if err == nil {
		return id, nil
	}
	other, lookupErr := findByName(op, c.Key, c.Name)
	if lookupErr != nil || other == nil {
		return id, err
	}
	if !ownedBy(other.Tags, owner, c.Key) {
		return "", fmt.Errorf("a %s named %q already exists (id %s) and is not owned by this %s: %s. "+
			"Rename or delete that %s (e.g. `ziti edge delete %s %s`), or give the %s another name. (The controller said: %v)",
			KindNoun(c.Key), c.Name, other.ID, strings.ReplaceAll(owner.Kind, "_", " "), describeOwner(other.Tags), KindNoun(c.Key),
			cliNoun(c.Key), other.ID, strings.ReplaceAll(owner.Kind, "_", " "), err)
	}
	// A leftover of an earlier apply of this same composite: take it over.
	if uerr := update(op, c, other.ID, b); uerr != nil {
		return "", fmt.Errorf("adopting the leftover %s %q (id %s): %w", KindNoun(c.Key), c.Name, other.ID, uerr)
	}
	op.Diags.AddWarning(fmt.Sprintf("Adopted the leftover %s %q", KindNoun(c.Key), c.Name),
		fmt.Sprintf("The %s %s (id %s) was left by an earlier apply of ziti_%s %q (it carries its ownership tags); it was updated and is managed again.",
			KindNoun(c.Key), c.Name, other.ID, owner.Kind, owner.Name))
	return other.ID, nil
}

func update(op *framework.Op, c Child, id string, b body) error {
	name := b.Name
	tags := &rest_model.Tags{SubTags: rest_model.SubTags{}}
	for k, v := range b.Tags {
		tags.SubTags[k] = v
	}
	switch kindOf(c.Key) {
	case KindConfig:
		return client.Configs.Update(op.Ctx, op.Client, id, &rest_model.ConfigUpdate{Name: &name, Data: c.Data, Tags: tags})
	case KindService:
		return client.Services.Update(op.Ctx, op.Client, id, &rest_model.ServiceUpdate{Name: &name, EncryptionRequired: b.EncryptionRequired,
			Configs: b.Configs, RoleAttributes: b.RoleAttributes, TerminatorStrategy: b.TerminatorStrategy, MaxIdleTimeMillis: b.MaxIdleTimeMillis, Tags: tags})
	case KindServicePolicy:
		typ, sem := rest_model.DialBind(b.Type), rest_model.Semantic(b.Semantic)
		return client.ServicePolicies.Update(op.Ctx, op.Client, id, &rest_model.ServicePolicyUpdate{Name: &name, Type: &typ, Semantic: &sem,
			IdentityRoles: b.IdentityRoles, ServiceRoles: b.ServiceRoles, PostureCheckRoles: b.PostureCheckRoles, Tags: tags})
	default:
		sem := rest_model.Semantic(b.Semantic)
		return client.ServiceEdgeRouterPolicies.Update(op.Ctx, op.Client, id, &rest_model.ServiceEdgeRouterPolicyUpdate{Name: &name, Semantic: &sem,
			EdgeRouterRoles: b.EdgeRouterRoles, ServiceRoles: b.ServiceRoles, Tags: tags})
	}
}

func create(op *framework.Op, c Child, b body) (string, error) {
	name := b.Name
	tags := &rest_model.Tags{SubTags: rest_model.SubTags{}}
	for k, v := range b.Tags {
		tags.SubTags[k] = v
	}
	switch kindOf(c.Key) {
	case KindConfig:
		return client.Configs.Create(op.Ctx, op.Client, &rest_model.ConfigCreate{Name: &name, ConfigTypeID: &c.ConfigTypeID, Data: c.Data, Tags: tags})
	case KindService:
		enc := b.EncryptionRequired
		return client.Services.Create(op.Ctx, op.Client, &rest_model.ServiceCreate{Name: &name, EncryptionRequired: &enc, Configs: b.Configs,
			RoleAttributes: b.RoleAttributes, TerminatorStrategy: b.TerminatorStrategy, MaxIdleTimeMillis: b.MaxIdleTimeMillis, Tags: tags})
	case KindServicePolicy:
		typ, sem := rest_model.DialBind(b.Type), rest_model.Semantic(b.Semantic)
		return client.ServicePolicies.Create(op.Ctx, op.Client, &rest_model.ServicePolicyCreate{Name: &name, Type: &typ, Semantic: &sem,
			IdentityRoles: b.IdentityRoles, ServiceRoles: b.ServiceRoles, PostureCheckRoles: b.PostureCheckRoles, Tags: tags})
	default:
		sem := rest_model.Semantic(b.Semantic)
		return client.ServiceEdgeRouterPolicies.Create(op.Ctx, op.Client, &rest_model.ServiceEdgeRouterPolicyCreate{Name: &name, Semantic: &sem,
			EdgeRouterRoles: b.EdgeRouterRoles, ServiceRoles: b.ServiceRoles, Tags: tags})
	}
}

// taggedEntity is any owned kind of entity read as its id and tags: what finding children by
// name or by ownership tags needs, whatever the kind.
type taggedEntity struct {
	ID   string           `json:"id"`
	Tags *rest_model.Tags `json:"tags"`
}

// kindPath is the REST collection of each kind of child.
var kindPath = map[Kind]string{
	KindConfig: client.Configs.Path, KindService: client.Services.Path,
	KindServicePolicy: client.ServicePolicies.Path, KindRouterPolicy: client.ServiceEdgeRouterPolicies.Path,
}

// listTagged lists the entities of one kind that filter matches, as ids and tags.
func listTagged(op *framework.Op, kind Kind, filter string) ([]*taggedEntity, error) {
	return client.ListAt[*taggedEntity](op.Ctx, op.Client, kindPath[kind], nil, nil, filter)
}

// findByName finds the entity of a child's kind that has name, if any.
func findByName(op *framework.Op, key, name string) (*taggedEntity, error) {
	found, err := listTagged(op, kindOf(key), framework.NameFilter(name))
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return found[0], nil
}

func tagString(tags *rest_model.Tags, k string) string {
	if tags == nil {
		return ""
	}
	s, _ := tags.SubTags[k].(string)
	return s
}

// ownedBy: the entity carries owner's ownership tags for the child key.
func ownedBy(tags *rest_model.Tags, owner Owner, key string) bool {
	return tagString(tags, TagComposite) == owner.Kind && tagString(tags, TagName) == owner.Name && tagString(tags, TagKey) == key
}

// describeOwner says whose an entity is, by its ownership tags.
func describeOwner(tags *rest_model.Tags) string {
	kind, name, key := tagString(tags, TagComposite), tagString(tags, TagName), tagString(tags, TagKey)
	if kind == "" {
		return "it has no " + TagComposite + " ownership tags (it was made outside this provider's composites)"
	}
	return fmt.Sprintf("it belongs to ziti_%s %q (child %q)", kind, name, key)
}

func cliNoun(key string) string {
	switch kindOf(key) {
	case KindService:
		return "service"
	case KindServicePolicy:
		return "service-policy"
	case KindRouterPolicy:
		return "service-edge-router-policy"
	}
	return "config"
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
