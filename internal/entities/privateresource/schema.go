package privateresource

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

type model struct {
	composite.Base
	composite.Grants
	Address                   types.String `tfsdk:"address"`
	Ports                     types.Set    `tfsdk:"ports"`
	Protocols                 types.Set    `tfsdk:"protocols"`
	TargetAddress             types.String `tfsdk:"target_address"`
	TargetPort                types.Int64  `tfsdk:"target_port"`
	HostRoles                 types.Set    `tfsdk:"host_roles"`
	DialRoles                 types.Set    `tfsdk:"dial_roles"`
	ServiceID                 types.String `tfsdk:"service_id"`
	InterceptConfigID         types.String `tfsdk:"intercept_config_id"`
	HostConfigID              types.String `tfsdk:"host_config_id"`
	DialPolicyID              types.String `tfsdk:"dial_policy_id"`
	BindPolicyID              types.String `tfsdk:"bind_policy_id"`
	ServiceEdgeRouterPolicyID types.String `tfsdk:"service_edge_router_policy_id"`

	// revocation_pending: the shared CRUD adds the attribute to the schema and keeps it.
	framework.Revocable
}

func resourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A private endpoint (a customer's database, an internal API) registered on the overlay and granted to named agents: " +
			"agents in `dial_roles` reach `address` on `ports`, and nothing else does. The hosting side (`host_roles`: a connector identity " +
			"or a tunneler-enabled router next to the endpoint) connects to `target_address`.\n\n" +
			"The grant is **directed** (the endpoint's host cannot dial the agents: it gets only a Bind grant), **port-specific** (only the " +
			"listed ports are intercepted and forwarded) and **revocable** (narrowing `dial_roles` or destroying the resource refuses new " +
			"connections and closes the open ones, see the provider's `revoke_open_connections`).\n\n" +
			"It creates and owns an `intercept.v1` config, a `host.v1` config, a service, a Bind policy, a Dial policy and, with " +
			"`edge_router_roles`, a service edge router policy, all tagged `ziti-composite = private_resource`. Changes are applied in place.\n\n" +
			"**Drift.** Every refresh reads every owned entity back and compares every field the resource writes (the policies' identity, " +
			"service and posture check roles, type and semantic; the service's role attributes, configs, encryption and terminator strategy; " +
			"every field of both configs; the ownership tags). A change made outside Terraform shows in the next plan: on the attribute you wrote " +
			"where there is one (`dial_roles`, `ports`, ...), otherwise as `in_sync = false` with a warning naming the entity and the field. " +
			"The apply writes everything back; an owned entity deleted outside Terraform is re-created.\n\n" +
			"**Failed creates.** When a create fails half way, what it made is deleted again (failures to do so are reported). Entities left " +
			"behind that carry this resource's ownership tags are adopted by the next create; an entity of the same name that it does not own " +
			"is named in the error (kind, name, id).",
		Attributes: map[string]schema.Attribute{
			"id":   composite.ComputedID("Id of the resource's service."),
			"name": composite.NameAttribute("Name of the private resource: the service gets this name, the owned configs and policies `<name>-intercept`, `<name>-host`, `<name>-dial`, `<name>-bind`, `<name>-routers`."),
			"address": schema.StringAttribute{Required: true, Validators: []validator.String{ziticonfig.AddressValidator(ziticonfig.InterceptAddress)},
				MarkdownDescription: "What agents dial, e.g. `orders-db.ziti`. " + ziticonfig.InterceptAddress.Describe()},
			"ports": composite.PortsAttribute("The ports agents may reach (1 to 65535). Only these are intercepted and forwarded."),
			"protocols": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType,
				Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{types.StringValue("tcp")})),
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(composite.Protocols...))},
				MarkdownDescription: "Protocols: " + framework.QuotedList(composite.Protocols) + ". Default `[\"tcp\"]`."},
			"target_address": schema.StringAttribute{Required: true, Validators: []validator.String{ziticonfig.AddressValidator(ziticonfig.DialAddress)},
				MarkdownDescription: "Where the hosting side connects: the endpoint's address as seen from the host. " + ziticonfig.DialAddress.Describe()},
			"target_port": composite.PortAttribute("The port the hosting side connects to. When unset, the port the agent dialed is used (only ever one of `ports`)."),
			"host_roles":  framework.RequiredRolesAttribute(framework.IdentityRoles, "Who hosts the endpoint: the connector identity or tunneler-enabled router that can reach `target_address`, e.g. `[\"@router-dc1\"]`."),
			"dial_roles":  framework.RequiredRolesAttribute(framework.IdentityRoles, "Who may reach the endpoint, e.g. `[\"#billing-agents\"]`."),
			"posture_check_roles": framework.RolesAttribute(framework.PostureCheckRoles,
				"Posture checks an agent must pass to dial, in addition to `dial_roles`."),
			"edge_router_roles": composite.EdgeRouterRolesAttribute("When set, a service edge router policy lets the service use these edge routers (`#attribute`, `#all`, `@name` or `@id`). " +
				"Leave unset when an existing policy already covers the service (the quickstart's `all-routers-all-services` does)."),
			"tags":                          framework.TagsAttribute(),
			"service_id":                    composite.ComputedID("Id of the owned service."),
			"intercept_config_id":           composite.ComputedID("Id of the owned `intercept.v1` config."),
			"host_config_id":                composite.ComputedID("Id of the owned `host.v1` config."),
			"dial_policy_id":                composite.ComputedID("Id of the owned Dial service policy."),
			"bind_policy_id":                composite.ComputedID("Id of the owned Bind service policy."),
			"service_edge_router_policy_id": composite.ComputedID("Id of the owned service edge router policy, when `edge_router_roles` is set."),
			"in_sync": composite.InSyncAttribute("resource",
				"a policy's service roles, type or semantic; the service's role attributes, configs or terminator strategy; any field of a config, e.g. a second intercept address; the ownership tags"),
		},
	}
}
