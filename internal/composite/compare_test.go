package composite

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

func ptr[T any](v T) *T { return &v }

var owner = Owner{Kind: "private_resource", Name: "db", UserTags: map[string]string{"customer": "acme"}}

func ownedTags(key string) *rest_model.Tags {
	t := tagsFor(owner, key)
	// The controller answers with JSON-decoded values.
	out := &rest_model.Tags{SubTags: rest_model.SubTags{}}
	for k, v := range t.SubTags {
		out.SubTags[k] = v
	}
	return out
}

// fixture: what a private resource wants, and a snapshot of exactly that.
func fixture() ([]Child, IDs, Snapshot) {
	roles := types.SetValueMust(types.StringType, nil)
	dialRoles, _ := types.SetValueFrom(context.Background(), types.StringType, []string{"#billing"})
	want := []Child{
		{Key: "config:intercept", Name: "db-intercept", Data: ziticonfig.InterceptV1{Protocols: []string{"tcp", "udp"}, Addresses: []string{"db.ziti"},
			PortRanges: []ziticonfig.PortRange{{Low: 5432, High: 5432}, {Low: 6000, High: 6001}}}},
		{Key: "service:service", Name: "db", ConfigKeys: []string{"config:intercept"}},
		{Key: "policy:dial", Name: "db-dial", PolicyType: rest_model.DialBindDial, ServiceKeys: []string{"service:service"},
			IdentityRoles: Roles{Attr: "dial_roles", Kind: framework.IdentityRoles, Set: dialRoles}, PostureCheckRoles: Roles{Set: roles}},
		{Key: "routers:routers", Name: "db-routers", ServiceKeys: []string{"service:service"},
			EdgeRouterRoles: Roles{Attr: "edge_router_roles", Kind: framework.EdgeRouterRoles, Set: dialRoles}},
	}
	ids := IDs{"config:intercept": "c1", "service:service": "s1", "policy:dial": "p1", "routers:routers": "r1"}
	dial, anyOf := rest_model.DialBindDial, rest_model.SemanticAnyOf
	snap := Snapshot{
		Configs: map[string]*rest_model.ConfigDetail{"config:intercept": {BaseEntity: rest_model.BaseEntity{ID: ptr("c1"), Tags: ownedTags("config:intercept")}, Name: ptr("db-intercept"),
			// The controller's order and JSON numbers.
			Data: map[string]any{"protocols": []any{"udp", "tcp"}, "addresses": []any{"db.ziti"},
				"portRanges": []any{map[string]any{"low": 6000.0, "high": 6001.0}, map[string]any{"low": 5432.0, "high": 5432.0}}}}},
		Services: map[string]*rest_model.ServiceDetail{"service:service": {BaseEntity: rest_model.BaseEntity{ID: ptr("s1"), Tags: ownedTags("service:service")}, Name: ptr("db"),
			Configs: []string{"c1"}, EncryptionRequired: ptr(true), RoleAttributes: &rest_model.Attributes{}, TerminatorStrategy: ptr("smartrouting"), MaxIdleTimeMillis: ptr(int64(0))}},
		Policies: map[string]*rest_model.ServicePolicyDetail{"policy:dial": {BaseEntity: rest_model.BaseEntity{ID: ptr("p1"), Tags: ownedTags("policy:dial")}, Name: ptr("db-dial"),
			Type: &dial, Semantic: &anyOf, IdentityRoles: rest_model.Roles{"#billing"}, ServiceRoles: rest_model.Roles{"@s1"}, PostureCheckRoles: rest_model.Roles{}}},
		RouterPolicies: map[string]*rest_model.ServiceEdgeRouterPolicyDetail{"routers:routers": {BaseEntity: rest_model.BaseEntity{ID: ptr("r1"), Tags: ownedTags("routers:routers")},
			Name: ptr("db-routers"), Semantic: &anyOf, EdgeRouterRoles: rest_model.Roles{"#billing"}, ServiceRoles: rest_model.Roles{"@s1"}}},
	}
	return want, ids, snap
}

