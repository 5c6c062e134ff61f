package composite

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// DefaultTerminatorStrategy is the controller's default, which the composites write.
const DefaultTerminatorStrategy = "smartrouting"

// body is everything a composite writes for one child, in a normalised form (sorted sets,
// JSON-decoded config data) that the controller's detail is compared with field by field.
// apply builds the API bodies from it, so what is compared is exactly what is written.
type body struct {
	Name string
	Tags map[string]string

	Data any // configs

	Configs            []string // services: config ids
	RoleAttributes     []string
	EncryptionRequired bool
	TerminatorStrategy string
	MaxIdleTimeMillis  int64

	Type              string // service policies
	Semantic          string // service policies and service edge router policies
	IdentityRoles     []string
	ServiceRoles      []string
	PostureCheckRoles []string
	EdgeRouterRoles   []string
}

// knownRefs maps role references ("@name" and "@id", per entity noun) to the "@id" the
// controller holds, as far as a snapshot's *RolesDisplay says; nil resolves everything
// through the API.
type knownRefs map[string]map[string]string

// refsOf collects what the snapshot's policies already say about the entities they select, so
// that comparing a refreshed composite needs no request to resolve its references.
func refsOf(s Snapshot) knownRefs {
	k := knownRefs{}
	add := func(kind framework.RoleKind, display rest_model.NamedRoles) {
		if k[kind.Noun] == nil {
			k[kind.Noun] = map[string]string{}
		}
		for _, d := range display {
			if d != nil && strings.HasPrefix(d.Role, "@") {
				k[kind.Noun][d.Role] = d.Role
				if d.Name != "" {
					k[kind.Noun][d.Name] = d.Role
				}
			}
		}
	}
	for _, p := range s.Policies {
		add(framework.IdentityRoles, p.IdentityRolesDisplay)
		add(framework.PostureCheckRoles, p.PostureCheckRolesDisplay)
	}
	for _, p := range s.RouterPolicies {
		add(framework.EdgeRouterRoles, p.EdgeRouterRolesDisplay)
	}
	return k
}

// resolveWith resolves r, taking what known says and asking the API for the rest.
func resolveWith(op *framework.Op, r Roles, known knownRefs) rest_model.Roles {
	if known == nil || r.Set.IsNull() || r.Set.IsUnknown() {
		return resolve(op, r)
	}
	out := rest_model.Roles{}
	var rest []string
	for _, v := range framework.StringsFromSet(op, r.Set) {
		switch id, ok := known[r.Kind.Noun][v]; {
		case ok:
			out = append(out, id)
		case strings.HasPrefix(v, "@"):
			rest = append(rest, v)
		default:
			out = append(out, v)
		}
	}
	if len(rest) > 0 {
		out = append(out, resolve(op, Roles{Attr: r.Attr, Kind: r.Kind, Set: framework.SetFromStrings(op, rest)})...)
	}
	sort.Strings(out)
	return out
}

// wanted is the body the composite writes for c; references in role sets are resolved
// through op (role "@name" to "@id").
func wanted(op *framework.Op, c Child, ids IDs, owner Owner) body {
	return wantedWith(op, c, ids, owner, nil)
}

func wantedWith(op *framework.Op, c Child, ids IDs, owner Owner, known knownRefs) body {
	b := body{Name: c.Name, Tags: tagMap(tagsFor(owner, c.Key))}
	switch kindOf(c.Key) {
	case KindConfig:
		b.Data = c.Data
	case KindService:
		b.Configs = idsOf(c.ConfigKeys, ids)
		b.RoleAttributes = []string{}
		b.EncryptionRequired = true
		b.TerminatorStrategy = DefaultTerminatorStrategy
	case KindServicePolicy:
		b.Type = string(c.PolicyType)
		b.Semantic = string(rest_model.SemanticAnyOf)
		b.IdentityRoles = resolveWith(op, c.IdentityRoles, known)
		b.PostureCheckRoles = resolveWith(op, c.PostureCheckRoles, known)
		b.ServiceRoles = serviceRoles(c.ServiceKeys, ids)
	case KindRouterPolicy:
		b.Semantic = string(rest_model.SemanticAnyOf)
		b.EdgeRouterRoles = resolveWith(op, c.EdgeRouterRoles, known)
		b.ServiceRoles = serviceRoles(c.ServiceKeys, ids)
	}
	return b
}

