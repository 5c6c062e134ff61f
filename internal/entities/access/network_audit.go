package access

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/egressallowlist"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Severities, most severe first: findings sort in this order.
const (
	severityHigh   = "high"
	severityMedium = "medium"
	severityLow    = "low"
	severityInfo   = "info"
)

var severities = []string{severityHigh, severityMedium, severityLow, severityInfo}

// Finding kinds: stable strings users may match in check blocks.
const (
	kindDialAllIdentities        = "dial-policy-all-identities"
	kindBindAllIdentities        = "bind-policy-all-identities"
	kindDialAllServices          = "dial-policy-all-services"
	kindBindAllServices          = "bind-policy-all-services"
	kindPrivateResourceDialByAll = "private-resource-dialable-by-all"
	kindEgressAllowlistDialByAll = "egress-allowlist-dialable-by-all"
	kindServiceNotHosted         = "service-not-hosted"
	kindAdminIdentity            = "admin-identity"
	kindDefaultAdmin             = "default-admin"
	kindEnrollmentExpired        = "enrollment-expired"
	kindSelectsNoIdentities      = "policy-selects-no-identities"
	kindSelectsNoServices        = "policy-selects-no-services"
	kindSelectsNoEdgeRouters     = "policy-selects-no-edge-routers"
	kindEgressCatchAll           = "egress-allowlist-catch-all"
	kindCompositeChanged         = "composite-changed-out-of-band"
)

// findingKind is one row of the audit's table: the code reports with it, and the data
// source's documentation is generated from it, so the two cannot disagree.
type findingKind struct {
	Kind     string
	Severity string
	About    string // what it means and what to do, for the documentation
}

var findingKinds = []findingKind{
	{kindDialAllIdentities, severityHigh, "A `Dial` service policy has `identity_roles = [\"#all\"]`: every identity, including every agent created later, may connect to its services. Name the identities with a role attribute (`#agents`) or `@name` instead."},
	{kindPrivateResourceDialByAll, severityHigh, "A `ziti_private_resource` is dialable by `#all` identities: every identity can reach the private endpoint. Narrow its `dial_roles`. (Reported instead of `" + kindDialAllIdentities + "` for that resource's Dial policy.)"},
	{kindEgressAllowlistDialByAll, severityHigh, "A `ziti_egress_allowlist` applies to `#all` identities: every identity may reach its destinations. Narrow its `identity_roles`. (Reported instead of `" + kindDialAllIdentities + "` for that allowlist's Dial policy.)"},
	{kindEgressCatchAll, severityHigh, "A `ziti_egress_allowlist` has a catch-all destination (`0.0.0.0/0`, `::/0`, a wildcard over a top-level domain such as `*.com`): its agents may reach (nearly) anything through the gateway, so it allows rather than lists. Reported also when the allowlist sets `allow_catch_all = true`. List the destinations the agents need."},
	{kindCompositeChanged, severityHigh, "An entity a `ziti_private_resource` or `ziti_egress_allowlist` owns was changed outside Terraform into something the resource never writes: a policy selecting services other than the resource's own (e.g. `#all`), a policy's type or semantic, role attributes or foreign configs on its service, an egress destination's config intercepting other addresses or protocols, a private resource intercepting more than one address. Such a change can widen access. Run `terraform plan`/`apply` for the resource: its plan shows the change (`in_sync = false`) and the apply puts it back. (The audit checks what holds for every such resource; the resource's own plan also compares the fields its configuration decides, like roles and ports.)"},
	{kindDialAllServices, severityHigh, "A `Dial` service policy has `service_roles = [\"#all\"]`: its identities may connect to every service, including every service created later. Select the services by role attribute or name."},
	{kindBindAllServices, severityHigh, "A `Bind` service policy has `service_roles = [\"#all\"]`: its identities may host (and so receive the traffic of) every service. Select the services they really host."},
	{kindBindAllIdentities, severityMedium, "A `Bind` service policy has `identity_roles = [\"#all\"]`: any identity may register as a host of its services and receive their traffic. Name the connector identities or routers that host them."},
	{kindServiceNotHosted, severityMedium, "No identity may bind the service: nothing hosts it, so every dial fails. Add a `Bind` policy for the identity or tunneler-enabled router that hosts it (a `ziti_private_resource` does this), or delete the service."},
	{kindAdminIdentity, severityMedium, "An identity other than the default admin is an admin: it controls the whole network. An agent must never be an admin; keep admin rights for the few operator identities that need them."},
	{kindEnrollmentExpired, severityLow, "An identity was never enrolled and its enrollment token has expired: it can no longer join the network. Re-issue the enrollment (`ziti_identity` does on the next apply) or delete the identity."},
	{kindSelectsNoIdentities, severityLow, "A service policy or edge router policy selects no identity, so it grants nothing. Often a typo in a role attribute (`#agent` for `#agents`), or roles naming identities that were deleted."},
	{kindSelectsNoServices, severityLow, "A service policy or service edge router policy selects no service, so it grants nothing. Often a typo in a role attribute, or roles naming services that were deleted."},
	{kindSelectsNoEdgeRouters, severityLow, "An edge router policy or service edge router policy selects no edge router, so no traffic can use it. Often a typo in a role attribute."},
	{kindDefaultAdmin, severityInfo, "The controller's default admin exists (it cannot be deleted). Keep its password out of pipelines and agent pods; give automation its own identity."},
}