func compare(t *testing.T, want []Child, ids IDs, snap Snapshot) []Drift {
	t.Helper()
	op := &framework.Op{Ctx: context.Background(), Diags: new(diag.Diagnostics)}
	d := Compare(op, owner, want, ids, snap)
	if op.Failed() {
		t.Fatal(op.Diags)
	}
	return d
}

func TestCompareSame(t *testing.T) {
	want, ids, snap := fixture()
	if d := compare(t, want, ids, snap); len(d) != 0 {
		t.Fatalf("no change, yet drift:\n%s", Summary(d))
	}
}

// Every field a composite writes, changed out of band, is a drift on that field.
func TestCompareEveryField(t *testing.T) {
	all := rest_model.Roles{"#all"}
	allOf, bind := rest_model.SemanticAllOf, rest_model.DialBindBind
	cases := map[string]struct {
		change func(s *Snapshot)
		field  string
	}{
		"policy serviceRoles":       {func(s *Snapshot) { s.Policies["policy:dial"].ServiceRoles = all }, "serviceRoles"},
		"policy identityRoles":      {func(s *Snapshot) { s.Policies["policy:dial"].IdentityRoles = all }, "identityRoles"},
		"policy postureCheckRoles":  {func(s *Snapshot) { s.Policies["policy:dial"].PostureCheckRoles = rest_model.Roles{"#mfa"} }, "postureCheckRoles"},
		"policy type":               {func(s *Snapshot) { s.Policies["policy:dial"].Type = &bind }, "type"},
		"policy semantic":           {func(s *Snapshot) { s.Policies["policy:dial"].Semantic = &allOf }, "semantic"},
		"policy name":               {func(s *Snapshot) { s.Policies["policy:dial"].Name = ptr("renamed") }, "name"},
		"policy tags":               {func(s *Snapshot) { s.Policies["policy:dial"].Tags.SubTags["customer"] = "other" }, "tags"},
		"ownership tag removed":     {func(s *Snapshot) { delete(s.Policies["policy:dial"].Tags.SubTags, TagKey) }, "tags"},
		"service roleAttributes":    {func(s *Snapshot) { s.Services["service:service"].RoleAttributes = &rest_model.Attributes{"public"} }, "roleAttributes"},
		"service configs":           {func(s *Snapshot) { s.Services["service:service"].Configs = []string{"c1", "foreign"} }, "configs"},
		"service encryption":        {func(s *Snapshot) { s.Services["service:service"].EncryptionRequired = ptr(false) }, "encryptionRequired"},
		"service terminator":        {func(s *Snapshot) { s.Services["service:service"].TerminatorStrategy = ptr("random") }, "terminatorStrategy"},
		"service max idle":          {func(s *Snapshot) { s.Services["service:service"].MaxIdleTimeMillis = ptr(int64(5)) }, "maxIdleTimeMillis"},
		"config second address":     {func(s *Snapshot) { cfgData(s)["addresses"] = []any{"db.ziti", "*.ziti"} }, "data.addresses"},
		"config port range":         {func(s *Snapshot) { cfgData(s)["portRanges"] = []any{map[string]any{"low": 1.0, "high": 65535.0}} }, "data.portRanges"},
		"config protocols":          {func(s *Snapshot) { cfgData(s)["protocols"] = []any{"tcp"} }, "data.protocols"},
		"config extra field":        {func(s *Snapshot) { cfgData(s)["sourceIp"] = "1.2.3.4" }, "data.sourceIp"},
		"router policy roles":       {func(s *Snapshot) { s.RouterPolicies["routers:routers"].EdgeRouterRoles = all }, "edgeRouterRoles"},
		"router policy services":    {func(s *Snapshot) { s.RouterPolicies["routers:routers"].ServiceRoles = all }, "serviceRoles"},
		"router policy semantic":    {func(s *Snapshot) { s.RouterPolicies["routers:routers"].Semantic = &allOf }, "semantic"},
		"terminator default (none)": {func(s *Snapshot) { s.Services["service:service"].TerminatorStrategy = nil }, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			want, ids, snap := fixture()
			tc.change(&snap)
			d := compare(t, want, ids, snap)
			if tc.field == "" {
				if len(d) != 0 {
					t.Fatalf("want no drift, got:\n%s", Summary(d))
				}
				return
			}
			if len(d) != 1 || d[0].Field != tc.field {
				t.Fatalf("want one drift on %s, got:\n%s", tc.field, Summary(d))
			}
			if s := d[0].String(); !strings.Contains(s, d[0].Name) || !strings.Contains(s, tc.field) {
				t.Errorf("message %q does not name the entity and the field", s)
			}
		})
	}
}

