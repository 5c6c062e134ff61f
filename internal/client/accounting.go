package client

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
)

// Request accounting, for benchmarks: with ZITI_REQUEST_COUNT_FILE set to a path, every
// attempt the provider process sends (logins included) appends one line to that file:
//
//	<pid> <method> <path pattern> <status>
//
// The path pattern is the one the request was built from ("/identities/{id}"), so the file
// holds no ids, no query (filters carry names) and no headers or bodies: nothing secret. The
// bench (internal/bench) reads it to count requests per resource and per phase. Unset, the
// hook costs one nil check per request.
const EnvRequestCountFile = "ZITI_REQUEST_COUNT_FILE"

// accounting is the process's request log, nil unless EnvRequestCountFile is set.
var accounting = openAccounting(os.Getenv(EnvRequestCountFile))

type requestLog struct {
	mu  sync.Mutex
	f   *os.File
	pid string
}

func openAccounting(path string) *requestLog {
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600) //nolint:gosec // G703: the path is the operator's own benchmark setting
	if err != nil {
		return nil // a benchmark aid: without the file, requests are simply not counted
	}
	return &requestLog{f: f, pid: strconv.Itoa(os.Getpid())}
}

// count records one attempt of method on pattern with its outcome (the HTTP status, or 0
// when no answer came).
func (l *requestLog) count(method, pattern string, fabric bool, err error) {
	if l == nil {
		return
	}
	status := 200
	var apiErr *APIError
	switch {
	case err == nil:
	case errors.As(err, &apiErr):
		status = apiErr.Status
	default:
		status = 0
	}
	if fabric {
		pattern = FabricBasePath + pattern
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = fmt.Fprintf(l.f, "%s %s %s %d\n", l.pid, method, pattern, status)
}
