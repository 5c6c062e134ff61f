package registrytest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest/testca"
)

// The service discovery document's base paths.
const (
	providersPath = "/v1/providers/"
	modulesPath   = "/v1/modules/"
	filesPath     = "/files/"
)

// Registry is a running test registry. Publish releases and modules, point the CLIs at it
// with CLIConfig and SSL_CERT_FILE=CAFile.
type Registry struct {
	URL    string // https://127.0.0.1:<port>
	CAFile string // the test CA's certificate (PEM): SSL_CERT_FILE for the CLIs

	srv       *httptest.Server
	mu        sync.Mutex
	providers map[string]*Release          // namespace/type
	modules   map[string]map[string][]byte // namespace/name/system -> version -> tar.gz
	requests  []string                     // paths asked for, in order
}

// Module is one version of a registry module: the files of Dir.
type Module struct {
	Namespace, Name, System string
	Version                 string
	Dir                     string
}

// New starts a registry on 127.0.0.1 with a certificate from a new test CA; it stops when the
// test ends.
func New(t testing.TB) *Registry {
	t.Helper()
	ca := testca.New(t, "registrytest CA")
	certPEM, keyPEM := ca.IssueServer(t, "127.0.0.1")
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	r := &Registry{
		CAFile:    filepath.Join(t.TempDir(), "registry-ca.pem"),
		providers: map[string]*Release{},
		modules:   map[string]map[string][]byte{},
	}
	if err := os.WriteFile(r.CAFile, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	r.srv = httptest.NewUnstartedServer(http.HandlerFunc(r.serve))
	r.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	r.srv.StartTLS()
	t.Cleanup(r.srv.Close)
	r.URL = r.srv.URL
	return r
}

// PublishProvider makes rel the one release of its provider the registry serves (replacing
// what was published before).
func (r *Registry) PublishProvider(rel *Release) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.providers[rel.Namespace+"/"+rel.Type] = rel
}

// PublishModule adds a version of a module: a tarball of what is in m.Dir now (hidden entries
// such as .terraform and state files left by local runs are not part of a module's source).
func (r *Registry) PublishModule(m Module) error {
	archive, err := tarball(m.Dir)
	if err != nil {
		return fmt.Errorf("module %s: %w", m.Dir, err)
	}
	key := m.Namespace + "/" + m.Name + "/" + m.System
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.modules[key] == nil {
		r.modules[key] = map[string][]byte{}
	}
	r.modules[key][m.Version] = archive
	return nil
}

// Requests are the paths the registry was asked for since the last ResetRequests.
func (r *Registry) Requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

// ResetRequests forgets the requests seen so far.
func (r *Registry) ResetRequests() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = nil
}

// CLIConfig writes a CLI configuration (for TF_CLI_CONFIG_FILE) in which the hosts (e.g.
// registry.terraform.io, registry.opentofu.org) discover this registry's services, and
// providers are installed from their registries only (no local mirrors, no dev_overrides).
func (r *Registry) CLIConfig(t testing.TB, hosts ...string) string {
	t.Helper()
	var b strings.Builder
	for _, h := range hosts {
		fmt.Fprintf(&b, "host %q {\n  services = {\n    \"providers.v1\" = %q\n    \"modules.v1\"   = %q\n  }\n}\n\n",
			h, r.URL+providersPath, r.URL+modulesPath)
	}
	b.WriteString("provider_installation {\n  direct {}\n}\n")
	file := filepath.Join(t.TempDir(), "registry.tfrc")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func (r *Registry) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests = append(r.requests, req.URL.Path)
	r.mu.Unlock()
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := req.URL.Path
	switch {
	case p == "/.well-known/terraform.json":
		writeJSON(w, map[string]string{"providers.v1": providersPath, "modules.v1": modulesPath})
	case strings.HasPrefix(p, providersPath):
		r.serveProvider(w, strings.Split(strings.TrimPrefix(p, providersPath), "/"))
	case strings.HasPrefix(p, modulesPath):
		r.serveModule(w, req, strings.Split(strings.TrimPrefix(p, modulesPath), "/"))
	case strings.HasPrefix(p, filesPath):
		r.serveFile(w, req, strings.Split(strings.TrimPrefix(p, filesPath), "/"))
	default:
		http.NotFound(w, req)
	}
}

