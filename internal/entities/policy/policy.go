// Package policy is the three policies that decide who reaches what on the overlay:
// ziti_service_policy (which identities may dial or host which services),
// ziti_edge_router_policy (which identities may connect through which edge routers) and
// ziti_service_edge_router_policy (which services are carried by which edge routers), with
// their data sources. They share everything but their role selector sets, so each is
// described by a policy spec and built by newEntity.
package policy

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// common is the part of the state every policy has; each policy's model embeds it.
type common struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Semantic types.String `tfsdk:"semantic"`
	Tags     types.Map    `tfsdk:"tags"`
}

var semantics = []string{string(rest_model.SemanticAnyOf), string(rest_model.SemanticAllOf)}

// roleSet is one role selector attribute of a policy: what it selects, and where it lives in
// the model and in the controller's detail.
type roleSet[M, D any] struct {
	attr  string // e.g. "identity_roles"
	kind  framework.RoleKind
	what  string // the first sentence of the description: what the selection means
	model func(m *M) *types.Set
	// detail returns the controller's roles ("@id" form) and their display names.
	detail func(d D) (rest_model.Roles, rest_model.NamedRoles)
}

// body is what every policy's create and update bodies hold, ready for the API.
type body struct {
	name     *string
	semantic *rest_model.Semantic
	tags     *rest_model.Tags
	roles    map[string]rest_model.Roles // by attribute name, "@name" resolved to "@id"
}

// spec describes one kind of policy: the entity descriptor's words and the few typed steps
// that differ between the API models (C, U, D are the edge-api structs, not pointers).
type spec[M, C, U, D any] struct {
	typeName, plural, kind, description string
	api                                 client.Entities[*C, *U, *D]
	// accessBearing: changing or deleting the policy can revoke access (service policies do;
	// router policies only decide routing).
	accessBearing bool
	common        func(m *M) *common
	roles         []roleSet[M, *D]
	// extra holds attributes beyond name, semantic, tags and the role sets.
	extra map[string]schema.Attribute
	// update assembles the PUT body; create converts it (the create and update structs of a
	// policy have the same fields, so create is a plain conversion).
	update func(m *M, b body) *U
	create func(u *U) *C
	// detail exposes the detail's common fields.
	detail func(d *D) (base *rest_model.BaseEntity, name *string, semantic *rest_model.Semantic)
	// fromDetail reads the fields in extra, if any.
	fromDetail func(d *D, m *M)
}

// newEntity builds the descriptor the shared resource and data source machinery runs on.
func newEntity[M, C, U, D any](s spec[M, C, U, D]) *framework.Entity[M, *C, *U, *D] {
	toUpdate := func(op *framework.Op, m *M) *U {
		c := s.common(m)
		semantic := rest_model.Semantic(c.Semantic.ValueString())
		b := body{name: c.Name.ValueStringPointer(), semantic: &semantic, tags: framework.TagsToAPI(op, c.Tags), roles: map[string]rest_model.Roles{}}
		for _, r := range s.roles {
			b.roles[r.attr] = framework.ResolveRoles(op, r.kind, r.attr, *r.model(m))
		}
		return s.update(m, b)
	}
	return &framework.Entity[M, *C, *U, *D]{
		TypeName:      s.typeName,
		Plural:        s.plural,
		Kind:          s.kind,
		Description:   s.description,
		API:           s.api,
		Attributes:    s.attributes(),
		AccessBearing: s.accessBearing,
		ID:            func(m *M) *types.String { return &s.common(m).ID },
		Name:          func(m *M) types.String { return s.common(m).Name },
		DetailName: func(d *D) string {
			_, name, _ := s.detail(d)
			return framework.Deref(name)
		},
		DetailID: func(d *D) string {
			base, _, _ := s.detail(d)
			return framework.Deref(base.ID)
		},
		ToCreate: func(op *framework.Op, m *M) *C { return s.create(toUpdate(op, m)) },
		ToUpdate: toUpdate,
		FromDetail: func(op *framework.Op, d *D, m *M) {
			base, name, semantic := s.detail(d)
			c := s.common(m)
			c.ID = types.StringValue(framework.Deref(base.ID))
			c.Name = types.StringValue(framework.Deref(name))
			c.Semantic = types.StringValue(string(framework.Deref(semantic)))
			c.Tags = framework.TagsFromAPI(op, base.Tags)
			for _, r := range s.roles {
				roles, display := r.detail(d)
				field := r.model(m)
				*field = framework.RolesFromAPI(op, roles, display, *field)
			}
			if s.fromDetail != nil {
				s.fromDetail(d, m)
			}
		},
	}
}

func (s spec[M, C, U, D]) attributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"name": schema.StringAttribute{Required: true, MarkdownDescription: "Unique name of the " + s.kind + ".",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
		"semantic": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(semantics[0]),
			MarkdownDescription: "How the selectors within each role set combine: " + framework.QuotedList(semantics) +
				". `AnyOf` selects what matches any selector, `AllOf` only what matches all of them (e.g. both `#agents` and `#prod`). Default `AnyOf`.",
			Validators: []validator.String{stringvalidator.OneOf(semantics...)}},
		"tags": framework.TagsAttribute(),
	}
	for _, r := range s.roles {
		attrs[r.attr] = framework.RolesAttribute(r.kind, r.what)
	}
	for k, v := range s.extra {
		attrs[k] = v
	}
	return attrs
}
