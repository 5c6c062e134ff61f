package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Environment variables each attribute falls back to when it is not set in configuration.
const (
	envEndpoint        = "ZITI_API_URL"
	envEndpoints       = "ZITI_API_URLS"
	envUsername        = "ZITI_USERNAME"
	envPassword        = "ZITI_PASSWORD"
	envIdentityFile    = "ZITI_IDENTITY_FILE"
	envIdentityJSON    = "ZITI_IDENTITY_JSON"
	envCertPEM         = "ZITI_CERT_PEM"
	envKeyPEM          = "ZITI_KEY_PEM"
	envExtJWT          = "ZITI_EXT_JWT"
	envExtJWTFile      = "ZITI_EXT_JWT_FILE"
	envCAPEM           = "ZITI_CA_PEM"
	envCAFile          = "ZITI_CA_FILE"
	envInsecure        = "ZITI_INSECURE_SKIP_VERIFY"
	envTrustOnFirstUse = "ZITI_TRUST_ON_FIRST_USE"
	envRequestTimeout  = "ZITI_REQUEST_TIMEOUT"
	envMaxRetries      = "ZITI_MAX_RETRIES"
	envRetryBudget     = "ZITI_RETRY_BUDGET"
	envRevokeOpen      = "ZITI_REVOKE_OPEN_CONNECTIONS"
)

// clientConfig resolves configuration and environment into a client.Config, reading files.
// Every problem is reported on the attribute the user has to change.
func clientConfig(m providerModel, diags *diag.Diagnostics) (client.Config, bool) {
	// Configuration wins over the environment per group: when any credential attribute is set
	// in configuration, credential environment variables are ignored (and likewise for the CA),
	// so a shell's ZITI_USERNAME cannot collide with an identity_file written in the config.
	credsFromConfig := anySet(m.Username, m.Password, m.IdentityFile, m.IdentityJSON, m.CertPEM, m.KeyPEM, m.ExtJWT, m.ExtJWTFile)
	caFromConfig := anySet(m.CAPEM, m.CAFile)
	cred := func(v types.String, env string) string { return valueOrEnv(v, env, !credsFromConfig) }
	ca := func(v types.String, env string) string { return valueOrEnv(v, env, !caFromConfig) }

	cfg := client.Config{
		Endpoint:  valueOrEnv(m.Endpoint, envEndpoint, m.Endpoints.IsNull()),
		Endpoints: endpoints(m, diags),
		Username:  cred(m.Username, envUsername),
		Password:  cred(m.Password, envPassword),
		ExtJWT:    cred(m.ExtJWT, envExtJWT),
		// The file is read by the client at every login, not here.
		ExtJWTFile: cred(m.ExtJWTFile, envExtJWTFile),
		CertPEM:    []byte(cred(m.CertPEM, envCertPEM)),
		KeyPEM:     []byte(cred(m.KeyPEM, envKeyPEM)),
		CAPEM:      []byte(ca(m.CAPEM, envCAPEM)),
	}

	identityJSON := cred(m.IdentityJSON, envIdentityJSON)
	if file := cred(m.IdentityFile, envIdentityFile); file != "" {
		if identityJSON != "" {
			diags.AddAttributeError(path.Root("identity_file"), "Conflicting identity settings",
				"identity_file and identity_json (or ZITI_IDENTITY_FILE and ZITI_IDENTITY_JSON) are both set; use one")
			return cfg, false
		}
		b, err := os.ReadFile(file)
		if err != nil {
			diags.AddAttributeError(path.Root("identity_file"), "Cannot read identity_file", fmt.Sprintf("%q: %v", file, err))
			return cfg, false
		}
		identityJSON = string(b)
	}
	cfg.IdentityJSON = []byte(identityJSON)

	if file := ca(m.CAFile, envCAFile); file != "" {
		if len(cfg.CAPEM) > 0 {
			diags.AddAttributeError(path.Root("ca_file"), "Conflicting CA settings",
				"ca_file and ca_pem (or ZITI_CA_FILE and ZITI_CA_PEM) are both set; use one")
			return cfg, false
		}
		b, err := os.ReadFile(file)
		if err != nil {
			diags.AddAttributeError(path.Root("ca_file"), "Cannot read ca_file", fmt.Sprintf("%q: %v", file, err))
			return cfg, false
		}
		cfg.CAPEM = b
	}

	cfg.InsecureSkipVerify = boolOrEnv(m.InsecureSkipVerify, "insecure_skip_verify", envInsecure, diags)
	cfg.TrustOnFirstUse = boolOrEnv(m.TrustOnFirstUse, "trust_on_first_use", envTrustOnFirstUse, diags)

	if s := valueOrEnv(m.RequestTimeout, envRequestTimeout, true); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("%q is not a positive Go duration such as 30s or 2m", s))
		}
		cfg.RequestTimeout = d
	}

	if s := valueOrEnv(m.RetryBudget, envRetryBudget, true); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("retry_budget"), "Invalid retry_budget",
				fmt.Sprintf("%q is not a positive duration such as 30s or 5m", s))
		}
		cfg.RetryBudget = d
	}

	var retries *int
	switch {
	case !m.MaxRetries.IsNull():
		n := int(m.MaxRetries.ValueInt64())
		retries = &n
	case os.Getenv(envMaxRetries) != "":
		n, err := strconv.Atoi(os.Getenv(envMaxRetries))
		if err != nil {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries, "not a whole number")
		}
		retries = &n
	}
	if retries != nil && (*retries < 0 || *retries > 20) {
		diags.AddAttributeError(path.Root("max_retries"), "Invalid max_retries", "must be between 0 and 20")
	}
	cfg.MaxRetries = retries
	return cfg, !diags.HasError()
}

