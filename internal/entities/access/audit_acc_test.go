package access_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// auditFinding mirrors one element of ziti_network_audit.findings.
type auditFinding struct {
	Severity, Kind, EntityType, EntityID, EntityName, Message string
}

// auditFrom reads the findings and counts of a ziti_network_audit from the state.
func auditFrom(s *terraform.State, addr string) ([]auditFinding, map[string]string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, nil, fmt.Errorf("%s is not in the state", addr)
	}
	attrs := rs.Primary.Attributes
	n, err := strconv.Atoi(attrs["findings.#"])
	if err != nil {
		return nil, nil, fmt.Errorf("%s: findings.# = %q", addr, attrs["findings.#"])
	}
	out := make([]auditFinding, n)
	for i := range out {
		at := func(k string) string { return attrs[fmt.Sprintf("findings.%d.%s", i, k)] }
		out[i] = auditFinding{at("severity"), at("kind"), at("entity_type"), at("entity_id"), at("entity_name"), at("message")}
	}
	counts := map[string]string{}
	for _, sev := range []string{"high", "medium", "low", "info"} {
		counts[sev] = attrs["counts."+sev]
	}
	return out, counts, nil
}

func idOf(s *terraform.State, addr string) string {
	if rs, ok := s.RootModule().Resources[addr]; ok {
		return rs.Primary.ID
	}
	return ""
}

// createExpiredIdentity creates an identity through the API whose enrollment token has
// expired, as one left unused for three hours would. It returns its id and the expiry.
func createExpiredIdentity(t *testing.T, name string) (string, time.Time) {
	t.Helper()
	ctx := context.Background()
	c := acctest.AdminClient(t)
	typ, admin := rest_model.IdentityTypeDefault, false
	id, err := client.Identities.Create(ctx, c, &rest_model.IdentityCreate{Name: &name, Type: &typ, IsAdmin: &admin,
		Enrollment: &rest_model.IdentityCreateEnrollment{Ott: true}})
	if err != nil {
		t.Fatalf("create identity %s: %v", name, err)
	}
	t.Cleanup(func() { _ = client.Identities.Delete(context.Background(), c, id) })
	return id, acctest.ExpireEnrollment(t, id)
}

func auditConfig(p, open, admin string) string {
	return fmt.Sprintf(`
resource "ziti_service" "open" { name = %[2]q }
%[4]s%[5]s# What ziti_private_resource creates: a tagged Dial policy; this one lets #all dial it.
resource "ziti_service_policy" "composite" {
  name           = "%[1]s-orders-db-dial"
  type           = "Dial"
  identity_roles = ["#all"]
  service_roles  = ["@${ziti_service.open.name}"]
  tags = {
    "managed-by"          = "terraform-provider-ziti"
    "ziti-composite"      = "private_resource"
    "ziti-composite-name" = "%[1]s-orders-db"
  }
}
# An edge router policy with #all identities is about routing, not a finding; its router
# roles have a typo.
resource "ziti_edge_router_policy" "routers" {
  name              = "%[1]s-routers"
  identity_roles    = ["#all"]
  edge_router_roles = ["#%[1]s-pubilc"]
}
resource "ziti_identity" "admin" {
  name     = %[3]q
  is_admin = true
}

data "ziti_network_audit" "all" {
  depends_on = [ziti_service_policy.everyone, ziti_service_policy.typo, ziti_service_policy.composite, ziti_identity.admin, ziti_edge_router_policy.routers]
}
data "ziti_network_audit" "no_info" {
  include_info = false
  depends_on   = [ziti_service_policy.everyone, ziti_service_policy.typo, ziti_service_policy.composite, ziti_identity.admin, ziti_edge_router_policy.routers]
}
data "ziti_service_access" "open" {
  service    = ziti_service.open.id
  depends_on = [ziti_service_policy.everyone]
}
`, p, open, admin,
		acctest.ServicePolicy("everyone", p+"-everyone", "Dial", "#all", "@${ziti_service.open.name}"),
		acctest.ServicePolicy("typo", p+"-typo", "Dial", "#"+p+"-agnets", "@${ziti_service.open.name}"))
}

