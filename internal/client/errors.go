package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/openziti/edge-api/rest_model"
)

// APIError is a non-2xx answer from the controller, decoded from its error envelope
// ({"error":{"code","message","cause":{...}}}) together with the HTTP status.
type APIError struct {
	Status     int    // HTTP status code
	Method     string // request method, for messages
	Path       string // request path (no query), for messages
	Code       string // controller error code, e.g. NOT_FOUND, COULD_NOT_VALIDATE
	Message    string
	CauseField string // the field the controller rejected, when it says
	CauseText  string // the reason the controller gave for the field or cause
	RequestID  string
	RetryAfter string // Retry-After header on 429/503, if any
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.CauseField != "" {
		fmt.Fprintf(&b, " (field %q", e.CauseField)
		if e.CauseText != "" {
			fmt.Fprintf(&b, ": %s", e.CauseText)
		}
		b.WriteString(")")
	} else if e.CauseText != "" {
		fmt.Fprintf(&b, " (%s)", e.CauseText)
	}
	return b.String()
}

// newAPIError builds an APIError from a decoded envelope, which may be nil or partial when the
// controller (or a proxy in front of it) answered with something other than its envelope.
func newAPIError(method, path string, status int, env *rest_model.APIErrorEnvelope) *APIError {
	e := &APIError{Status: status, Method: method, Path: path}
	if env == nil || env.Error == nil {
		e.Message = http.StatusText(status)
		return e
	}
	e.Code = env.Error.Code
	e.Message = env.Error.Message
	e.RequestID = env.Error.RequestID
	if c := env.Error.Cause; c != nil {
		if c.APIFieldError.Field != "" {
			e.CauseField = c.APIFieldError.Field
			e.CauseText = c.APIFieldError.Reason
		} else if c.APIError.Message != "" {
			e.CauseText = c.APIError.Message
		}
	}
	if e.CauseText == "" && env.Error.CauseMessage != "" {
		e.CauseText = env.Error.CauseMessage
	}
	return e
}

func statusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return 0
}

// IsNotFound reports a 404. Only a 404 on GET means the entity is gone: the controller also
// answers 404 for an unknown id referenced in a create or update body.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsConflict reports a 409, e.g. deleting an entity that is still referenced.
func IsConflict(err error) bool { return statusOf(err) == http.StatusConflict }

// IsUnauthorized reports a 401: no valid session (or wrong credentials on authenticate).
func IsUnauthorized(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsValidation reports a 400 the controller raised while validating input.
func IsValidation(err error) bool { return statusOf(err) == http.StatusBadRequest }
