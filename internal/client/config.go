package client

import (
	"fmt"
	"time"
)

// Config is everything the provider hands the client. Exactly one authentication method must
// be set: Username+Password, CertPEM+KeyPEM, IdentityJSON, or ExtJWT.
type Config struct {
	Endpoint string // https://host:port[/edge/management/v1]; may be empty with IdentityJSON
	// Endpoints are the members of a controller cluster, instead of Endpoint: requests go to
	// the first that answers and move on to the next when it cannot be reached or has no
	// leader.
	Endpoints []string

	Username string
	Password string

	CertPEM []byte
	KeyPEM  []byte

	IdentityJSON []byte // the content of an enrolled identity file

	ExtJWT string // a JWT from an external signer the controller trusts
	// ExtJWTFile is a file holding such a JWT, read again at every login, so that a token that
	// a workload rotates (a Kubernetes service account token, a CI job's OIDC token) keeps a
	// long run alive.
	ExtJWTFile string

	CAPEM              []byte // PEM bundle to verify the controller with
	InsecureSkipVerify bool   // escape hatch; the provider warns on every run
	TrustOnFirstUse    bool   // fetch the CA bundle from /.well-known/est/cacerts unverified

	RequestTimeout time.Duration // per request; default 30s
	MaxRetries     *int          // for idempotent requests on 429/503/connection errors; nil: DefaultMaxRetries
	RetryBaseDelay time.Duration // first backoff; default 250ms
	RetryMaxDelay  time.Duration // longest computed wait between attempts; default 10s
	RetryBudget    time.Duration // longest a request is retried, from its first attempt; default 2m
	UserAgent      string
}

// AuthMethod names how the client proves who it is.
type AuthMethod string

const (
	AuthPassword AuthMethod = "password"
	AuthCert     AuthMethod = "cert"
	AuthExtJWT   AuthMethod = "ext-jwt"
)

// Setting names the part of Config that a ConfigError is about, so that the caller can point
// the user at what they wrote for it (the provider maps each to its attribute).
type Setting string

const (
	SettingEndpoint        Setting = "Endpoint"
	SettingEndpoints       Setting = "Endpoints"
	SettingUsername        Setting = "Username"
	SettingPassword        Setting = "Password"
	SettingCertPEM         Setting = "CertPEM"
	SettingKeyPEM          Setting = "KeyPEM"
	SettingIdentityJSON    Setting = "IdentityJSON"
	SettingExtJWT          Setting = "ExtJWT"
	SettingExtJWTFile      Setting = "ExtJWTFile"
	SettingCAPEM           Setting = "CAPEM"
	SettingTrustOnFirstUse Setting = "TrustOnFirstUse"
)

// ConfigError is a configuration mistake the user must fix, in the Setting it names.
type ConfigError struct {
	Setting Setting
	Summary string
	Detail  string
}

func (e *ConfigError) Error() string {
	if e.Detail == "" {
		return e.Summary
	}
	return e.Summary + ": " + e.Detail
}

func configErr(setting Setting, summary, format string, args ...any) *ConfigError {
	return &ConfigError{Setting: setting, Summary: summary, Detail: fmt.Sprintf(format, args...)}
}

// authMethod decides the method from what is set, and rejects none or several.
func (c *Config) authMethod() (AuthMethod, error) {
	var set []string
	if c.Username != "" || c.Password != "" {
		set = append(set, "username/password")
	}
	if len(c.CertPEM) > 0 || len(c.KeyPEM) > 0 {
		set = append(set, "cert_pem/key_pem")
	}
	if len(c.IdentityJSON) > 0 {
		set = append(set, "identity_file/identity_json")
	}
	if c.ExtJWT != "" || c.ExtJWTFile != "" {
		set = append(set, "ext_jwt/ext_jwt_file")
	}
	switch {
	case len(set) == 0:
		return "", configErr(SettingUsername, "No credentials for the OpenZiti controller",
			"set username and password (or ZITI_USERNAME/ZITI_PASSWORD), cert_pem and key_pem, identity_file (ZITI_IDENTITY_FILE), or ext_jwt (ZITI_EXT_JWT)")
	case len(set) > 1:
		return "", configErr(SettingUsername, "Conflicting credentials for the OpenZiti controller",
			"only one authentication method may be set, found %v (environment variables count too)", set)
	}
	switch {
	case c.Username != "" && c.Password == "":
		return "", configErr(SettingPassword, "Missing password", "username %q is set but password is empty (set password or ZITI_PASSWORD)", c.Username)
	case c.Password != "" && c.Username == "":
		return "", configErr(SettingUsername, "Missing username", "password is set but username is empty (set username or ZITI_USERNAME)")
	case len(c.CertPEM) > 0 && len(c.KeyPEM) == 0:
		return "", configErr(SettingKeyPEM, "Missing key_pem", "cert_pem is set; client certificate authentication also needs the private key")
	case len(c.KeyPEM) > 0 && len(c.CertPEM) == 0:
		return "", configErr(SettingCertPEM, "Missing cert_pem", "key_pem is set; client certificate authentication also needs the certificate")
	}
	switch {
	case c.Username != "":
		return AuthPassword, nil
	case c.ExtJWT != "" && c.ExtJWTFile != "":
		return "", configErr(SettingExtJWTFile, "Conflicting external JWT settings", "set ext_jwt or ext_jwt_file, not both")
	case c.ExtJWT != "" || c.ExtJWTFile != "":
		return AuthExtJWT, nil
	default:
		return AuthCert, nil
	}
}