// observed is the body of what the controller holds for key; false when the snapshot has none.
func observed(key string, s Snapshot) (body, bool) {
	switch kindOf(key) {
	case KindConfig:
		d := s.Configs[key]
		if d == nil {
			return body{}, false
		}
		return body{Name: framework.Deref(d.Name), Tags: tagMap(d.Tags), Data: d.Data}, true
	case KindService:
		d := s.Services[key]
		if d == nil {
			return body{}, false
		}
		b := body{Name: framework.Deref(d.Name), Tags: tagMap(d.Tags), Configs: sortedCopy(d.Configs), RoleAttributes: []string{},
			EncryptionRequired: d.EncryptionRequired != nil && *d.EncryptionRequired, TerminatorStrategy: framework.Deref(d.TerminatorStrategy)}
		if d.RoleAttributes != nil {
			b.RoleAttributes = sortedCopy(*d.RoleAttributes)
		}
		if b.TerminatorStrategy == "" {
			b.TerminatorStrategy = DefaultTerminatorStrategy
		}
		if d.MaxIdleTimeMillis != nil {
			b.MaxIdleTimeMillis = *d.MaxIdleTimeMillis
		}
		return b, true
	case KindServicePolicy:
		d := s.Policies[key]
		if d == nil {
			return body{}, false
		}
		b := body{Name: framework.Deref(d.Name), Tags: tagMap(d.Tags), IdentityRoles: sortedCopy(d.IdentityRoles),
			ServiceRoles: sortedCopy(d.ServiceRoles), PostureCheckRoles: sortedCopy(d.PostureCheckRoles)}
		if d.Type != nil {
			b.Type = string(*d.Type)
		}
		if d.Semantic != nil {
			b.Semantic = string(*d.Semantic)
		}
		return b, true
	default:
		d := s.RouterPolicies[key]
		if d == nil {
			return body{}, false
		}
		b := body{Name: framework.Deref(d.Name), Tags: tagMap(d.Tags), EdgeRouterRoles: sortedCopy(d.EdgeRouterRoles), ServiceRoles: sortedCopy(d.ServiceRoles)}
		if d.Semantic != nil {
			b.Semantic = string(*d.Semantic)
		}
		return b, true
	}
}

// Drift is one field of one owned entity that differs from what the composite writes.
type Drift struct {
	Key   string // the child's key
	Kind  string // "config", "service", "service policy", "service edge router policy"
	Name  string // the name the composite gives it
	ID    string
	Field string // the API field ("serviceRoles", "data.addresses", "tags"); empty when the entity is not there
	Want  string
	Got   string
}

func (d Drift) String() string {
	if d.Field == "" {
		return fmt.Sprintf("the %s %q: %s", d.Kind, d.Name, d.Got)
	}
	return fmt.Sprintf("the %s %q (id %s): %s is %s on the controller, the configuration writes %s", d.Kind, d.Name, d.ID, d.Field, d.Got, d.Want)
}

// KindNoun names a child's entity kind for messages.
func KindNoun(key string) string {
	switch kindOf(key) {
	case KindService:
		return "service"
	case KindServicePolicy:
		return "service policy"
	case KindRouterPolicy:
		return "service edge router policy"
	}
	return "config"
}

