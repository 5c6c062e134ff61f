package jwtissuer

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The published key set verifies the issuer's tokens, with the claims asked for; an expired
// token is minted expired.
func TestTokensVerifyAgainstThePublishedKeySet(t *testing.T) {
	iss := Start(t)
	resp, err := http.Get(iss.JWKSURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q, want application/json", ct)
	}
	var set struct {
		Keys []struct{ Kid, N, E string } `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil || len(set.Keys) != 1 {
		t.Fatalf("key set: %v %+v", err, set)
	}
	n, _ := base64.RawURLEncoding.DecodeString(set.Keys[0].N)
	e, _ := base64.RawURLEncoding.DecodeString(set.Keys[0].E)
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	keyFunc := func(tok *jwt.Token) (any, error) {
		if tok.Header["kid"] != set.Keys[0].Kid {
			return nil, errors.New("unknown kid")
		}
		return pub, nil
	}

	claims := &jwt.RegisteredClaims{}
	if _, err := jwt.ParseWithClaims(iss.Token(t, Claims{Subject: "system:serviceaccount:ns:agent", Audience: "openziti"}), claims, keyFunc,
		jwt.WithIssuer(iss.URL), jwt.WithAudience("openziti")); err != nil {
		t.Fatalf("token does not verify: %v", err)
	}
	if claims.Subject != "system:serviceaccount:ns:agent" {
		t.Errorf("subject %q", claims.Subject)
	}
	_, err = jwt.Parse(iss.Token(t, Claims{Subject: "x", Audience: "openziti", Expires: time.Now().Add(-time.Minute)}), keyFunc)
	if !errors.Is(err, jwt.ErrTokenExpired) {
		t.Errorf("expired token: %v, want ErrTokenExpired", err)
	}
}