// The tags the composite resources (ziti_private_resource, ziti_egress_allowlist) put on every
// child entity, so the audit can name the resource instead of its generated Dial policy.
const (
	tagManagedBy     = "managed-by"
	managedByValue   = "terraform-provider-ziti"
	tagComposite     = "ziti-composite"
	tagCompositeName = "ziti-composite-name"
)

var compositeDialByAll = map[string]struct{ kind, entityType, attr, noun string }{
	"private_resource": {kindPrivateResourceDialByAll, "private_resource", "dial_roles", "Private resource"},
	"egress_allowlist": {kindEgressAllowlistDialByAll, "egress_allowlist", "identity_roles", "Egress allowlist"},
}

// NewNetworkAudit is the ziti_network_audit data source.
func NewNetworkAudit() datasource.DataSource { return &networkAudit{base{TypeName: "network_audit"}} }

type networkAudit struct{ base }

type networkAuditModel struct {
	IncludeInfo types.Bool       `tfsdk:"include_info"`
	Findings    []finding        `tfsdk:"findings"`
	Counts      map[string]int64 `tfsdk:"counts"`
}

type finding struct {
	Severity   string `tfsdk:"severity"`
	Kind       string `tfsdk:"kind"`
	EntityType string `tfsdk:"entity_type"`
	EntityID   string `tfsdk:"entity_id"`
	EntityName string `tfsdk:"entity_name"`
	Message    string `tfsdk:"message"`
}

// kindsTable is the documentation of every finding kind, as a Markdown table.
func kindsTable() string {
	var b strings.Builder
	b.WriteString("| Kind | Severity | What it means and what to do |\n|---|---|---|\n")
	for _, k := range findingKinds {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", k.Kind, k.Severity, k.About)
	}
	return b.String()
}

func (d *networkAudit) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Audits the whole network for grants broader than they should be and for configuration that grants nothing. " +
			"Service edge router policies and edge router policies with `#all` are not findings: they decide which routers carry traffic, not who may reach what. " +
			"Use it in a `check` block (\"the audit has no high findings\") so every plan reports a broken promise.\n\n" +
			"Findings:\n\n" + kindsTable(),
		Attributes: map[string]schema.Attribute{
			"include_info": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Whether to report `info` findings (things worth knowing that need no change). Default: `true`."},
			"findings": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "The findings, sorted by severity (" + framework.QuotedList(severities) + "), then kind, then entity name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"severity":    computed("One of " + framework.QuotedList(severities) + "."),
					"kind":        computed("What was found, a stable machine-readable string (see the table above)."),
					"entity_type": computed("The type of the entity concerned, named like its resource without `ziti_`: `service_policy`, `edge_router_policy`, `service_edge_router_policy`, `service`, `identity`, `private_resource`, `egress_allowlist`."),
					"entity_id":   computed("ID of the entity on the controller. For a private resource or egress allowlist, the id of its Dial policy that grants the access; for `" + kindCompositeChanged + "`, the id of the owned entity that was changed."),
					"entity_name": computed("Name of the entity (of the private resource or egress allowlist for those)."),
					"message":     computed("For a human: what is wrong and what to do."),
				}}},
			"counts": schema.MapAttribute{Computed: true, ElementType: types.Int64Type,
				MarkdownDescription: "Number of findings per severity; every severity (" + framework.QuotedList(severities) + ") is present, with 0 when none, so `counts[\"high\"] == 0` works in a condition."},
		},
	}
}