// Compare lists every field of every wanted child that the snapshot holds differently from
// what the composite writes, and wanted children the state does not track. Missing children
// (in s.Missing) are not repeated here. References the snapshot's policies already name are
// taken from there; others are resolved through op: resolution errors land in op.Diags and
// the unresolved roles then count as drift.
func Compare(op *framework.Op, owner Owner, want []Child, ids IDs, s Snapshot) []Drift {
	var out []Drift
	known := refsOf(s)
	missing := map[string]bool{}
	for _, k := range s.Missing {
		missing[k] = true
	}
	wantedKeys := map[string]bool{}
	for _, c := range sortedByKind(want, false) {
		wantedKeys[c.Key] = true
		if missing[c.Key] {
			continue
		}
		if ids[c.Key] == "" {
			out = append(out, Drift{Key: c.Key, Kind: KindNoun(c.Key), Name: c.Name, Got: "was never created (an earlier apply stopped before it)"})
			continue
		}
		got, ok := observed(c.Key, s)
		if !ok {
			continue
		}
		for _, f := range diffBodies(kindOf(c.Key), wantedWith(op, c, ids, owner, known), got) {
			f.Key, f.Kind, f.Name, f.ID = c.Key, KindNoun(c.Key), c.Name, ids[c.Key]
			out = append(out, f)
		}
	}
	var extra []string
	for key := range ids {
		if !wantedKeys[key] {
			extra = append(extra, key)
		}
	}
	sort.Strings(extra)
	for _, key := range extra {
		out = append(out, Drift{Key: key, Kind: KindNoun(key), Name: key, ID: ids[key], Got: fmt.Sprintf("(id %s) is owned but no longer wanted", ids[key])})
	}
	return out
}

// diffBodies compares the fields a child of kind k has.
func diffBodies(k Kind, want, got body) []Drift {
	var out []Drift
	add := func(field string, w, g any) {
		if !reflect.DeepEqual(w, g) {
			out = append(out, Drift{Field: field, Want: render(w), Got: render(g)})
		}
	}
	add("name", want.Name, got.Name)
	add("tags", want.Tags, got.Tags)
	switch k {
	case KindConfig:
		w, g := NormalizeJSON(want.Data), NormalizeJSON(got.Data)
		wm, wok := w.(map[string]any)
		gm, gok := g.(map[string]any)
		if !wok || !gok {
			add("data", w, g)
			break
		}
		for _, f := range unionKeys(wm, gm) {
			add("data."+f, wm[f], gm[f])
		}
	case KindService:
		add("configs", want.Configs, got.Configs)
		add("roleAttributes", want.RoleAttributes, got.RoleAttributes)
		add("encryptionRequired", want.EncryptionRequired, got.EncryptionRequired)
		add("terminatorStrategy", want.TerminatorStrategy, got.TerminatorStrategy)
		add("maxIdleTimeMillis", want.MaxIdleTimeMillis, got.MaxIdleTimeMillis)
	case KindServicePolicy:
		add("type", want.Type, got.Type)
		add("semantic", want.Semantic, got.Semantic)
		add("identityRoles", want.IdentityRoles, got.IdentityRoles)
		add("serviceRoles", want.ServiceRoles, got.ServiceRoles)
		add("postureCheckRoles", want.PostureCheckRoles, got.PostureCheckRoles)
	case KindRouterPolicy:
		add("semantic", want.Semantic, got.Semantic)
		add("edgeRouterRoles", want.EdgeRouterRoles, got.EdgeRouterRoles)
		add("serviceRoles", want.ServiceRoles, got.ServiceRoles)
	}
	return out
}

// NormalizeJSON turns v into its JSON-decoded form (maps, []any, float64, string, bool, nil)
// with every array sorted: the config data composites write (addresses, protocols, port
// ranges) are sets, whatever order the controller keeps them in.
func NormalizeJSON(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(raw, &out) != nil {
		return v
	}
	return sortArrays(out)
}

func sortArrays(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = sortArrays(e)
		}
		return v
	case []any:
		for i, e := range v {
			v[i] = sortArrays(e)
		}
		sort.SliceStable(v, func(i, j int) bool { return render(v[i]) < render(v[j]) })
		return v
	}
	return v
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func render(v any) string {
	if v == nil {
		return "unset"
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}

func sortedCopy(in []string) []string {
	out := append([]string{}, in...)
	sort.Strings(out)
	return out
}

// tagMap is a tag set as strings (non-string values in their JSON form).
func tagMap(tags *rest_model.Tags) map[string]string {
	out := map[string]string{}
	if tags == nil {
		return out
	}
	for k, v := range tags.SubTags {
		s, ok := v.(string)
		if !ok {
			s = render(v)
		}
		out[k] = s
	}
	return out
}

// Summary is the warning detail for drift: one line per field.
func Summary(drifts []Drift) string {
	lines := make([]string, 0, len(drifts))
	for _, d := range drifts {
		lines = append(lines, "- "+d.String())
	}
	return strings.Join(lines, "\n")
}
