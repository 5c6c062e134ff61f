package privateresource_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

func plainConfig(name, extra string) string {
	return fmt.Sprintf(`
resource "ziti_private_resource" "db" {
  name           = %[1]q
  address        = "%[1]s.ziti"
  ports          = [5432]
  target_address = "127.0.0.1"
  host_roles     = ["#%[1]s-hosts"]
  dial_roles     = [%[2]s]
}
`, name, extra)
}

func ownershipTags(name, key string) *rest_model.Tags {
	return &rest_model.Tags{SubTags: rest_model.SubTags{composite.TagManagedBy: "terraform-provider-ziti", composite.TagComposite: "private_resource",
		composite.TagName: name, composite.TagKey: key}}
}

func interceptTypeID(t *testing.T) string {
	found, err := client.ConfigTypes.List(context.Background(), acctest.AdminClient(t), framework.NameFilter("intercept.v1"))
	if err != nil || len(found) != 1 {
		t.Fatalf("looking up intercept.v1: %v (%d found)", err, len(found))
	}
	return *found[0].ID
}

// A create that failed half way left entities carrying the resource's ownership tags: the
// next create adopts the one still wanted (same id, re-written) and deletes the one not wanted,
// instead of failing on a duplicate name.
func TestAccPrivateResource_createAdoptsOwnedLeftovers(t *testing.T) {
	acctest.Shared(t)
	ctx := context.Background()
	c := acctest.AdminClient(t)
	name := acctest.Name("pra")
	typeID := interceptTypeID(t)
	cfgName := name + "-intercept"
	leftConfig, err := client.Configs.Create(ctx, c, &rest_model.ConfigCreate{Name: &cfgName, ConfigTypeID: &typeID,
		Data: map[string]any{"protocols": []string{"udp"}, "addresses": []string{"left.over"}, "portRanges": []map[string]int{{"low": 1, "high": 2}}},
		Tags: ownershipTags(name, "config:intercept")})
	if err != nil {
		t.Fatalf("creating the leftover config: %v", err)
	}
	routersName, sem := name+"-routers", rest_model.SemanticAnyOf
	leftRouters, err := client.ServiceEdgeRouterPolicies.Create(ctx, c, &rest_model.ServiceEdgeRouterPolicyCreate{Name: &routersName, Semantic: &sem,
		EdgeRouterRoles: rest_model.Roles{"#all"}, ServiceRoles: rest_model.Roles{"#all"}, Tags: ownershipTags(name, "routers:routers")})
	if err != nil {
		t.Fatalf("creating the leftover router policy: %v", err)
	}
	t.Cleanup(func() {
		_ = client.ServiceEdgeRouterPolicies.Delete(ctx, c, leftRouters)
		_ = client.Configs.Delete(ctx, c, leftConfig)
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, client.Services, "ziti_private_resource"),
		Steps: []resource.TestStep{{
			Config: plainConfig(name, fmt.Sprintf("%q", "#"+name+"-billing")),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr(addr, "intercept_config_id", leftConfig),
				resource.TestCheckResourceAttr(addr, "in_sync", "true"),
				func(*terraform.State) error {
					d, err := client.Configs.Get(ctx, c, leftConfig)
					if err != nil {
						return err
					}
					data, _ := d.Data.(map[string]any)
					if got := fmt.Sprint(data["addresses"]); got != "["+name+".ziti]" {
						return fmt.Errorf("the adopted config intercepts %s, want the configuration's address", got)
					}
					if _, err := client.ServiceEdgeRouterPolicies.Get(ctx, c, leftRouters); !client.IsNotFound(err) {
						return fmt.Errorf("the leftover router policy the configuration does not want still exists (err %v)", err)
					}
					return nil
				},
			),
		}},
	})
}

// An entity of the same name that the resource does not own is named in the error (kind,
// name, id), and what the failed create made is removed again.
func TestAccPrivateResource_createNamesForeignEntityInTheWay(t *testing.T) {
	acctest.Shared(t)
	ctx := context.Background()
	c := acctest.AdminClient(t)
	name := acctest.Name("prf")
	yes := true
	foreign, err := client.Services.Create(ctx, c, &rest_model.ServiceCreate{Name: &name, EncryptionRequired: &yes})
	if err != nil {
		t.Fatalf("creating the foreign service: %v", err)
	}
	t.Cleanup(func() { _ = client.Services.Delete(ctx, c, foreign) })
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: plainConfig(name, fmt.Sprintf("%q", "#"+name+"-billing")),
			ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)a\s+service\s+named\s+"%s"\s+already\s+exists\s+\(id\s+%s\)\s+and\s+is\s+not\s+owned\s+by\s+this\s+private\s+resource:\s+it\s+has\s+no\s+ziti-composite`,
				regexp.QuoteMeta(name), regexp.QuoteMeta(foreign))),
		}},
	})
	// The configs made before the service failed were taken back.
	for _, n := range []string{name + "-intercept", name + "-host"} {
		found, err := client.Configs.List(ctx, c, framework.NameFilter(n))
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 0 {
			t.Errorf("the config %s made by the failed create is still there", n)
		}
	}
}

// A reference that is one identity's id and another identity's name is an error on the
// attribute, not a silent pick.
func TestAccPrivateResource_referenceAmbiguousBetweenIDAndName(t *testing.T) {
	acctest.Shared(t)
	ctx := context.Background()
	c := acctest.AdminClient(t)
	prefix := acctest.Name("prr")
	typ, admin := rest_model.IdentityTypeDefault, false
	first := prefix + "-first"
	firstID, err := client.Identities.Create(ctx, c, &rest_model.IdentityCreate{Name: &first, Type: &typ, IsAdmin: &admin})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Identities.Delete(ctx, c, firstID) })
	// A second identity named like the first one's id.
	secondID, err := client.Identities.Create(ctx, c, &rest_model.IdentityCreate{Name: &firstID, Type: &typ, IsAdmin: &admin})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Identities.Delete(ctx, c, secondID) })
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: plainConfig(prefix+"-db", fmt.Sprintf("%q", "@"+firstID)),
				ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Ambiguous\s+identity\s+%[1]s.*dial_roles.*is\s+both\s+the\s+id\s+of\s+the\s+identity\s+named\s+"%[2]s"\s+and\s+the\s+name\s+of\s+the\s+identity\s+with\s+id\s+"%[3]s"`,
					regexp.QuoteMeta(firstID), regexp.QuoteMeta(first), regexp.QuoteMeta(secondID))),
			},
			{
				// The name of the first is unambiguous and resolves to its id.
				Config: plainConfig(prefix+"-db", fmt.Sprintf("%q", "@"+first)),
				Check: func(s *terraform.State) error {
					dialID := s.RootModule().Resources[addr].Primary.Attributes["dial_policy_id"]
					d, err := client.ServicePolicies.Get(ctx, c, dialID)
					if err != nil {
						return err
					}
					if fmt.Sprint(d.IdentityRoles) != "[@"+firstID+"]" {
						return fmt.Errorf("dial identityRoles %v, want [@%s]", d.IdentityRoles, firstID)
					}
					return nil
				},
			},
		},
	})
}
