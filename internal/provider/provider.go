package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/revocation"
)

// New returns a constructor for the provider at the given version (set by ldflags in main).
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &zitiProvider{version: version} }
}

type zitiProvider struct {
	version string
}

var _ provider.ProviderWithEphemeralResources = (*zitiProvider)(nil)

type providerModel struct {
	Endpoint           types.String `tfsdk:"endpoint"`
	Endpoints          types.List   `tfsdk:"endpoints"`
	Username           types.String `tfsdk:"username"`
	Password           types.String `tfsdk:"password"`
	IdentityFile       types.String `tfsdk:"identity_file"`
	IdentityJSON       types.String `tfsdk:"identity_json"`
	CertPEM            types.String `tfsdk:"cert_pem"`
	KeyPEM             types.String `tfsdk:"key_pem"`
	ExtJWT             types.String `tfsdk:"ext_jwt"`
	ExtJWTFile         types.String `tfsdk:"ext_jwt_file"`
	CAPEM              types.String `tfsdk:"ca_pem"`
	CAFile             types.String `tfsdk:"ca_file"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
	TrustOnFirstUse    types.Bool   `tfsdk:"trust_on_first_use"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
	RetryBudget        types.String `tfsdk:"retry_budget"`
	RevokeOpen         types.Bool   `tfsdk:"revoke_open_connections"`
}

func (p *zitiProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "ziti"
	resp.Version = p.version
}

func (p *zitiProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages an [OpenZiti](https://openziti.io) overlay through the controller's edge management API: " +
			"identities, services, configs and policies, so that every agent reaches exactly what a policy grants and nothing else.\n\n" +
			"Exactly one authentication method is used: `username`/`password`, `cert_pem`/`key_pem`, `identity_file`/`identity_json`, or `ext_jwt`. " +
			"Every attribute falls back to the environment variable named in its description.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{Optional: true, MarkdownDescription: "Controller address, `https://host:port` with or without `/edge/management/v1`. " +
				"Environment: `ZITI_API_URL`. With an identity file it defaults to the identity's controller.",
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("endpoints"))}},
			"endpoints": schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "The members of a controller cluster, instead of `endpoint`, each written like `endpoint`. " +
				"Requests go to the first member that answers and stay with it; when it cannot be reached or has no leader (an election), a request moves on to the next member at once, " +
				"and waits (within `retry_budget`) only when every member has failed it. Writes sent to a follower are forwarded to the leader by the cluster. " +
				"Each member used gets its own API session, ended when the run ends. Every member must present a certificate the CA verifies (members of another cluster are refused); " +
				"a member that is down when the provider starts is skipped. A create (POST) whose answer was lost (the member died mid-request) is not sent blindly again: " +
				"the entity is looked up by name, waiting out the outage within `retry_budget`, and adopted if it is there; names are unique, so no entity is made twice. " +
				"A member answers reads from its own copy, which can trail a write made through another member (by seconds around a leader change): " +
				"a read by id that finds nothing is asked again for up to 10 s before the entity counts as deleted; a search by name or filter (the data sources) answers what that member holds. " +
				"Environment: `ZITI_API_URLS` (comma-separated).",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues()}},
			"username":      schema.StringAttribute{Optional: true, MarkdownDescription: "Username for password authentication. Environment: `ZITI_USERNAME`."},
			"password":      schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "Password for password authentication. Environment: `ZITI_PASSWORD`."},
			"identity_file": schema.StringAttribute{Optional: true, MarkdownDescription: "Path to an enrolled identity's JSON file (what `ziti edge enroll` writes): certificate authentication with the identity's key, trusting its CA bundle. Environment: `ZITI_IDENTITY_FILE`.", Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("identity_json"))}},
			"identity_json": schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "The content of an enrolled identity's JSON file, instead of `identity_file`. Environment: `ZITI_IDENTITY_JSON`."},
			"cert_pem":      schema.StringAttribute{Optional: true, MarkdownDescription: "PEM client certificate of an enrolled identity, for certificate authentication (with `key_pem`). Environment: `ZITI_CERT_PEM`."},
			"key_pem":       schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "PEM private key for `cert_pem`. Environment: `ZITI_KEY_PEM`."},
			"ext_jwt":       schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "A JWT issued by an external JWT signer the controller trusts (`ext-jwt` authentication). Environment: `ZITI_EXT_JWT`."},
			"ext_jwt_file": schema.StringAttribute{Optional: true, MarkdownDescription: "Path to a file holding such a JWT, instead of `ext_jwt`. It is read again at every login, so a token the workload rotates " +
				"(a Kubernetes service account token, a CI job's OIDC token) keeps a long apply alive when the API session has to be renewed. Environment: `ZITI_EXT_JWT_FILE`.",
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("ext_jwt"))}},
			"ca_pem":  schema.StringAttribute{Optional: true, MarkdownDescription: "PEM bundle of the CAs that sign the controller's certificate. Environment: `ZITI_CA_PEM`.", Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("ca_file"))}},
			"ca_file": schema.StringAttribute{Optional: true, MarkdownDescription: "Path to a PEM file with the controller's CA bundle, instead of `ca_pem`. Environment: `ZITI_CA_FILE`."},
			"insecure_skip_verify": schema.BoolAttribute{Optional: true, MarkdownDescription: "Do NOT verify the controller's certificate. Anyone on the network path can then impersonate the controller and read the credentials; " +
				"the provider warns on every run. Prefer `ca_file` or `trust_on_first_use`. Environment: `ZITI_INSECURE_SKIP_VERIFY`. Default `false`."},
			"trust_on_first_use": schema.BoolAttribute{Optional: true, MarkdownDescription: "Fetch the controller's CA bundle from `/.well-known/est/cacerts` over an unverified connection, then verify every request against it. " +
				"This trusts whoever answers at `endpoint` when the provider starts, and warns on every run: meant for a local quickstart. Ignored when a CA is given. Environment: `ZITI_TRUST_ON_FIRST_USE`. Default `false`."},
			"request_timeout": schema.StringAttribute{Optional: true, MarkdownDescription: "Timeout for one API request, as a Go duration (`30s`, `2m`). Environment: `ZITI_REQUEST_TIMEOUT`. Default `30s`.",
				Validators: []validator.String{framework.DurationValidator()}},
			"revoke_open_connections": schema.BoolAttribute{Optional: true, MarkdownDescription: "After an apply changes or deletes an identity, a service or a policy, close the open connections " +
				"(circuits) whose identity may no longer dial (or host may no longer bind) their service. Without this, a connection opened before access was revoked stays up for minutes. " +
				"Each identity/service pair is checked against the controller's policy advice first, so nothing still granted is cut. Environment: `ZITI_REVOKE_OPEN_CONNECTIONS`. Default `true`."},
			"max_retries": schema.Int64Attribute{Optional: true, MarkdownDescription: "How often a request is retried, with capped exponential backoff and jitter (or after the controller's `Retry-After`), " +
				"within `retry_budget`. Reads, updates and deletes are retried after HTTP 429, 502, 503, 504, a cluster without a leader, or a connection error. " +
				"Creates (POST) are retried only where the first one provably did nothing (HTTP 429, 503, no leader, or a connection that could not be made), so a retry never duplicates an entity; " +
				"logging in is always retried. A cluster without a leader (an election, about 6 s) is waited out within `retry_budget` whatever this count. 0 to 20. Environment: `ZITI_MAX_RETRIES`. Default `4`."},
			"retry_budget": schema.StringAttribute{Optional: true, MarkdownDescription: "The longest one request is retried, from its first attempt, as a Go duration (`30s`, `5m`): " +
				"a controller that is down fails the run after this, naming every attempt's error, instead of after hours of backoff. Environment: `ZITI_RETRY_BUDGET`. Default `2m`.",
				Validators: []validator.String{framework.DurationValidator()}},
		},
	}
}

