package framework

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// RoleKind is the entity type a role selector set selects from.
type RoleKind struct {
	Noun string // "identity", for messages
	API  client.Entities[any, any, *rest_model.EntityRef]
}

// The kinds of entity that policies select and that references name, each over the client's
// own collection of that entity.
var (
	IdentityRoles     = RoleKind{Noun: "identity", API: refsOf(client.Identities)}
	ServiceRoles      = RoleKind{Noun: "service", API: refsOf(client.Services)}
	EdgeRouterRoles   = RoleKind{Noun: "edge router", API: refsOf(client.EdgeRouters)}
	PostureCheckRoles = RoleKind{Noun: "posture check", API: refsOf(client.PostureChecks)}
	AuthPolicies      = RoleKind{Noun: "auth policy", API: refsOf(client.AuthPolicies)}
	ConfigTypes       = RoleKind{Noun: "config type", API: refsOf(client.ConfigTypes)}
	Configs           = RoleKind{Noun: "config", API: refsOf(client.Configs)}
	CertificateAuths  = RoleKind{Noun: "certificate authority", API: refsOf(client.CertificateAuthorities)}
)

// refsOf reads an entity collection as bare references (id and name): lookups by name or id
// need nothing else, whatever the entity's full model.
func refsOf[C, U, D any](e client.Entities[C, U, D]) client.Entities[any, any, *rest_model.EntityRef] {
	return client.Entities[any, any, *rest_model.EntityRef](e)
}

// RolesAttribute is a set of role selectors: "#attribute", "#all" (alone), "@name" or "@id".
func RolesAttribute(kind RoleKind, what string) schema.SetAttribute {
	return schema.SetAttribute{
		Optional: true, Computed: true, ElementType: types.StringType,
		Default: setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
		MarkdownDescription: fmt.Sprintf("%s Each element is `#<attribute>` (every %s with that role attribute), `#all` (every %s; must be the only element), "+
			"or `@<name>` / `@<id>` (one %s). Names are resolved to ids when applied; the state keeps what you wrote. Default: empty (selects nothing).",
			what, kind.Noun, kind.Noun, kind.Noun),
		Validators: []validator.Set{roleSetValidator{}},
	}
}

// RoleAttributesAttribute is the role_attributes set of an identity, service or router.
func RoleAttributesAttribute(noun string) schema.SetAttribute {
	return schema.SetAttribute{
		Optional: true, Computed: true, ElementType: types.StringType,
		Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
		MarkdownDescription: fmt.Sprintf("Role attributes of the %s: policies select it with `#<attribute>`. Attributes may not start with `#` or `@`. Default: empty.", noun),
		Validators:          []validator.Set{roleAttributeSetValidator{}},
	}
}

// ValidateRole checks one role selector; "" means valid.
func ValidateRole(role string) string {
	switch {
	case role == "":
		return "an empty role selector selects nothing; remove it"
	case strings.TrimSpace(role) != role:
		return fmt.Sprintf("role %q has leading or trailing spaces", role)
	case role == "#" || role == "@":
		return fmt.Sprintf("role %q has no attribute or name after %q", role, role)
	case role[0] != '#' && role[0] != '@':
		return fmt.Sprintf("role %q must start with # (an attribute, or #all) or @ (a name or id)", role)
	}
	return ""
}

// ValidateRoleAttribute checks one role attribute; "" means valid.
func ValidateRoleAttribute(attr string) string {
	switch {
	case attr == "":
		return "role attributes may not be empty"
	case strings.TrimSpace(attr) != attr:
		return fmt.Sprintf("role attribute %q has leading or trailing spaces", attr)
	case attr[0] == '#' || attr[0] == '@':
		return fmt.Sprintf("role attribute %q may not start with %q: write the attribute itself (policies select it as #%s)", attr, attr[:1], strings.TrimLeft(attr, "#@"))
	}
	return ""
}

type roleSetValidator struct{}

func (roleSetValidator) Description(context.Context) string {
	return "role selectors: #attribute, #all (alone), @name or @id"
}
func (v roleSetValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (roleSetValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	roles, known := knownStrings(ctx, req.ConfigValue)
	if !known {
		return
	}
	for _, r := range roles {
		if msg := ValidateRole(r); msg != "" {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid role selector", msg)
		}
		if r == "#all" && len(roles) > 1 {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid role selector",
				"#all selects everything and must be the only element; remove the other roles or #all")
		}
	}
}

type roleAttributeSetValidator struct{}

