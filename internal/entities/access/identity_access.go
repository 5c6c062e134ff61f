package access

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// NewIdentityAccess is the ziti_identity_access data source.
func NewIdentityAccess() datasource.DataSource {
	return &identityAccess{base{TypeName: "identity_access"}}
}

type identityAccess struct{ base }

type identityAccessModel struct {
	Identity     types.String `tfsdk:"identity"`
	IdentityID   types.String `tfsdk:"identity_id"`
	IdentityName types.String `tfsdk:"identity_name"`
	Dial         []grant      `tfsdk:"dial"`
	Bind         []grant      `tfsdk:"bind"`
}

// grant is one service an identity may dial (or bind), and why.
type grant struct {
	ServiceID             string   `tfsdk:"service_id"`
	ServiceName           string   `tfsdk:"service_name"`
	Policies              []string `tfsdk:"policies"`
	HasOnlineCommonRouter bool     `tfsdk:"has_online_common_router"`
	PostureChecksRequired bool     `tfsdk:"posture_checks_required"`
}

func grantsAttribute(verb, policyType string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "The services the identity may " + verb + ", sorted by service name; empty when none. " +
			"A service appears here when at least one `" + policyType + "` service policy selects both the identity and the service.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"service_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "ID of the service."},
			"service_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the service."},
			"policies": schema.SetAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Names of the `" + policyType + "` service policies that grant this identity this service. Removing the grant means changing every one of them."},
			"has_online_common_router": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the controller's policy advice finds an online edge router that both the identity and the service may use (edge router policies and service edge router policies). " +
					"`false` means the grant exists but a " + verb + " would fail now: no router is shared, or none of the shared ones is online."},
			"posture_checks_required": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether every policy granting this service has `posture_check_roles`: the identity then gets the access only while it passes the posture checks of one of them. " +
					"`false` when at least one granting policy has no posture checks."},
		}},
	}
}

func (d *identityAccess) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "What one identity (an agent, a connector, a router) can reach on the overlay: the services it may dial, the services it may host (bind), " +
			"the service policies that grant each, and whether an online edge router can carry the traffic. It reads the controller's effective access, " +
			"so role attributes and `AllOf`/`AnyOf` semantics count exactly as they do when the identity dials. " +
			"Use it in a `check` block to state an isolation promise (\"this agent can dial only `llm-proxy`\") that every plan verifies.",
		Attributes: map[string]schema.Attribute{
			"identity": schema.StringAttribute{Required: true,
				MarkdownDescription: "The identity to inspect: its name or its id."},
			"identity_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "ID of the identity."},
			"identity_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the identity."},
			"dial":          grantsAttribute("dial (connect to)", "Dial"),
			"bind":          grantsAttribute("bind (host)", "Bind"),
		},
	}
}

func (d *identityAccess) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m identityAccessModel
	op := readConfig(ctx, &d.base, req, resp, &m)
	if op == nil {
		return
	}
	id, ident, ok := readSubject(op, framework.IdentityRoles, client.Identities, "identity", m.Identity.ValueString())
	if !ok {
		return
	}
	dialGrants, bindGrants, err := identityGrants(ctx, op.Client, id)
	if err != nil {
		framework.AddAPIError(&resp.Diagnostics, "read the access of", "identity", err)
		return
	}
	m.IdentityID = types.StringValue(id)
	m.IdentityName = types.StringValue(str(ident.Name))
	m.Dial, m.Bind = dialGrants, bindGrants
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// identityGrants reads what an identity may dial and bind with a bounded number of calls: one
// list of its services per policy type, one list of its service policies, one list of services
// per Dial/Bind policy of the identity, and one policy advice per service.
func identityGrants(ctx context.Context, c *client.Client, identityID string) (dialGrants, bindGrants []grant, err error) {
	services := map[string][]*rest_model.ServiceDetail{}
	for _, pt := range []string{dial, bind} {
		if services[pt], err = identityServices(ctx, c, identityID, pt); err != nil {
			return nil, nil, err
		}
	}
	policies, err := identityPolicies(ctx, c, identityID)
	if err != nil {
		return nil, nil, err
	}
	// grantedBy[policyType][serviceID] are the identity's policies of that type selecting the service.
	grantedBy := map[string]map[string][]*rest_model.ServicePolicyDetail{dial: {}, bind: {}}
	for _, p := range policies {
		pt := policyTypeOf(p)
		if pt == "" || len(services[pt]) == 0 {
			continue // the identity has no such grant: no policy of this type can matter
		}
		selected, err := policyServices(ctx, c, str(p.ID))
		if err != nil {
			return nil, nil, err
		}
		for _, s := range selected {
			grantedBy[pt][str(s.ID)] = append(grantedBy[pt][str(s.ID)], p)
		}
	}
	advices := map[string]advice{}
	for _, pt := range []string{dial, bind} {
		for _, s := range services[pt] {
			sid := str(s.ID)
			if _, done := advices[sid]; done {
				continue
			}
			if advices[sid], err = policyAdvice(ctx, c, identityID, sid); err != nil {
				return nil, nil, err
			}
		}
	}
	build := func(pt string) []grant {
		out := make([]grant, 0, len(services[pt]))
		for _, s := range services[pt] {
			sid := str(s.ID)
			g := grant{ServiceID: sid, ServiceName: str(s.Name), Policies: []string{}}
			// Access needs the posture checks of any ONE granting policy to pass (OpenZiti's
			// posture check docs), so checks are required only when every policy has some.
			postureEverywhere := len(grantedBy[pt][sid]) > 0
			for _, p := range grantedBy[pt][sid] {
				g.Policies = append(g.Policies, str(p.Name))
				postureEverywhere = postureEverywhere && len(p.PostureCheckRoles) > 0
			}
			sort.Strings(g.Policies)
			a := advices[sid]
			allowed := a.dialAllowed
			if pt == bind {
				allowed = a.bindAllowed
			}
			g.HasOnlineCommonRouter = allowed && a.onlineCommonRouter
			g.PostureChecksRequired = postureEverywhere
			out = append(out, g)
		}
		sortByNameThenID(out, func(g grant) (name, id string) { return g.ServiceName, g.ServiceID })
		return out
	}
	return build(dial), build(bind), nil
}

// policyTypeOf is "dial" or "bind" for a service policy ("" if the controller sent neither).
func policyTypeOf(p *rest_model.ServicePolicyDetail) string {
	if p.Type == nil {
		return ""
	}
	switch *p.Type {
	case rest_model.DialBindDial:
		return dial
	case rest_model.DialBindBind:
		return bind
	}
	return ""
}