// The audit reports what the test seeded, with the severity, kind, entity and message a user
// reads, in the documented order, and leaves the quickstart's routing policies alone.
func TestAccNetworkAudit_findings(t *testing.T) {
	p := "acc-" + acctest.RandomSuffix()
	open, admin, expired := acctest.Name("open"), acctest.Name("admin"), acctest.Name("expired")
	expiredID, expiredAt := createExpiredIdentity(t, expired)

	expect := func(s *terraform.State) []auditFinding {
		everyone, composite, typo := idOf(s, "ziti_service_policy.everyone"), idOf(s, "ziti_service_policy.composite"), idOf(s, "ziti_service_policy.typo")
		return []auditFinding{
			{"high", "dial-policy-all-identities", "service_policy", everyone, p + "-everyone",
				fmt.Sprintf("Dial policy %q grants its services to #all identities: every identity, including agents created later, may connect to them. "+
					"Replace #all in identity_roles with a role attribute (e.g. #agents) or @name.", p+"-everyone")},
			{"high", "private-resource-dialable-by-all", "private_resource", composite, p + "-orders-db",
				fmt.Sprintf("Private resource %q may be dialed by every identity: its Dial policy %q grants #all identities. Narrow its dial_roles to the agents that need it.",
					p+"-orders-db", p+"-orders-db-dial")},
			{"medium", "service-not-hosted", "service", idOf(s, "ziti_service.open"), open,
				fmt.Sprintf("Service %q has no identity that may bind it: nothing hosts it, so every dial fails. "+
					"Add a Bind policy for the identity or router that hosts it, or delete the service.", open)},
			{"medium", "admin-identity", "identity", idOf(s, "ziti_identity.admin"), admin,
				fmt.Sprintf("Identity %q is an admin: it controls the whole network. An agent must never be an admin; set is_admin = false unless this is an operator identity that needs it.", admin)},
			{"low", "enrollment-expired", "identity", expiredID, expired,
				fmt.Sprintf("Identity %q was never enrolled and its enrollment token expired at %s: it can no longer join the network. "+
					"Re-issue the enrollment (ziti_identity does on the next apply) or delete the identity.", expired, expiredAt.UTC().Format(time.RFC3339))},
			{"low", "policy-selects-no-identities", "service_policy", typo, p + "-typo",
				fmt.Sprintf("Dial policy %q selects no identity: identity_roles [#%s-agnets] match none. Check the role attributes for a typo "+
					"(the policy says #attr, the identity must carry attr), or create the identity it is meant for.", p+"-typo", p)},
			{"low", "policy-selects-no-edge-routers", "edge_router_policy", idOf(s, "ziti_edge_router_policy.routers"), p + "-routers",
				fmt.Sprintf("Edge router policy %q selects no edge router: edge_router_roles [#%s-pubilc] match none. Check the role attributes for a typo "+
					"(the policy says #attr, the edge router must carry attr), or create the edge router it is meant for.", p+"-routers", p)},
		}
	}
	check := func(addr string, includeInfo bool) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			got, counts, err := auditFrom(s, addr)
			if err != nil {
				return err
			}
			for _, want := range expect(s) {
				if !containsFinding(got, want) {
					return fmt.Errorf("%s: missing finding %+v\ngot: %+v", addr, want, got)
				}
			}
			perSeverity := map[string]int{}
			rank := map[string]int{"high": 0, "medium": 1, "low": 2, "info": 3}
			for i, f := range got {
				perSeverity[f.Severity]++
				// The composite's policy is reported as the private resource, not twice.
				if f.EntityName == p+"-orders-db-dial" {
					return fmt.Errorf("%s: the composite's Dial policy is reported on its own: %+v", addr, f)
				}
				// Routing policies with #all (the quickstart's) are not access findings.
				if f.EntityName == "all-routers-all-services" || f.EntityName == "all-endpoints-public-routers" {
					return fmt.Errorf("%s: a routing policy is reported: %+v", addr, f)
				}
				if i > 0 {
					prev := got[i-1]
					if rank[prev.Severity] > rank[f.Severity] || (prev.Severity == f.Severity && prev.Kind > f.Kind) ||
						(prev.Severity == f.Severity && prev.Kind == f.Kind && prev.EntityName > f.EntityName) {
						return fmt.Errorf("%s: findings out of order at %d: %+v before %+v", addr, i, prev, f)
					}
				}
			}
			for sev, n := range perSeverity {
				if counts[sev] != strconv.Itoa(n) {
					return fmt.Errorf("%s: counts[%s] = %q, but %d findings have that severity", addr, sev, counts[sev], n)
				}
			}
			defaultAdmin := auditFinding{"info", "default-admin", "identity", "", "Default Admin",
				`"Default Admin" is the controller's default admin (it cannot be deleted). Keep its password out of pipelines and agent pods; give automation its own identity.`}
			hasDefaultAdmin := false
			for _, f := range got {
				if f.Kind == defaultAdmin.Kind {
					defaultAdmin.EntityID = f.EntityID
					hasDefaultAdmin = f == defaultAdmin
				}
			}
			switch {
			case includeInfo && !hasDefaultAdmin:
				return fmt.Errorf("%s: no default-admin info finding: %+v", addr, got)
			case !includeInfo && (perSeverity["info"] != 0 || counts["info"] != "0"):
				return fmt.Errorf("%s: include_info = false, but info findings are reported: %+v (counts %v)", addr, got, counts)
			}
			return nil
		}
	}
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: auditConfig(p, open, admin),
			Check: resource.ComposeTestCheckFunc(
				check("data.ziti_network_audit.all", true),
				check("data.ziti_network_audit.no_info", false),
				resource.TestCheckResourceAttr("data.ziti_service_access.open", "dialable_by_all", "true"),
			),
		}},
	})
}

