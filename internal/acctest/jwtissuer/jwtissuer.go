package jwtissuer

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Issuer is a running issuer. URL is its issuer name (the `iss` of its tokens), JWKSURL where
// its keys are published.
type Issuer struct {
	URL     string
	JWKSURL string
	key     *rsa.PrivateKey
	kid     string
}

// Start generates a key pair and serves the key set on 127.0.0.1 until the test ends.
func Start(t testing.TB) *Issuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	iss := &Issuer{URL: base, JWKSURL: base + "/openid/v1/jwks", key: key, kid: "test-" + ln.Addr().String()}
	keySet, err := json.Marshal(iss.keySet())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /openid/v1/jwks", func(w http.ResponseWriter, _ *http.Request) {
		// The controller refuses a key set served with another content type.
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(keySet)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return iss
}

// keySet is the issuer's public key as a JSON Web Key Set (RFC 7517).
func (i *Issuer) keySet() map[string]any {
	b64 := base64.RawURLEncoding.EncodeToString
	return map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": i.kid,
		"n": b64(i.key.N.Bytes()), "e": b64(big.NewInt(int64(i.key.E)).Bytes()),
	}}}
}

// Claims are what a test varies in a token.
type Claims struct {
	Subject  string
	Audience string
	// Expires is when the token expires; zero means in ten minutes.
	Expires time.Time
}

// Token mints a token signed with the issuer's key, as the issuer would hand it to a workload.
func (i *Issuer) Token(t testing.TB, c Claims) string {
	t.Helper()
	if c.Expires.IsZero() {
		c.Expires = time.Now().Add(10 * time.Minute)
	}
	issued := time.Now().Add(-time.Minute)
	if c.Expires.Before(issued) {
		issued = c.Expires.Add(-time.Hour)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.RegisteredClaims{
		Issuer: i.URL, Subject: c.Subject, Audience: jwt.ClaimStrings{c.Audience},
		ExpiresAt: jwt.NewNumericDate(c.Expires), IssuedAt: jwt.NewNumericDate(issued), NotBefore: jwt.NewNumericDate(issued),
	})
	tok.Header["kid"] = i.kid
	signed, err := tok.SignedString(i.key)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}
