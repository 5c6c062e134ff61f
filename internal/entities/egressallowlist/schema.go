package egressallowlist

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

type model struct {
	composite.Base
	composite.Grants
	IdentityRoles types.Set  `tfsdk:"identity_roles"`
	GatewayRoles  types.Set  `tfsdk:"gateway_roles"`
	Destinations  types.Set  `tfsdk:"destination"`
	AllowCatchAll types.Bool `tfsdk:"allow_catch_all"`
	OwnedIDs      types.Map  `tfsdk:"owned_ids"`

	// revocation_pending: the shared CRUD adds the attribute to the schema and keeps it.
	framework.Revocable
}

type destinationModel struct {
	Host           types.String `tfsdk:"host"`
	Ports          types.Set    `tfsdk:"ports"`
	Protocol       types.String `tfsdk:"protocol"`
	ConnectAddress types.String `tfsdk:"connect_address"`
	ConnectPort    types.Int64  `tfsdk:"connect_port"`
}

func destinationAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"host": schema.StringAttribute{Required: true, Validators: []validator.String{ziticonfig.AddressValidator(ziticonfig.InterceptAddress)},
			MarkdownDescription: "The destination as the agent names it: an exact host name (`api.openai.com`), a wildcard domain (`*.googleapis.com`), an IP address or a CIDR. " +
				ziticonfig.InterceptAddress.Describe()},
		"ports": composite.PortsAttribute("The ports the agent may reach on this destination, and only on it (1 to 65535)."),
		"protocol": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("tcp"),
			Validators:          []validator.String{stringvalidator.OneOf(composite.Protocols...)},
			MarkdownDescription: "Protocol: " + framework.QuotedList(composite.Protocols) + ". Default `tcp`."},
		"connect_address": schema.StringAttribute{Optional: true, Validators: []validator.String{ziticonfig.AddressValidator(ziticonfig.DialAddress)},
			MarkdownDescription: "Where the gateway connects, when that differs from `host` (split DNS, an egress proxy). Unset: the gateway connects to the address the agent dialed. " +
				ziticonfig.DialAddress.Describe()},
		"connect_port": composite.PortAttribute("The port the gateway connects to. Unset: the port the agent dialed (only ever one of `ports`)."),
	}
}

func resourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An egress allowlist: the destinations outside the overlay that agents (`identity_roles`) may reach through a gateway " +
			"(`gateway_roles`: identities or tunneler-enabled routers that have internet access), each **only on its own ports** — there is no " +
			"cross product of hosts and ports, and everything not listed stays unreachable through the overlay.\n\n" +
			"Each destination becomes its own service with an `intercept.v1` and a `host.v1` config; one Dial policy grants the agents all of them, " +
			"one Bind policy lets the gateways host them. All are tagged `ziti-composite = egress_allowlist`.\n\n" +
			"**Drift.** Every refresh compares every field of every owned entity with what the allowlist writes; a change made outside Terraform " +
			"shows in the next plan (on `destination` or the roles where it can, otherwise as `in_sync = false` with a warning naming the entity " +
			"and the field) and the apply puts it back. A create that failed half way adopts the entities it left (by their ownership tags) on the " +
			"next create; an entity of the same name it does not own is named in the error.\n\n" +
			"**What the overlay enforces, and what it does not.** The overlay decides what an agent can reach *through the overlay*. An agent pod " +
			"whose own network can reach the internet (a default route, a NAT gateway, a node's network) bypasses any allowlist. The deployment " +
			"must take that path away: a Kubernetes NetworkPolicy that denies egress except to the tunneler, a namespace without a NAT route, or " +
			"a sidecar that is the only network path. The gateway itself must be able to resolve and reach the destinations.",
		Attributes: map[string]schema.Attribute{
			"id":             composite.ComputedID("Id of the allowlist's Dial policy."),
			"name":           composite.NameAttribute("Name of the allowlist; the owned entities are named `<name>-<protocol>-<host>` (services and configs) and `<name>-dial`, `<name>-bind`, `<name>-routers`."),
			"identity_roles": framework.RequiredRolesAttribute(framework.IdentityRoles, "The agents the allowlist applies to, e.g. `[\"#research-agents\"]`."),
			"gateway_roles":  framework.RequiredRolesAttribute(framework.IdentityRoles, "Who connects out to the destinations: identities or tunneler-enabled routers with internet access, e.g. `[\"@egress-gateway\"]`."),
			"destination": schema.SetNestedAttribute{Required: true, Validators: []validator.Set{setvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: destinationAttributes()},
				MarkdownDescription: "The allowed destinations. A host may appear once per protocol; host names are compared without case and written in lower case. " +
					"Two destinations whose owned entities would get the same names (`*.x.com` and `wildcard.x.com`, `10.0.0.0/8` and `10.0.0.0_8`) are a plan-time error. " +
					"Catch-all destinations (`0.0.0.0/0`, `::/0`, a wildcard over a top-level domain such as `*.com`) are a plan-time error unless `allow_catch_all = true`."},
			"allow_catch_all": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Allow catch-all destinations (`0.0.0.0/0`, `::/0`, `*.<tld>`), which let the agents reach (nearly) anything through the gateway. " +
					"Default `false`: they are rejected at plan time. `ziti_network_audit` reports them (`egress-allowlist-catch-all`) either way."},
			"posture_check_roles": framework.RolesAttribute(framework.PostureCheckRoles, "Posture checks an agent must pass to reach the destinations."),
			"edge_router_roles":   composite.EdgeRouterRolesAttribute("When set, a service edge router policy lets the destinations' services use these edge routers. Leave unset when an existing policy covers them."),
			"tags":                framework.TagsAttribute(),
			"owned_ids": schema.MapAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Ids of the owned entities, keyed `config:intercept/<protocol>:<host>`, `config:host/<protocol>:<host>`, `service:<protocol>:<host>`, `policy:dial`, `policy:bind`, `routers:routers`.",
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.UseStateForUnknown()}},
			"in_sync": composite.InSyncAttribute("allowlist",
				"a policy's service roles, type or semantic; a service's role attributes, configs or terminator strategy; any field of a config; the ownership tags"),
		},
	}
}