func containsFinding(got []auditFinding, want auditFinding) bool {
	for _, f := range got {
		if f == want {
			return true
		}
	}
	return false
}

// A real ziti_private_resource dialable by #all is reported as the private resource, named as
// the user named it, with the id of its Dial policy; that policy is not reported again.
func TestAccNetworkAudit_privateResourceDialableByAll(t *testing.T) {
	name := acctest.Name("orders-db")
	router := acctest.Shared(t).RouterName
	const pr = "ziti_private_resource.db"
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "ziti_private_resource" "db" {
  name           = %[1]q
  address        = "%[1]s.ziti"
  ports          = [5432]
  target_address = "127.0.0.1"
  target_port    = 5432
  host_roles     = ["@%[2]s"]
  dial_roles     = ["#all"]
}
data "ziti_network_audit" "a" {
  depends_on = [ziti_private_resource.db]
}
`, name, router),
			Check: func(s *terraform.State) error {
				got, _, err := auditFrom(s, "data.ziti_network_audit.a")
				if err != nil {
					return err
				}
				policyID := s.RootModule().Resources[pr].Primary.Attributes["dial_policy_id"]
				policy, err := client.ServicePolicies.Get(context.Background(), acctest.AdminClient(t), policyID)
				if err != nil {
					return fmt.Errorf("reading the private resource's Dial policy %s: %w", policyID, err)
				}
				want := auditFinding{"high", "private-resource-dialable-by-all", "private_resource", policyID, name,
					fmt.Sprintf("Private resource %q may be dialed by every identity: its Dial policy %q grants #all identities. Narrow its dial_roles to the agents that need it.",
						name, *policy.Name)}
				if !containsFinding(got, want) {
					return fmt.Errorf("missing finding %+v\ngot: %+v", want, got)
				}
				for _, f := range got {
					if f.EntityID == policyID && f.Kind != want.Kind {
						return fmt.Errorf("the private resource's Dial policy is also reported as %+v", f)
					}
				}
				return nil
			},
		}},
	})
}
