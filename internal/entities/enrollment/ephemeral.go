package enrollment

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Lifetime is how long a token this provider issues stays valid: the controller's default
// for new identities.
const Lifetime = 3 * time.Hour

// State is what the controller reports of one enrollee's enrollment.
type State struct {
	// JWT and ExpiresAt of the pending enrollment; JWT is empty when none is pending.
	JWT       string
	ExpiresAt time.Time
	// Enrolled: the enrollee holds a certificate (or password) already.
	Enrolled bool
	// Ref is the source's own handle on the pending enrollment (e.g. its id), for Reissue.
	Ref string
}

// usable reports whether the pending token can still be enrolled with at now.
func (s State) usable(now time.Time) bool { return s.JWT != "" && now.Before(s.ExpiresAt) }

// Enrollee is the part of a Source that names its kind of enrollee; a Source embeds it.
type Enrollee struct {
	Type   string // TypeName: the suffix after "ziti_", e.g. "identity_enrollment"
	IDAttr string // IDAttribute: the enrollee's id attribute, e.g. "identity_id"
	Noun   string // Kind: how messages name the enrollee, e.g. "identity"
	// For the description: who receives the token (e.g. "the agent"), the resource that
	// declares the enrollee (e.g. "ziti_identity"), and how a token is (re)issued.
	Receiver, Resource, Issuing string
}

func (e Enrollee) TypeName() string    { return e.Type }
func (e Enrollee) IDAttribute() string { return e.IDAttr }
func (e Enrollee) Kind() string        { return e.Noun }

func (e Enrollee) Description() string {
	return "The pending enrollment token of an " + e.Noun + ", handed out without storing it: an ephemeral resource's result never " +
		"reaches the state or a saved plan (Terraform 1.10+, OpenTofu 1.11+). Pass `enrollment_jwt` straight into a write-only " +
		"attribute of the resource that delivers it to " + e.Receiver + ", e.g. a Kubernetes secret's `data_wo`, together with " +
		"`enrollment_jwt_in_state = false` on the `" + e.Resource + "`.\n\n" +
		"Opening it (on every plan and apply) returns the pending token as it is. " + e.Issuing
}

// Source is one kind of enrollee (identity, edge router): how to read its enrollment and how
// to issue a new token. The ephemeral resource decides when.
type Source interface {
	// TypeName is the suffix after "ziti_" (e.g. "identity_enrollment"); IDAttribute names the
	// enrollee's id attribute (e.g. "identity_id"); Kind is how messages name the enrollee.
	TypeName() string
	IDAttribute() string
	Kind() string
	Description() string
	// Read returns the enrollee's enrollment as the controller reports it.
	Read(ctx context.Context, c *client.Client, id string) (State, error)
	// Reissue issues a new token for an enrollee that has not enrolled and whose token is
	// missing or expired. It is never called otherwise.
	Reissue(op *framework.Op, id string, s State, expiresAt time.Time)
}

// NewEphemeralResource returns the constructor the provider lists for src.
func NewEphemeralResource(src Source) func() ephemeral.EphemeralResource {
	return func() ephemeral.EphemeralResource { return &resource{src: src} }
}

type resource struct {
	src  Source
	data *framework.ProviderData
}

var _ ephemeral.EphemeralResourceWithConfigure = (*resource)(nil)

func (r *resource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.src.TypeName()
}

func (r *resource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	kind := r.src.Kind()
	resp.Schema = schema.Schema{
		MarkdownDescription: r.src.Description(),
		Attributes: map[string]schema.Attribute{
			r.src.IDAttribute(): schema.StringAttribute{Required: true,
				MarkdownDescription: "The id of the " + kind + " whose enrollment token to hand out."},
			"enrollment_jwt": schema.StringAttribute{Computed: true, Sensitive: true,
				MarkdownDescription: "The pending enrollment token (JWT); null once the " + kind + " has enrolled. Whoever holds it can " +
					"become the " + kind + ": pass it only to a write-only attribute (e.g. a Kubernetes secret's `data_wo`), never to a " +
					"resource attribute that is stored, an output or a local file."},
			"expires_at": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When the token expires (RFC 3339); null once the " + kind + " has enrolled."},
			"enrolled": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the " + kind + " has enrolled: then there is no token (and none is issued: enrolling again " +
					"would take the running " + kind + "'s place)."},
		},
	}
}