// settingAttributes names the attribute the user writes each client setting with. The
// identity and the CA can come from a file or inline: the diagnostic names the file form, which
// the description of each points to the inline one from.
var settingAttributes = map[client.Setting]string{
	client.SettingEndpoint: "endpoint", client.SettingEndpoints: "endpoints", client.SettingUsername: "username", client.SettingPassword: "password",
	client.SettingCertPEM: "cert_pem", client.SettingKeyPEM: "key_pem", client.SettingIdentityJSON: "identity_file",
	client.SettingExtJWT: "ext_jwt", client.SettingExtJWTFile: "ext_jwt_file", client.SettingCAPEM: "ca_pem", client.SettingTrustOnFirstUse: "trust_on_first_use",
}

// addClientError reports a client error on the attribute the user must change, or on the
// provider.
func addClientError(diags *diag.Diagnostics, err error) {
	var cfgErr *client.ConfigError
	if errors.As(err, &cfgErr) {
		if attr, ok := settingAttributes[cfgErr.Setting]; ok {
			diags.AddAttributeError(path.Root(attr), cfgErr.Summary, cfgErr.Detail)
			return
		}
		diags.AddError(cfgErr.Summary, cfgErr.Detail)
		return
	}
	diags.AddError("Cannot connect to the OpenZiti controller", err.Error())
}

// endpoints are the cluster members from configuration, else from ZITI_API_URLS when no
// endpoint is configured either (a configured endpoint wins over the environment's cluster).
func endpoints(m providerModel, diags *diag.Diagnostics) []string {
	if !m.Endpoints.IsNull() {
		var out []string
		diags.Append(m.Endpoints.ElementsAs(context.Background(), &out, false)...)
		return out
	}
	if !m.Endpoint.IsNull() || os.Getenv(envEndpoints) == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(os.Getenv(envEndpoints), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// valueOrEnv returns the configured value, else (when useEnv) the environment variable.
func valueOrEnv(v types.String, env string, useEnv bool) string {
	if !v.IsNull() || !useEnv {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func anySet(vs ...types.String) bool {
	for _, v := range vs {
		if !v.IsNull() && v.ValueString() != "" {
			return true
		}
	}
	return false
}

func boolOrEnv(v types.Bool, attr, env string, diags *diag.Diagnostics) bool {
	return boolOrEnvDefault(v, attr, env, false, diags)
}

func boolOrEnvDefault(v types.Bool, attr, env string, def bool, diags *diag.Diagnostics) bool {
	if !v.IsNull() {
		return v.ValueBool()
	}
	s := os.Getenv(env)
	if s == "" {
		return def
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Invalid "+env, fmt.Sprintf("%s=%q is not a boolean (true or false)", env, s))
	}
	return b
}

func anyUnknown(vs ...types.String) bool {
	for _, v := range vs {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// ClientConfigFromEnvironment resolves the ZITI_* environment exactly as the provider does
// when its configuration sets nothing. Tools shipped beside the provider (cmd/ziti-access)
// log in with it, so one environment serves both.
func ClientConfigFromEnvironment() (client.Config, error) {
	var diags diag.Diagnostics
	cfg, ok := clientConfig(providerModel{}, &diags)
	if ok {
		return cfg, nil
	}
	var msgs []string
	for _, d := range diags.Errors() {
		msgs = append(msgs, d.Summary()+": "+d.Detail())
	}
	return cfg, errors.New(strings.Join(msgs, "; "))
}