func (d *networkAudit) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m networkAuditModel
	op := readConfig(ctx, &d.base, req, resp, &m)
	if op == nil {
		return
	}
	a := &auditor{ctx: ctx, c: op.Client, now: time.Now()}
	if err := a.run(); err != nil {
		framework.AddAPIError(&resp.Diagnostics, "audit", "network", err)
		return
	}
	includeInfo := m.IncludeInfo.IsNull() || m.IncludeInfo.ValueBool()
	m.Findings, m.Counts = summarize(a.findings, includeInfo)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// summarize filters, sorts and counts findings.
func summarize(all []finding, includeInfo bool) ([]finding, map[string]int64) {
	rank := map[string]int{}
	for i, s := range severities {
		rank[s] = i
	}
	out := make([]finding, 0, len(all))
	counts := map[string]int64{}
	for _, s := range severities {
		counts[s] = 0
	}
	for _, f := range all {
		if f.Severity == severityInfo && !includeInfo {
			continue
		}
		out = append(out, f)
		counts[f.Severity]++
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case rank[a.Severity] != rank[b.Severity]:
			return rank[a.Severity] < rank[b.Severity]
		case a.Kind != b.Kind:
			return a.Kind < b.Kind
		case a.EntityName != b.EntityName:
			return a.EntityName < b.EntityName
		}
		return a.EntityID < b.EntityID
	})
	return out, counts
}

// auditor collects findings over one read of the controller.
type auditor struct {
	ctx      context.Context
	c        *client.Client
	now      time.Time
	findings []finding
}

func (a *auditor) add(kind, entityType, id, name, format string, args ...any) {
	sev := ""
	for _, k := range findingKinds {
		if k.Kind == kind {
			sev = k.Severity
		}
	}
	a.findings = append(a.findings, finding{Severity: sev, Kind: kind, EntityType: entityType, EntityID: id, EntityName: name,
		Message: fmt.Sprintf(format, args...)})
}

func (a *auditor) run() error {
	hosted, err := a.servicePolicies()
	if err != nil {
		return err
	}
	if err := a.services(hosted); err != nil {
		return err
	}
	if err := a.edgeRouterPolicies(); err != nil {
		return err
	}
	if err := a.serviceEdgeRouterPolicies(); err != nil {
		return err
	}
	if err := a.identities(); err != nil {
		return err
	}
	return a.composites()
}

// composites reports catch-all egress and composite entities changed out of band, from the
// entities that carry the composites' ownership tags.
func (a *auditor) composites() error {
	owned, err := composite.ListOwned(a.ctx, a.c)
	if err != nil {
		return err
	}
	dialPolicy := map[string]string{} // kind/name -> id of its Dial policy
	for _, p := range owned.Policies {
		if tag(&p.BaseEntity, composite.TagKey) == "policy:dial" {
			dialPolicy[tag(&p.BaseEntity, tagComposite)+"/"+tag(&p.BaseEntity, tagCompositeName)] = str(p.ID)
		}
	}
	for c, addresses := range composite.InterceptAddresses(owned) {
		if tag(&c.BaseEntity, tagComposite) != "egress_allowlist" {
			continue
		}
		name := tag(&c.BaseEntity, tagCompositeName)
		id := dialPolicy["egress_allowlist/"+name]
		if id == "" {
			id = str(c.ID)
		}
		for _, addr := range addresses {
			if reason := egressallowlist.CatchAll(addr); reason != "" {
				a.add(kindEgressCatchAll, "egress_allowlist", id, name,
					"Egress allowlist %q has a catch-all destination: %s. Its agents may reach (nearly) anything through the gateway; list the destinations they need instead.",
					name, reason)
			}
		}
	}
	for _, v := range composite.Invariants(owned) {
		a.add(kindCompositeChanged, v.CompositeKind, v.EntityID, v.CompositeName,
			"The %s %q owned by ziti_%s %q was changed outside Terraform: %s %s. The resource's next plan shows in_sync = false and its apply puts it back.",
			v.EntityKind, v.EntityName, v.CompositeKind, v.CompositeName, v.Field, v.Reason)
	}
	return nil
}

