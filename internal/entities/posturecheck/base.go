package posturecheck

import (
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// base is what every posture check model has besides the framework's id, name and tags.
type base struct {
	framework.Base
	RoleAttributes types.Set `tfsdk:"role_attributes"`
}

// withBase adds name, tags and role attributes to a kind's own attributes.
func withBase(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	out := map[string]schema.Attribute{"role_attributes": framework.RoleAttributesAttribute("posture check")}
	maps.Copy(out, attrs)
	return framework.WithBaseAttributes("Unique name of the posture check. Service policies select it as `@<name>` in `posture_check_roles`.", out)
}

// apiBase is what every kind's create and update body lets one set (the generated models keep
// these fields private behind setters, for the polymorphic typeId).
type apiBase interface {
	SetName(*string)
	SetRoleAttributes(*rest_model.Attributes)
	SetTags(*rest_model.Tags)
}

// detailBase is what every kind's detail model answers.
type detailBase interface {
	ID() *string
	Name() *string
	RoleAttributes() *rest_model.Attributes
	Tags() *rest_model.Tags
}

// withBaseFields writes the shared fields into a kind's update body and returns it. A kind's
// create body has exactly the fields of its update body (the generated models differ only in
// name), so each kind's ToCreate converts what its ToUpdate built: the kind's own fields are
// written once.
func withBaseFields[B apiBase](op *framework.Op, m *base, body B) B {
	body.SetName(m.Name.ValueStringPointer())
	attrs := rest_model.Attributes(framework.StringsFromSet(op, m.RoleAttributes))
	if attrs == nil {
		attrs = rest_model.Attributes{}
	}
	body.SetRoleAttributes(&attrs)
	body.SetTags(framework.TagsToAPI(op, m.Tags))
	return body
}

// readBase reads the shared fields back.
func readBase(op *framework.Op, d detailBase, m *base) {
	m.SetFromAPI(op, d.ID(), d.Name(), d.Tags())
	var attrs []string
	if a := d.RoleAttributes(); a != nil {
		attrs = *a
	}
	m.RoleAttributes = framework.SetFromStrings(op, attrs)
}

// kind is the part of a kind's mapping that every kind shares, embedded in the kind's own
// mapping type: the typeId filter that limits the kind's data sources to its checks (all kinds
// share /posture-checks).
type kind[D detailBase] rest_model.PostureCheckType

func (k kind[D]) ListScope(*framework.Op) (string, bool) {
	return fmt.Sprintf("typeId = %q", string(k)), true
}

// collection is the /posture-checks collection typed for one kind.
func collection[C, U, D any]() client.Entities[C, U, D] {
	return client.Entities[C, U, D](client.PostureChecks)
}

// description is a kind's resource description: what it checks, and how policies use it.
func description(what string) string {
	return what + " Service policies require it by selecting it in `posture_check_roles` (`#<role attribute>` or `@<name>`): " +
		"a Dial policy with posture checks only grants the service while the dialing device passes all of them, " +
		"and the device's SDK reports its state (operating system, MAC addresses, domain, MFA) to the controller."
}
