package edgerouter

import (
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/entities/enrollment"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// routerState is what the controller reports of the router process: whether it enrolled and
// is connected. It changes outside Terraform.
type routerState struct {
	IsVerified  types.Bool   `tfsdk:"is_verified"`
	IsOnline    types.Bool   `tfsdk:"is_online"`
	Fingerprint types.String `tfsdk:"fingerprint"`
}

// maxCost is the controller's upper bound for a router's cost.
const maxCost = 65535

const description = "An edge router of the OpenZiti overlay: the process agents' identities connect to, and that carries their traffic " +
	"to the services they may dial. Creating it here registers the router on the controller and yields its one-time `enrollment_jwt`; " +
	"the router process itself is run elsewhere and enrolls with that token (`ziti router enroll <config> --jwt <file>`). " +
	"Edge router policies select routers by `@name` or role attribute (`#public`) to decide which identities may use them; " +
	"service edge router policies decide which services they carry.\n\n" +
	"With `is_tunneler_enabled = true` the controller also creates an identity of type `Router` with the router's name (and id), and a " +
	"system edge router policy `edge-router-<id>-system` that lets that identity use its own router. Bind policies can then name the " +
	"router's identity (`@<router name>`) so that the router itself hosts services, e.g. forwarding to a private address it can reach. " +
	"Neither is managed by Terraform: the controller renames the identity with the router, and deletes both when the tunneler is " +
	"switched off or the router is deleted (also removing the identity from every policy that names it). Because the identity takes the " +
	"router's name, enabling the tunneler fails while another identity has that name.\n\n" +
	"`is_online`, `is_verified`, `fingerprint` and `enrollment_jwt` are read from the controller and change outside Terraform (a router " +
	"enrolling, going offline); such changes alone never plan an update."

func attributes() map[string]schema.Attribute {
	return framework.WithBaseAttributes("Unique name of the edge router. Renaming it in place also renames its tunneler identity.", map[string]schema.Attribute{
		"role_attributes": framework.RoleAttributesAttribute("edge router"),
		"is_tunneler_enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether the router also acts as a tunneler: it gets an identity of type `Router` with its name, which Bind " +
				"and Dial policies can name to host or reach services from the router's network. Changed in place; switching it off deletes " +
				"that identity (and its system policy). Default `false`."},
		"cost": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(0),
			MarkdownDescription: "Cost of routing through this router (0-65535): smart routing prefers cheaper routers. Default `0`.",
			Validators:          []validator.Int64{int64validator.Between(0, maxCost)}},
		"no_traversal": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether the fabric may not route other routers' traffic through this router (it stays usable as an entry " +
				"or exit point). Default `false`."},
		"disabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether the router is disabled: the controller refuses its connections and routes nothing through it, " +
				"without deleting it or its enrollment. Default `false`."},
		"app_data": framework.AppDataAttribute(),
		// The computed attributes below deliberately have no UseStateForUnknown: all of them
		// change outside Terraform (enrollment, re-enrollment, connectivity), so copying the
		// prior value into a plan could promise a value the apply cannot keep. Without a
		// configuration change they are not planned at all; with one they are "known after
		// apply", which is the truth.
		"enrollment_jwt": schema.StringAttribute{Computed: true, Sensitive: true,
			MarkdownDescription: "The one-time enrollment token (JWT) of the router, until the router enrolls; then null. " +
				"Stored in the state (in plain text: `Sensitive` only hides it from plan output) unless `enrollment_jwt_in_state = false`, " +
				"which keeps it null. Whoever holds it can enroll a router process as this router and so join it to the overlay, where it " +
				"carries agents' traffic: hand it only to the router's enrollment (e.g. a Kubernetes secret), never to logs or outputs."},
		"enrollment_jwt_in_state": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: "Whether `enrollment_jwt` is kept in the state. `true` (the default, and what Terraform before 1.10 and " +
				"OpenTofu before 1.11 need): the token is stored in the state until the router enrolls. `false`: `enrollment_jwt` is always " +
				"null and the token is never stored; get it with the `ziti_edge_router_enrollment` ephemeral resource (Terraform 1.10+, " +
				"OpenTofu 1.11+), which also re-issues it after it expired unused. `enrollment_expires_at`, `is_verified` and `fingerprint` " +
				"are stored either way (they are not secret)."},
		"enrollment_expires_at": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the enrollment token expires (RFC 3339); null once the router has enrolled. An expired token needs " +
				"a new one: the `ziti_edge_router_enrollment` ephemeral resource issues it for a router that has not enrolled."},
		"is_verified": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the router has enrolled (its certificate is verified by the controller)."},
		"is_online": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the router is connected to the controller right now, as of the last refresh."},
		"fingerprint": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Fingerprint of the router's enrolled certificate; null until it enrolls."},
	})
}

// model is the Terraform state of one edge router.
type model struct {
	framework.Base
	RoleAttributes    types.Set            `tfsdk:"role_attributes"`
	IsTunnelerEnabled types.Bool           `tfsdk:"is_tunneler_enabled"`
	Cost              types.Int64          `tfsdk:"cost"`
	NoTraversal       types.Bool           `tfsdk:"no_traversal"`
	Disabled          types.Bool           `tfsdk:"disabled"`
	AppData           jsontypes.Normalized `tfsdk:"app_data"`
	enrollment.Token
	routerState
}