func (roleAttributeSetValidator) Description(context.Context) string {
	return "role attributes, not starting with # or @"
}
func (v roleAttributeSetValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (roleAttributeSetValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	attrs, known := knownStrings(ctx, req.ConfigValue)
	if !known {
		return
	}
	for _, a := range attrs {
		if msg := ValidateRoleAttribute(a); msg != "" {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid role attribute", msg)
		}
	}
}

// knownStrings returns a set's strings when the set and all its elements are known.
func knownStrings(ctx context.Context, s types.Set) ([]string, bool) {
	if s.IsNull() || s.IsUnknown() {
		return nil, false
	}
	for _, e := range s.Elements() {
		if e.IsUnknown() {
			return nil, false
		}
	}
	var out []string
	if diags := s.ElementsAs(ctx, &out, false); diags.HasError() {
		return nil, false
	}
	return out, true
}

// ResolveRoles turns the selectors the user wrote into what the API accepts: "@name" becomes
// "@id" (the controller rejects names). attr is the attribute the roles come from, for errors.
func ResolveRoles(op *Op, kind RoleKind, attr string, roles types.Set) rest_model.Roles {
	values := StringsFromSet(op, roles)
	out := make(rest_model.Roles, 0, len(values))
	for _, r := range values {
		ref, ok := strings.CutPrefix(r, "@")
		if !ok {
			out = append(out, r)
			continue
		}
		id, ok := ResolveRef(op, kind, attr, ref)
		if !ok {
			continue
		}
		out = append(out, "@"+id)
	}
	sort.Strings(out)
	return out
}

// ResolveRef finds the id of the entity ref names, by id or by exact name, in one request. An
// id that exists wins over nothing else: when ref is one entity's id and another entity's name
// (an entity named like another's id, an auth policy named "default"), the reference is
// ambiguous and an error on attr says so, instead of silently picking one. attr is the
// attribute the reference comes from, for errors.
func ResolveRef(op *Op, kind RoleKind, attr, ref string) (string, bool) {
	var found []*rest_model.EntityRef
	err := op.Client.Consistently(op.Ctx, func(err error) bool { return err == nil && len(found) == 0 }, func() (err error) {
		// Through the client's lookup cache: one run resolves the same reference many times.
		found, err = kind.API.Lookup(op.Ctx, op.Client, "id = "+QuoteZitiQL(ref)+" or "+NameFilter(ref))
		return err
	})
	if err != nil {
		op.Diags.AddAttributeError(path.Root(attr), "Cannot resolve "+kind.Noun+" "+ref, err.Error())
		return "", false
	}
	id, msg := pickRef(kind.Noun, ref, found)
	if msg != "" {
		summary := "Ambiguous " + kind.Noun + " " + ref
		if len(found) == 0 {
			summary = "Unknown " + kind.Noun + " " + ref
		}
		op.Diags.AddAttributeError(path.Root(attr), summary, msg)
		return "", false
	}
	return id, true
}

// pickRef chooses among the entities whose id or name is ref; msg explains why none is chosen.
func pickRef(noun, ref string, found []*rest_model.EntityRef) (id, msg string) {
	var byID *rest_model.EntityRef
	var byName []*rest_model.EntityRef
	for _, f := range found {
		if f == nil {
			continue
		}
		if f.ID == ref {
			byID = f
		} else if f.Name == ref {
			byName = append(byName, f)
		}
	}
	switch {
	case byID != nil && len(byName) > 0:
		return "", fmt.Sprintf("%q is both the id of the %s named %q and the name of the %s with id %q, so the reference is ambiguous. "+
			"Refer to the first by its name %q or to the second by its id %q, or rename the %s whose name looks like an id.",
			ref, noun, byID.Name, noun, byName[0].ID, byID.Name, byName[0].ID, noun)
	case byID != nil:
		return byID.ID, ""
	case len(byName) == 1:
		return byName[0].ID, ""
	case len(byName) > 1:
		return "", fmt.Sprintf("%d %s entities are named %q; use the id instead", len(byName), noun, ref)
	}
	return "", fmt.Sprintf("%q names no %s (by name or id). Create it first, or reference its resource (e.g. \"@${ziti_identity.agent.name}\") so Terraform orders the two.", ref, noun)
}

// RolesFromAPI converts the controller's roles (always "@id" for references) to state, keeping
// the user's spelling: an "@id" the prior state wrote as "@name" (per the controller's
// *RolesDisplay) stays "@name", so a plan after apply is empty. With no prior spelling (import)
// the id form is used.
func RolesFromAPI(op *Op, api rest_model.Roles, display rest_model.NamedRoles, prior types.Set) types.Set {
	priorSet := map[string]bool{}
	for _, p := range StringsFromSet(op, prior) {
		priorSet[p] = true
	}
	names := map[string]string{}
	for _, d := range display {
		if d != nil {
			names[d.Role] = d.Name
		}
	}
	out := make([]string, 0, len(api))
	for _, r := range api {
		if !priorSet[r] && strings.HasPrefix(r, "@") {
			if n, ok := names[r]; ok && priorSet[n] {
				r = n
			}
		}
		out = append(out, r)
	}
	return SetFromStrings(op, out)
}

// RefFromAPI keeps the user's spelling of a single reference (name or id) when it names the
// entity the controller holds (id and name from the detail); otherwise (import, drift) the id.
func RefFromAPI(id, name string, prior types.String) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && (prior.ValueString() == id || prior.ValueString() == name) {
		return prior
	}
	return types.StringValue(id)
}

// NamesByID looks up the names of entities by id in one request.
func NamesByID(op *Op, kind RoleKind, ids []string) map[string]string {
	out := map[string]string{}
	if len(ids) == 0 {
		return out
	}
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = QuoteZitiQL(id)
	}
	found, err := kind.API.List(op.Ctx, op.Client, "id in ["+strings.Join(quoted, ",")+"]")
	if err != nil {
		AddAPIError(op.Diags, "look up", kind.Noun, err)
		return out
	}
	for _, f := range found {
		out[f.ID] = f.Name
	}
	return out
}

// RequiredRolesAttribute is RolesAttribute for a set that must select something.
func RequiredRolesAttribute(kind RoleKind, what string) schema.SetAttribute {
	a := RolesAttribute(kind, what)
	a.Optional, a.Computed, a.Default, a.Required = false, false, nil, true
	a.MarkdownDescription = strings.Replace(a.MarkdownDescription, " Default: empty (selects nothing).", " At least one.", 1)
	a.Validators = append(a.Validators, setvalidator.SizeAtLeast(1))
	return a
}