func (r *resource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// result is the ephemeral resource's result, set attribute by attribute (the id attribute's
// name differs between sources).
type result struct {
	JWT       types.String
	ExpiresAt timetypes.RFC3339
	Enrolled  types.Bool
}

func (r *resource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	idPath := path.Root(r.src.IDAttribute())
	var id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, idPath, &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	res := result{JWT: types.StringUnknown(), ExpiresAt: timetypes.NewRFC3339Unknown(), Enrolled: types.BoolUnknown()}
	if !id.IsUnknown() {
		op := &framework.Op{Ctx: ctx, Diags: &resp.Diagnostics, Client: r.data.Require(&resp.Diagnostics)}
		if op.Failed() {
			return
		}
		s, ok := Issue(op, r.src, id.ValueString(), time.Now)
		if !ok {
			return
		}
		res = resultOf(s)
		if s.Enrolled && s.JWT == "" {
			resp.Diagnostics.AddAttributeWarning(idPath, fmt.Sprintf("The %s has enrolled: no enrollment token", r.src.Kind()),
				fmt.Sprintf("The %s %s has enrolled already, so enrollment_jwt is null and enrolled is true. No new token is issued: "+
					"enrolling again would replace the running %s. Whatever consumes the token should keep the enrollment it has.",
					r.src.Kind(), id.ValueString(), r.src.Kind()))
		}
	}
	for name, v := range map[string]any{"enrollment_jwt": res.JWT, "expires_at": res.ExpiresAt, "enrolled": res.Enrolled} {
		resp.Diagnostics.Append(resp.Result.SetAttribute(ctx, path.Root(name), v)...)
	}
}

func resultOf(s State) result {
	res := result{JWT: types.StringNull(), ExpiresAt: timetypes.NewRFC3339Null(), Enrolled: types.BoolValue(s.Enrolled)}
	if s.JWT != "" {
		res.JWT = types.StringValue(s.JWT)
		res.ExpiresAt = timetypes.NewRFC3339TimeValue(s.ExpiresAt.UTC())
	}
	return res
}

// Issue returns the enrollee's usable token, issuing a new one only when none is pending or
// the pending one has expired, and never for an enrollee that has enrolled. An expired token
// of an enrolled enrollee is reported as none. Concurrent opens in one provider process for
// the same enrollee are serialized, so that two of them never both re-issue (the second
// re-issue would invalidate the token the first handed out).
func Issue(op *framework.Op, src Source, id string, now func() time.Time) (State, bool) {
	defer lock(src.TypeName() + "/" + id)()
	s, ok := read(op, src, id)
	if !ok {
		return State{}, false
	}
	if s.usable(now()) {
		return s, true
	}
	if s.Enrolled {
		return State{Enrolled: true}, true
	}
	src.Reissue(op, id, s, now().Add(Lifetime).UTC())
	if op.Failed() {
		return State{}, false
	}
	if s, ok = read(op, src, id); !ok {
		return State{}, false
	}
	if !s.usable(now()) {
		op.Diags.AddAttributeError(path.Root(src.IDAttribute()), "No enrollment token after re-issuing it",
			fmt.Sprintf("The controller accepted a new enrollment for the %s %s but reports no usable token for it; apply again, and check the controller's log if it persists.", src.Kind(), id))
		return State{}, false
	}
	return s, true
}

var (
	locksMu sync.Mutex
	locks   = map[string]*sync.Mutex{}
)

// lock serializes issuing for one key and returns the unlock.
func lock(key string) func() {
	locksMu.Lock()
	l, ok := locks[key]
	if !ok {
		l = &sync.Mutex{}
		locks[key] = l
	}
	locksMu.Unlock()
	l.Lock()
	return l.Unlock
}

// read is src.Read with its failure reported: a 404 on the id attribute, anything else as
// an API error.
func read(op *framework.Op, src Source, id string) (State, bool) {
	s, err := src.Read(op.Ctx, op.Client, id)
	switch {
	case client.IsNotFound(err):
		op.Diags.AddAttributeError(path.Root(src.IDAttribute()), "No such "+src.Kind(), fmt.Sprintf("The controller has no %s with id %q.", src.Kind(), id))
	case err != nil:
		framework.AddAPIError(op.Diags, "read", src.Kind(), err)
	default:
		return s, true
	}
	return State{}, false
}
