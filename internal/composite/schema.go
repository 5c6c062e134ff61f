package composite

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// The attributes below are the schema pieces every composite resource declares alike; each
// takes the description that says what it means for that resource.

// Protocols are the protocols a composite's intercept and host configs carry.
var Protocols = []string{"tcp", "udp"}

// NameAttribute is the composite's required name, from which its owned entities are named.
func NameAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		MarkdownDescription: description}
}

// ComputedID is the id of an owned entity (or the composite's own id), kept across plans.
func ComputedID(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// PortsAttribute is a required set of ports (1 to 65535), at least one.
func PortsAttribute(description string) schema.SetAttribute {
	return schema.SetAttribute{Required: true, ElementType: types.Int64Type,
		Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueInt64sAre(int64validator.Between(1, 65535))},
		MarkdownDescription: description}
}

// PortAttribute is an optional port (1 to 65535).
func PortAttribute(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, Validators: []validator.Int64{int64validator.Between(1, 65535)},
		MarkdownDescription: description}
}

// EdgeRouterRolesAttribute is the optional edge_router_roles of the service edge router policy
// a composite owns only when the set is given.
func EdgeRouterRolesAttribute(description string) schema.SetAttribute {
	return schema.SetAttribute{Optional: true, ElementType: types.StringType,
		Validators:          framework.RolesAttribute(framework.EdgeRouterRoles, "").Validators,
		MarkdownDescription: description}
}

// InSyncAttribute is in_sync (Base.InSync); unseen lists the changes to owned entities that no
// other attribute of the composite shows.
func InSyncAttribute(owner, unseen string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true,
		MarkdownDescription: "False when an entity the " + owner + " owns was deleted outside Terraform, or changed there in a way the other attributes do not show " +
			"(" + unseen + "). " +
			"A warning names the entity and the field; the next plan shows the change and the apply re-creates or re-writes it."}
}
