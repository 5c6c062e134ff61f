package client

import (
	"context"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// redactor remembers every secret the client holds (password, session token, JWTs, key
// material) and removes them from anything that leaves the client: errors and log lines.
type redactor struct {
	mu      sync.RWMutex
	secrets []string
}

const redacted = "<redacted>"

// add registers secrets; empty and very short strings are ignored (they would mangle text).
func (r *redactor) add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) >= 4 {
			r.secrets = append(r.secrets, s)
		}
	}
}

func (r *redactor) list() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string(nil), r.secrets...)
}

// String removes every known secret from s.
func (r *redactor) String(s string) string {
	for _, secret := range r.list() {
		s = strings.ReplaceAll(s, secret, redacted)
	}
	return s
}

// Error keeps err's identity for errors.As (APIError, ConfigError) but redacts its text.
func (r *redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := r.String(msg); clean != msg {
		return &redactedError{msg: clean, wrapped: err}
	}
	return err
}

// Context masks the secrets in anything logged through tflog with ctx, as a second line of
// defence: the client itself never logs a secret.
func (r *redactor) Context(ctx context.Context) context.Context {
	secrets := r.list()
	if len(secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, secrets...)
	return tflog.MaskAllFieldValuesStrings(ctx, secrets...)
}

type redactedError struct {
	msg     string
	wrapped error
}

func (e *redactedError) Error() string { return e.msg }

// Unwrap lets errors.As find the typed error while Error() stays clean; the typed error's own
// fields hold no secrets (they come from the controller's error envelope).
func (e *redactedError) Unwrap() error { return e.wrapped }