// servicePolicies reports broad and empty Dial/Bind policies and returns the services some
// identity may bind.
func (a *auditor) servicePolicies() (hosted map[string]bool, err error) {
	policies, err := client.ServicePolicies.List(a.ctx, a.c, "")
	if err != nil {
		return nil, fmt.Errorf("listing service policies: %w", err)
	}
	hosted = map[string]bool{}
	for _, p := range policies {
		id, name, typ := str(p.ID), str(p.Name), policyTypeOf(p)
		isDial := typ == dial
		if hasRole(p.IdentityRoles, roleAll) {
			composite := compositeDialByAll[tag(&p.BaseEntity, tagComposite)]
			switch {
			case isDial && composite.kind != "" && tag(&p.BaseEntity, tagManagedBy) == managedByValue:
				cname := tag(&p.BaseEntity, tagCompositeName)
				a.add(composite.kind, composite.entityType, id, cname,
					"%s %q may be dialed by every identity: its Dial policy %q grants #all identities. Narrow its %s to the agents that need it.",
					composite.noun, cname, name, composite.attr)
			case isDial:
				a.add(kindDialAllIdentities, "service_policy", id, name,
					"Dial policy %q grants its services to #all identities: every identity, including agents created later, may connect to them. "+
						"Replace #all in identity_roles with a role attribute (e.g. #agents) or @name.", name)
			default:
				a.add(kindBindAllIdentities, "service_policy", id, name,
					"Bind policy %q lets #all identities host its services: any identity may register as a host and receive their traffic. "+
						"Replace #all in identity_roles with the connector identities or routers that host them.", name)
			}
		}
		if hasRole(p.ServiceRoles, roleAll) {
			if isDial {
				a.add(kindDialAllServices, "service_policy", id, name,
					"Dial policy %q grants #all services: its identities may connect to every service, including services created later. "+
						"Replace #all in service_roles with the services they need.", name)
			} else {
				a.add(kindBindAllServices, "service_policy", id, name,
					"Bind policy %q grants #all services: its identities may host, and receive the traffic of, every service. "+
						"Replace #all in service_roles with the services they really host.", name)
			}
		}

		identities, err := subCollectionCount(a.ctx, a.c, "/service-policies/{id}/identities", id)
		if err != nil {
			return nil, err
		}
		var services int64
		if typ == bind && identities > 0 {
			selected, err := policyServices(a.ctx, a.c, id)
			if err != nil {
				return nil, err
			}
			for _, s := range selected {
				hosted[str(s.ID)] = true
			}
			services = int64(len(selected))
		} else if services, err = subCollectionCount(a.ctx, a.c, "/service-policies/{id}/services", id); err != nil {
			return nil, err
		}
		label := "Bind"
		if isDial {
			label = "Dial"
		}
		what := fmt.Sprintf("%s policy %q", label, name)
		a.selectsNothing("service_policy", id, name, what, identityRolesCheck(p.IdentityRoles, identities))
		a.selectsNothing("service_policy", id, name, what, serviceRolesCheck(p.ServiceRoles, services))
	}
	return hosted, nil
}

// roleCheck is one role set of a policy and how many entities it selects.
type roleCheck struct {
	kind, attr, noun string
	roles            rest_model.Roles
	matched          int64
}

func identityRolesCheck(roles rest_model.Roles, n int64) roleCheck {
	return roleCheck{kindSelectsNoIdentities, "identity_roles", "identity", roles, n}
}
func serviceRolesCheck(roles rest_model.Roles, n int64) roleCheck {
	return roleCheck{kindSelectsNoServices, "service_roles", "service", roles, n}
}
func edgeRouterRolesCheck(roles rest_model.Roles, n int64) roleCheck {
	return roleCheck{kindSelectsNoEdgeRouters, "edge_router_roles", "edge router", roles, n}
}

// selectsNothing reports a role set that matches nothing. #all matching nothing is not a
// mistake (nothing exists yet), so only other selectors are reported.
func (a *auditor) selectsNothing(entityType, id, name, what string, rc roleCheck) {
	switch {
	case rc.matched > 0 || (len(rc.roles) == 1 && rc.roles[0] == roleAll):
	case len(rc.roles) == 0:
		a.add(rc.kind, entityType, id, name, "%s has no %s, so it selects no %s and grants nothing. Set %s, or delete the policy.",
			what, rc.attr, rc.noun, rc.attr)
	default:
		a.add(rc.kind, entityType, id, name,
			"%s selects no %s: %s [%s] match none. Check the role attributes for a typo (the policy says #attr, the %s must carry attr), or create the %s it is meant for.",
			what, rc.noun, rc.attr, strings.Join(rc.roles, ", "), rc.noun, rc.noun)
	}
}

func (a *auditor) services(hosted map[string]bool) error {
	services, err := client.Services.List(a.ctx, a.c, "")
	if err != nil {
		return fmt.Errorf("listing services: %w", err)
	}
	for _, s := range services {
		if id, name := str(s.ID), str(s.Name); !hosted[id] {
			a.add(kindServiceNotHosted, "service", id, name,
				"Service %q has no identity that may bind it: nothing hosts it, so every dial fails. "+
					"Add a Bind policy for the identity or router that hosts it, or delete the service.", name)
		}
	}
	return nil
}

