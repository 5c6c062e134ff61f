package client

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// identityFile is the JSON an OpenZiti enrollment writes (sdk-golang ziti.Config): the
// controller's client API address and the identity's certificate, key and CA bundle.
type identityFile struct {
	ZtAPI  string   `json:"ztAPI"`
	ZtAPIs []string `json:"ztAPIs"`
	ID     struct {
		Cert string `json:"cert"`
		Key  string `json:"key"`
		CA   string `json:"ca"`
	} `json:"id"`
}

// loadedIdentity is an identity file with every PEM resolved.
type loadedIdentity struct {
	ZtAPI   string
	CertPEM []byte
	KeyPEM  []byte
	CAPEM   []byte
}

// parseIdentityJSON reads an identity file's content. The cert/key/ca values are "pem:<PEM>"
// (what enrollment writes) or "file://<path>" / a bare path to a PEM file.
func parseIdentityJSON(data []byte) (*loadedIdentity, error) {
	var f identityFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("the identity is not valid JSON: %v", err)
	}
	out := &loadedIdentity{ZtAPI: f.ZtAPI}
	if out.ZtAPI == "" && len(f.ZtAPIs) > 0 {
		out.ZtAPI = f.ZtAPIs[0]
	}
	var err error
	if out.CertPEM, err = resolvePEM("id.cert", f.ID.Cert); err != nil {
		return nil, err
	}
	if out.KeyPEM, err = resolvePEM("id.key", f.ID.Key); err != nil {
		return nil, err
	}
	if f.ID.CA != "" {
		if out.CAPEM, err = resolvePEM("id.ca", f.ID.CA); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func resolvePEM(field, value string) ([]byte, error) {
	switch {
	case value == "":
		return nil, fmt.Errorf("the identity has no %s", field)
	case strings.HasPrefix(value, "pem:"):
		return []byte(strings.TrimPrefix(value, "pem:")), nil
	case strings.HasPrefix(value, "-----BEGIN"):
		return []byte(value), nil
	default:
		path := strings.TrimPrefix(strings.TrimPrefix(value, "file://"), "file:")
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("the identity's %s names file %q, which cannot be read: %v", field, path, err)
		}
		return b, nil
	}
}