func cfgData(s *Snapshot) map[string]any {
	data, _ := s.Configs["config:intercept"].Data.(map[string]any)
	return data
}

func TestCompareUntrackedAndObsolete(t *testing.T) {
	want, ids, snap := fixture()
	delete(ids, "routers:routers")
	ids["policy:old"] = "p0"
	d := compare(t, want, ids, snap)
	if len(d) != 2 || !strings.Contains(d[0].String(), "never created") || !strings.Contains(d[1].String(), "no longer wanted") {
		t.Fatalf("got:\n%s", Summary(d))
	}
	// Missing entities are reported by Read, not again here.
	want, ids, snap = fixture()
	delete(snap.Policies, "policy:dial")
	snap.Missing = []string{"policy:dial"}
	if d := compare(t, want, ids, snap); len(d) != 0 {
		t.Fatalf("got:\n%s", Summary(d))
	}
}

func TestNormalizeJSONSortsSets(t *testing.T) {
	a := NormalizeJSON(map[string]any{"a": []any{"y", "x"}, "p": []any{map[string]any{"low": 2}, map[string]any{"low": 1}}})
	b := NormalizeJSON(map[string]any{"a": []any{"x", "y"}, "p": []any{map[string]any{"low": 1.0}, map[string]any{"low": 2.0}}})
	if render(a) != render(b) {
		t.Errorf("%s != %s", render(a), render(b))
	}
}

func TestInvariants(t *testing.T) {
	_, _, snap := fixture()
	o := Owned{}
	for _, c := range snap.Configs {
		o.Configs = append(o.Configs, c)
	}
	for _, s := range snap.Services {
		o.Services = append(o.Services, s)
	}
	for _, p := range snap.Policies {
		o.Policies = append(o.Policies, p)
	}
	for _, p := range snap.RouterPolicies {
		o.RouterPolicies = append(o.RouterPolicies, p)
	}
	if v := Invariants(o); len(v) != 0 {
		t.Fatalf("an unchanged composite violates: %+v", v)
	}
	snap.Policies["policy:dial"].ServiceRoles = rest_model.Roles{"#all"}
	snap.Services["service:service"].RoleAttributes = &rest_model.Attributes{"public"}
	cfgData(&snap)["addresses"] = []any{"db.ziti", "other.ziti"}
	v := Invariants(o)
	fields := map[string]bool{}
	for _, x := range v {
		fields[x.Field] = true
		if x.CompositeName != "db" || x.CompositeKind != "private_resource" || x.EntityID == "" {
			t.Errorf("violation without its composite or entity: %+v", x)
		}
	}
	for _, f := range []string{"serviceRoles", "roleAttributes", "data.addresses"} {
		if !fields[f] {
			t.Errorf("no violation on %s: %+v", f, v)
		}
	}
}

// References the snapshot's policies already name need no request (the op has no client).
func TestCompareResolvesFromSnapshotDisplay(t *testing.T) {
	want, ids, snap := fixture()
	named, _ := types.SetValueFrom(context.Background(), types.StringType, []string{"@agent", "#billing"})
	want[2].IdentityRoles.Set = named
	snap.Policies["policy:dial"].IdentityRoles = rest_model.Roles{"#billing", "@id1"}
	snap.Policies["policy:dial"].IdentityRolesDisplay = rest_model.NamedRoles{{Role: "@id1", Name: "@agent"}, {Role: "#billing", Name: "#billing"}}
	if d := compare(t, want, ids, snap); len(d) != 0 {
		t.Fatalf("got:\n%s", Summary(d))
	}
	// An "@id" the snapshot names compares as itself.
	want[2].IdentityRoles.Set, _ = types.SetValueFrom(context.Background(), types.StringType, []string{"@id1", "#billing"})
	if d := compare(t, want, ids, snap); len(d) != 0 {
		t.Fatalf("got:\n%s", Summary(d))
	}
}
