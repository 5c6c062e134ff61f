package client

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/go-openapi/runtime"
	"github.com/go-openapi/strfmt"
	"github.com/openziti/edge-api/rest_management_api_client/authentication"
	"github.com/openziti/edge-api/rest_model"
)

// sessionHeader carries the API session token on every request.
const sessionHeader = "zt-session"

// session holds the one API session a configured provider uses. The token is replaced when the
// controller answers 401; generation lets concurrent requests that all saw the same expired
// token trigger a single re-authentication.
type session struct {
	mu         sync.Mutex
	token      string
	generation uint64
	info       SessionInfo
	login      func(ctx context.Context) (token string, info SessionInfo, err error)
	redact     *redactor
	opened     int // sessions opened by this client, for tests and benchmarks
}

// SessionInfo describes who the client is logged in as.
type SessionInfo struct {
	SessionID    string
	IdentityID   string
	IdentityName string
}

// ensure returns what authenticates a request with the current session, and the session's
// generation (for refresh). A member the client has not used yet is logged in to first.
func (s *session) ensure(ctx context.Context) (runtime.ClientAuthInfoWriter, uint64, error) {
	s.mu.Lock()
	token, gen := s.token, s.generation
	s.mu.Unlock()
	if token == "" {
		if err := s.refresh(ctx, gen); err != nil {
			return nil, gen, err
		}
		s.mu.Lock()
		token, gen = s.token, s.generation
		s.mu.Unlock()
	}
	return runtime.ClientAuthInfoWriterFunc(func(r runtime.ClientRequest, _ strfmt.Registry) error {
		return r.SetHeaderParam(sessionHeader, token)
	}), gen, nil
}

// refresh logs in again unless another request already did since seenGeneration.
func (s *session) refresh(ctx context.Context, seenGeneration uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.generation != seenGeneration && s.token != "" {
		return nil
	}
	token, info, err := s.login(ctx)
	if err != nil {
		return err
	}
	s.redact.add(token)
	s.token, s.info = token, info
	s.generation++
	s.opened++
	return nil
}

// authenticator performs POST /authenticate with the configured method.
type authenticator struct {
	api      authentication.ClientService
	method   AuthMethod
	username string
	password string
	extJWT   string
	// extJWTFile, when set, is read at every login (a rotating workload token).
	extJWTFile string
	redact     *redactor
}

func (a *authenticator) login(ctx context.Context) (string, SessionInfo, error) {
	params := authentication.NewAuthenticateParamsWithContext(ctx)
	params.Method = string(a.method)
	params.Auth = &rest_model.Authenticate{}
	var opts []authentication.ClientOption
	switch a.method {
	case AuthPassword:
		params.Auth.Username = rest_model.Username(a.username)
		params.Auth.Password = rest_model.Password(a.password)
	case AuthExtJWT:
		token, err := a.currentExtJWT()
		if err != nil {
			return "", SessionInfo{}, err
		}
		bearer := "Bearer " + token
		opts = append(opts, func(op *runtime.ClientOperation) {
			op.AuthInfo = runtime.ClientAuthInfoWriterFunc(func(r runtime.ClientRequest, _ strfmt.Registry) error {
				return r.SetHeaderParam("Authorization", bearer)
			})
		})
	}
	ok, err := a.api.Authenticate(params, opts...)
	if err != nil {
		return "", SessionInfo{}, a.explain(err)
	}
	detail := ok.GetPayload().Data
	if detail == nil || detail.Token == nil || *detail.Token == "" {
		return "", SessionInfo{}, fmt.Errorf("the controller answered the %s authentication without a session token", a.method)
	}
	var info SessionInfo
	if detail.ID != nil {
		info.SessionID = *detail.ID
	}
	if detail.IdentityID != nil {
		info.IdentityID = *detail.IdentityID
	}
	if detail.Identity != nil {
		info.IdentityName = detail.Identity.Name
	}
	return *detail.Token, info, nil
}

// currentExtJWT is the external JWT to log in with: the file's content as it is now, when the
// token comes from a file.
func (a *authenticator) currentExtJWT() (string, error) {
	if a.extJWTFile == "" {
		return a.extJWT, nil
	}
	b, err := os.ReadFile(a.extJWTFile)
	if err != nil {
		return "", configErr(SettingExtJWTFile, "Cannot read ext_jwt_file", "%v", err)
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return "", configErr(SettingExtJWTFile, "Empty ext_jwt_file", "%s holds no JWT", a.extJWTFile)
	}
	a.redact.add(token)
	return token, nil
}

// explain says which setting to change when authentication is refused.
func (a *authenticator) explain(err error) error {
	if !IsUnauthorized(err) {
		return err
	}
	switch a.method {
	case AuthPassword:
		return configErr(SettingPassword, "The controller rejected the username or password",
			"authenticating as %q failed (%v): check username and password (ZITI_USERNAME, ZITI_PASSWORD)", a.username, err)
	case AuthCert:
		return configErr(SettingCertPEM, "The controller rejected the client certificate",
			"certificate authentication failed (%v): the certificate must belong to an enrolled identity of this controller", err)
	default:
		setting := SettingExtJWT
		if a.extJWTFile != "" {
			setting = SettingExtJWTFile
		}
		return configErr(setting, "The controller rejected the external JWT",
			"ext-jwt authentication failed (%v): the JWT must be valid, unexpired and signed by an external JWT signer the controller trusts, for an identity whose auth policy allows it", err)
	}
}