func (a *auditor) edgeRouterPolicies() error {
	policies, err := client.EdgeRouterPolicies.List(a.ctx, a.c, "")
	if err != nil {
		return fmt.Errorf("listing edge router policies: %w", err)
	}
	for _, p := range policies {
		if p.IsSystem != nil && *p.IsSystem {
			continue // the controller's own per-router policies
		}
		err := a.routerPolicy(routerPolicy{"edge_router_policy", "/edge-router-policies", "Edge router policy", str(p.ID), str(p.Name)},
			p.EdgeRouterRoles, "identities", identityRolesCheck, p.IdentityRoles)
		if err != nil {
			return err
		}
	}
	return nil
}

func (a *auditor) serviceEdgeRouterPolicies() error {
	policies, err := client.ServiceEdgeRouterPolicies.List(a.ctx, a.c, "")
	if err != nil {
		return fmt.Errorf("listing service edge router policies: %w", err)
	}
	for _, p := range policies {
		err := a.routerPolicy(routerPolicy{"service_edge_router_policy", "/service-edge-router-policies", "Service edge router policy", str(p.ID), str(p.Name)},
			p.EdgeRouterRoles, "services", serviceRolesCheck, p.ServiceRoles)
		if err != nil {
			return err
		}
	}
	return nil
}

// routerPolicy is an edge router policy or a service edge router policy as the audit names it.
type routerPolicy struct {
	resourceType, collection, label string
	id, name                        string
}

// routerPolicy reports each role set of a router policy that selects nothing: its
// edge_router_roles, and the other set (identities or services), counted in the sub-collection
// other of the policy.
func (a *auditor) routerPolicy(p routerPolicy, routerRoles rest_model.Roles, other string, otherCheck func(rest_model.Roles, int64) roleCheck, otherRoles rest_model.Roles) error {
	others, err := subCollectionCount(a.ctx, a.c, p.collection+"/{id}/"+other, p.id)
	if err != nil {
		return err
	}
	routers, err := subCollectionCount(a.ctx, a.c, p.collection+"/{id}/edge-routers", p.id)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("%s %q", p.label, p.name)
	a.selectsNothing(p.resourceType, p.id, p.name, what, otherCheck(otherRoles, others))
	a.selectsNothing(p.resourceType, p.id, p.name, what, edgeRouterRolesCheck(routerRoles, routers))
	return nil
}

func (a *auditor) identities() error {
	identities, err := client.Identities.List(a.ctx, a.c, "")
	if err != nil {
		return fmt.Errorf("listing identities: %w", err)
	}
	for _, i := range identities {
		id, name := str(i.ID), str(i.Name)
		switch {
		case i.IsDefaultAdmin != nil && *i.IsDefaultAdmin:
			a.add(kindDefaultAdmin, "identity", id, name,
				"%q is the controller's default admin (it cannot be deleted). Keep its password out of pipelines and agent pods; give automation its own identity.", name)
		case i.IsAdmin != nil && *i.IsAdmin:
			a.add(kindAdminIdentity, "identity", id, name,
				"Identity %q is an admin: it controls the whole network. An agent must never be an admin; set is_admin = false unless this is an operator identity that needs it.", name)
		}
		if expiry, ok := expiredEnrollment(i.Enrollment, a.now); ok {
			a.add(kindEnrollmentExpired, "identity", id, name,
				"Identity %q was never enrolled and its enrollment token expired at %s: it can no longer join the network. "+
					"Re-issue the enrollment (ziti_identity does on the next apply) or delete the identity.", name, expiry.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// expiredEnrollment returns when a pending enrollment expired, if it has. An enrolled identity
// has no pending enrollment (the controller removes it on enrollment).
func expiredEnrollment(e *rest_model.IdentityEnrollments, now time.Time) (time.Time, bool) {
	if e == nil {
		return time.Time{}, false
	}
	var pending []time.Time
	if e.Ott != nil {
		pending = append(pending, time.Time(e.Ott.ExpiresAt))
	}
	if e.Ottca != nil {
		pending = append(pending, time.Time(e.Ottca.ExpiresAt))
	}
	if e.Updb != nil {
		pending = append(pending, time.Time(e.Updb.ExpiresAt))
	}
	for _, t := range pending {
		if !t.IsZero() && t.Before(now) {
			return t, true
		}
	}
	return time.Time{}, false
}
