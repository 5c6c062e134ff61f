package registrytest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// SigningKey is the GPG public key a publisher registers with the registry; the CLIs verify
// a release's SHA256SUMS signature against it.
type SigningKey struct {
	KeyID      string // the long key id: the last 16 hex digits of the fingerprint, upper case
	ASCIIArmor string // gpg --armor --export
}

// Archive is one platform's provider zip in a release.
type Archive struct {
	OS, Arch string
	Filename string
	SHASum   string // hex SHA-256 as listed in the release's SHA256SUMS
}

// Release is a provider release as the registry publishes it from the files a release build
// (goreleaser) uploads: terraform-provider-<type>_<version>_<os>_<arch>.zip per platform, the
// SHA256SUMS listing them, its detached signature (SHA256SUMS.sig) and the registry manifest
// (<prefix>_manifest.json, which says the plugin protocol versions).
type Release struct {
	Namespace, Type string
	Version         string
	Protocols       []string // from the manifest; 5.0 without one, as the public registry assumes
	Dir             string   // where the files are
	SHASums         string   // file names in Dir
	Signature       string
	Archives        []Archive
	Key             SigningKey
}

// LoadRelease reads the release of provider namespace/type that a release build wrote to dir,
// as the registry does when a release is published: the version and the archives come from
// the one SHA256SUMS file there, the protocol versions from the manifest. key is the key the
// publisher registered.
func LoadRelease(dir, namespace, typ string, key SigningKey) (*Release, error) {
	project := "terraform-provider-" + typ
	sums, err := filepath.Glob(filepath.Join(dir, project+"_*_SHA256SUMS"))
	if err != nil {
		return nil, err
	}
	if len(sums) != 1 {
		return nil, fmt.Errorf("%s: want one %s_<version>_SHA256SUMS, found %d", dir, project, len(sums))
	}
	version := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(sums[0]), project+"_"), "_SHA256SUMS")
	r := &Release{
		Namespace: namespace, Type: typ, Version: version, Dir: dir,
		SHASums: filepath.Base(sums[0]), Signature: filepath.Base(sums[0]) + ".sig", Key: key,
	}
	if _, err := os.Stat(filepath.Join(dir, r.Signature)); err != nil {
		return nil, fmt.Errorf("the release is not signed: %w", err)
	}
	content, err := os.ReadFile(sums[0])
	if err != nil {
		return nil, err
	}
	zip := regexp.MustCompile(`^` + regexp.QuoteMeta(project+"_"+version+"_") + `([a-z0-9]+)_([a-z0-9]+)\.zip$`)
	sc := bufio.NewScanner(bytes.NewReader(content))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 {
			return nil, fmt.Errorf("%s: malformed line %q", r.SHASums, sc.Text())
		}
		if m := zip.FindStringSubmatch(fields[1]); m != nil {
			r.Archives = append(r.Archives, Archive{OS: m[1], Arch: m[2], Filename: fields[1], SHASum: fields[0]})
		}
	}
	if len(r.Archives) == 0 {
		return nil, fmt.Errorf("%s lists no %s_%s_<os>_<arch>.zip", r.SHASums, project, version)
	}
	r.Protocols, err = manifestProtocols(filepath.Join(dir, project+"_"+version+"_manifest.json"))
	return r, err
}

// manifestProtocols reads the plugin protocol versions from a registry manifest; without a
// manifest the registry assumes protocol 5.
func manifestProtocols(path string) ([]string, error) {
	b, err := os.ReadFile(path) //nolint:gosec // a file of the release under test
	if errors.Is(err, os.ErrNotExist) {
		return []string{"5.0"}, nil
	}
	if err != nil {
		return nil, err
	}
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if m.Version != 1 || len(m.Metadata.ProtocolVersions) == 0 {
		return nil, fmt.Errorf("%s: want version 1 with metadata.protocol_versions, got %s", filepath.Base(path), b)
	}
	return m.Metadata.ProtocolVersions, nil
}

// Copy is a copy of the release with its files copied to dir: a test alters the copy (an
// archive, the checksums, the signature) and publishes it in place of the original.
func (r *Release) Copy(dir string) (*Release, error) {
	entries, err := os.ReadDir(r.Dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(r.Dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil { //nolint:gosec // G703: a name read from the release directory, not from a request
			return nil, err
		}
	}
	c := *r
	c.Dir = dir
	c.Protocols = append([]string(nil), r.Protocols...)
	c.Archives = append([]Archive(nil), r.Archives...)
	return &c, nil
}