// serveProvider answers the provider registry protocol:
//
//	:namespace/:type/versions
//	:namespace/:type/:version/download/:os/:arch
func (r *Registry) serveProvider(w http.ResponseWriter, parts []string) {
	if len(parts) < 3 {
		notFound(w)
		return
	}
	r.mu.Lock()
	rel := r.providers[parts[0]+"/"+parts[1]]
	r.mu.Unlock()
	if rel == nil {
		notFound(w)
		return
	}
	switch {
	case len(parts) == 3 && parts[2] == "versions":
		type platform struct {
			OS   string `json:"os"`
			Arch string `json:"arch"`
		}
		platforms := []platform{}
		for _, a := range rel.Archives {
			platforms = append(platforms, platform{a.OS, a.Arch})
		}
		writeJSON(w, map[string]any{"versions": []map[string]any{
			{"version": rel.Version, "protocols": rel.Protocols, "platforms": platforms},
		}})
	case len(parts) == 6 && parts[2] == rel.Version && parts[3] == "download":
		for _, a := range rel.Archives {
			if a.OS != parts[4] || a.Arch != parts[5] {
				continue
			}
			files := r.URL + filesPath + path.Join("providers", rel.Namespace, rel.Type, rel.Version) + "/"
			writeJSON(w, map[string]any{
				"protocols":             rel.Protocols,
				"os":                    a.OS,
				"arch":                  a.Arch,
				"filename":              a.Filename,
				"download_url":          files + a.Filename,
				"shasums_url":           files + rel.SHASums,
				"shasums_signature_url": files + rel.Signature,
				"shasum":                a.SHASum,
				"signing_keys": map[string]any{"gpg_public_keys": []map[string]any{{
					"key_id": rel.Key.KeyID, "ascii_armor": rel.Key.ASCIIArmor,
					"trust_signature": "", "source": "registrytest", "source_url": nil,
				}}},
			})
			return
		}
		notFound(w)
	default:
		notFound(w)
	}
}

// serveModule answers the module registry protocol:
//
//	:namespace/:name/:system/versions
//	:namespace/:name/:system/:version/download (204, X-Terraform-Get: the tarball's URL)
func (r *Registry) serveModule(w http.ResponseWriter, req *http.Request, parts []string) {
	if len(parts) < 4 {
		notFound(w)
		return
	}
	key := strings.Join(parts[:3], "/")
	r.mu.Lock()
	versions := r.modules[key]
	r.mu.Unlock()
	if versions == nil {
		notFound(w)
		return
	}
	switch {
	case len(parts) == 4 && parts[3] == "versions":
		list := []map[string]string{}
		for _, v := range sortedKeys(versions) {
			list = append(list, map[string]string{"version": v})
		}
		writeJSON(w, map[string]any{"modules": []map[string]any{{"versions": list}}})
	case len(parts) == 5 && parts[4] == "download" && versions[parts[3]] != nil:
		w.Header().Set("X-Terraform-Get", r.URL+filesPath+path.Join("modules", key, parts[3]+".tar.gz"))
		w.WriteHeader(http.StatusNoContent)
	default:
		http.NotFound(w, req)
	}
}

// serveFile serves what the download documents point at:
//
//	providers/:namespace/:type/:version/:file (a file of the release's directory)
//	modules/:namespace/:name/:system/:version.tar.gz
func (r *Registry) serveFile(w http.ResponseWriter, req *http.Request, parts []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case len(parts) == 5 && parts[0] == "providers":
		rel := r.providers[parts[1]+"/"+parts[2]]
		if rel == nil || rel.Version != parts[3] || parts[4] == "" || strings.ContainsAny(parts[4], `/\`) || strings.HasPrefix(parts[4], ".") {
			break
		}
		http.ServeFile(w, req, filepath.Join(rel.Dir, parts[4])) //nolint:gosec // G703: parts[4] is checked above to be a plain file name

		return
	case len(parts) == 5 && parts[0] == "modules" && strings.HasSuffix(parts[4], ".tar.gz"):
		if archive := r.modules[strings.Join(parts[1:4], "/")][strings.TrimSuffix(parts[4], ".tar.gz")]; archive != nil {
			w.Header().Set("Content-Type", "application/gzip")
			_, _ = w.Write(archive)
			return
		}
	}
	http.NotFound(w, req)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// notFound is the registry's 404, with the error body the protocol describes.
func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`{"errors":["Not Found"]}`))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// tarball is a tar.gz of the regular files under dir, paths relative to dir; hidden files and
// directories (.terraform, .terraform.lock.hcl) and state files are left out.
func tarball(dir string) ([]byte, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") || strings.Contains(name, ".tfstate") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p) //nolint:gosec // a module directory the test publishes
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: filepath.ToSlash(rel), Mode: 0o644, Size: int64(len(b)), ModTime: time.Unix(0, 0)}); err != nil {
			return err
		}
		_, err = tw.Write(b)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
