package registrytest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// GPGKey is a throwaway GPG signing key (RSA 3072, no passphrase, valid for a day) in a
// GNUPGHOME of its own, made with the gpg binary a release job uses. RSA, as the public
// registries require: Terraform 1.5.7 cannot read an EdDSA key ("unsupported feature: public
// key type: 22").
type GPGKey struct {
	Home        string // GNUPGHOME
	Fingerprint string
}

// NewGPGKey generates a key for uid ("Name <email>") in a new GNUPGHOME. When the test ends the
// gpg-agent that gpg started for it is stopped and the directory removed.
func NewGPGKey(t testing.TB, uid string) *GPGKey {
	t.Helper()
	if _, err := exec.LookPath("gpg"); err != nil {
		t.Fatalf("gpg is needed to sign the release (Debian: apt-get install gnupg): %v", err)
	}
	// Not t.TempDir: gpg-agent's socket lives in GNUPGHOME and a socket path may not be longer
	// than 107 bytes; test names make t.TempDir paths long.
	home, err := os.MkdirTemp("", "gpg-") //nolint:usetesting // removed in the cleanup below
	if err != nil {
		t.Fatal(err)
	}
	k := &GPGKey{Home: home}
	t.Cleanup(func() {
		kill := exec.Command("gpgconf", "--kill", "gpg-agent")
		kill.Env = k.Env()
		_ = kill.Run()
		_ = os.RemoveAll(home)
	})
	k.gpg(t, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-generate-key", uid, "rsa3072", "sign", "1d")
	for line := range strings.SplitSeq(k.gpg(t, "--with-colons", "--list-secret-keys"), "\n") {
		if f := strings.Split(line, ":"); len(f) > 9 && f[0] == "fpr" {
			k.Fingerprint = f[9]
			break
		}
	}
	if len(k.Fingerprint) != 40 {
		t.Fatalf("no fingerprint for the new key in gpg's key list")
	}
	return k
}

// Env is the environment a release build signs with: GNUPGHOME and GPG_FINGERPRINT (what
// .goreleaser.yml's signs section passes to gpg --local-user).
func (k *GPGKey) Env() []string {
	return []string{"GNUPGHOME=" + k.Home, "GPG_FINGERPRINT=" + k.Fingerprint}
}

// Public is the key as a publisher registers it with the registry.
func (k *GPGKey) Public(t testing.TB) SigningKey {
	t.Helper()
	return SigningKey{KeyID: k.Fingerprint[24:], ASCIIArmor: k.gpg(t, "--armor", "--export", k.Fingerprint)}
}

// DetachSign writes file's detached binary signature to sig, as the release build signs the
// checksums.
func (k *GPGKey) DetachSign(t testing.TB, file, sig string) {
	t.Helper()
	_ = os.Remove(sig)
	k.gpg(t, "--batch", "--local-user", k.Fingerprint, "--output", sig, "--detach-sign", file)
}

func (k *GPGKey) gpg(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command("gpg", args...)
	cmd.Env = append(os.Environ(), k.Env()...)
	cmd.Dir = filepath.Dir(k.Home)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg = string(ee.Stderr)
		}
		t.Fatalf("gpg %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return string(out)
}
