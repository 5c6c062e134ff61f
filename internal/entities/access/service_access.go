package access

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// NewServiceAccess is the ziti_service_access data source.
func NewServiceAccess() datasource.DataSource {
	return &serviceAccess{base{TypeName: "service_access"}}
}

type serviceAccess struct{ base }

type serviceAccessModel struct {
	Service        types.String `tfsdk:"service"`
	ServiceID      types.String `tfsdk:"service_id"`
	ServiceName    types.String `tfsdk:"service_name"`
	DialIdentities []member     `tfsdk:"dial_identities"`
	BindIdentities []member     `tfsdk:"bind_identities"`
	DialableByAll  types.Bool   `tfsdk:"dialable_by_all"`
}

// member is one identity granted a service.
type member struct {
	IdentityID   string `tfsdk:"identity_id"`
	IdentityName string `tfsdk:"identity_name"`
	IsAdmin      bool   `tfsdk:"is_admin"`
}

func membersAttribute(verb, policyType string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "The identities that may " + verb + " the service (granted by at least one `" + policyType + "` service policy), sorted by name; empty when none. " +
			"Posture checks and router reachability are not evaluated here: see `ziti_identity_access` for those.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"identity_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "ID of the identity."},
			"identity_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the identity."},
			"is_admin":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the identity is an admin of the controller."},
		}},
	}
}

func (d *serviceAccess) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Who can reach one service on the overlay: the identities that may dial it and the identities that may host (bind) it, " +
			"as the controller evaluates its service policies. Use it in a `check` block to state who may reach a sensitive service " +
			"(\"only the orders agent can dial orders-db\", \"nothing but the connector hosts it\").",
		Attributes: map[string]schema.Attribute{
			"service":         schema.StringAttribute{Required: true, MarkdownDescription: "The service to inspect: its name or its id."},
			"service_id":      schema.StringAttribute{Computed: true, MarkdownDescription: "ID of the service."},
			"service_name":    schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the service."},
			"dial_identities": membersAttribute("dial (connect to)", "Dial"),
			"bind_identities": membersAttribute("bind (host)", "Bind"),
			"dialable_by_all": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether a `Dial` policy selecting this service has `identity_roles = [\"#all\"]`: every identity, including any created later, may dial it."},
		},
	}
}

func (d *serviceAccess) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m serviceAccessModel
	op := readConfig(ctx, &d.base, req, resp, &m)
	if op == nil {
		return
	}
	id, svc, ok := readSubject(op, framework.ServiceRoles, client.Services, "service", m.Service.ValueString())
	if !ok {
		return
	}
	m.ServiceID = types.StringValue(id)
	m.ServiceName = types.StringValue(str(svc.Name))
	for _, pt := range []string{dial, bind} {
		ids, err := serviceIdentities(ctx, op.Client, id, pt)
		if err != nil {
			framework.AddAPIError(&resp.Diagnostics, "read the access to", "service", err)
			return
		}
		members := membersOf(ids)
		if pt == dial {
			m.DialIdentities = members
		} else {
			m.BindIdentities = members
		}
	}
	policies, err := servicePoliciesOfService(ctx, op.Client, id)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "read the access to", "service", err)
		return
	}
	byAll := false
	for _, p := range policies {
		byAll = byAll || (policyTypeOf(p) == dial && hasRole(p.IdentityRoles, roleAll))
	}
	m.DialableByAll = types.BoolValue(byAll)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func membersOf(ids []*rest_model.IdentityDetail) []member {
	out := make([]member, 0, len(ids))
	for _, i := range ids {
		out = append(out, member{IdentityID: str(i.ID), IdentityName: str(i.Name), IsAdmin: i.IsAdmin != nil && *i.IsAdmin})
	}
	sortByNameThenID(out, func(m member) (name, id string) { return m.IdentityName, m.IdentityID })
	return out
}