func (p *zitiProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A value from another resource is unknown until apply. Leave the provider unconfigured;
	// anything that needs the controller before then says so (framework.ProviderData.Require).
	if m.Endpoints.IsUnknown() || anyUnknown(m.Endpoint, m.Username, m.Password, m.IdentityFile, m.IdentityJSON, m.CertPEM, m.KeyPEM, m.ExtJWT, m.ExtJWTFile, m.CAPEM, m.CAFile, m.RequestTimeout, m.RetryBudget) ||
		m.InsecureSkipVerify.IsUnknown() || m.TrustOnFirstUse.IsUnknown() || m.MaxRetries.IsUnknown() || m.RevokeOpen.IsUnknown() {
		return
	}

	cfg, ok := clientConfig(m, &resp.Diagnostics)
	revokeOpen := boolOrEnvDefault(m.RevokeOpen, "revoke_open_connections", envRevokeOpen, true, &resp.Diagnostics)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = "terraform-provider-ziti/" + p.version + " (" + req.TerraformVersion + ")"
	c, err := client.New(ctx, cfg)
	if err != nil {
		addClientError(&resp.Diagnostics, err)
		return
	}
	for _, w := range c.Warnings() {
		resp.Diagnostics.AddWarning("Insecure controller connection", w)
	}
	openClients.add(c)
	data := &framework.ProviderData{Client: c, Revocation: &revocation.Sweeper{Client: c, Enabled: revokeOpen}}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
}

func (p *zitiProvider) Resources(_ context.Context) []func() resource.Resource {
	return resources()
}

func (p *zitiProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return dataSources()
}

// EphemeralResources are served to Terraform 1.10+ and OpenTofu 1.11+; older CLIs never ask.
func (p *zitiProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return ephemeralResources()
}

// openClients are the clients (each with its API session) this provider process configured.
var openClients clientList

type clientList struct {
	mu      sync.Mutex
	clients []*client.Client
}

func (l *clientList) add(c *client.Client) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.clients = append(l.clients, c)
}

// CloseSessions deletes the API sessions this process opened, so that a finished run leaves
// none behind on the controller (they would otherwise expire after 30 idle minutes). main
// calls it when Terraform shuts the provider down.
func CloseSessions(ctx context.Context) {
	openClients.mu.Lock()
	clients := openClients.clients
	openClients.clients = nil
	openClients.mu.Unlock()
	for _, c := range clients {
		c.Close(ctx)
	}
}
