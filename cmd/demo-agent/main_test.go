package main

import (
	"errors"
	"strings"
	"testing"
)

func TestParseProbeSpec(t *testing.T) {
	for in, want := range map[string]probeSpec{
		"+llm by name=service:llm-proxy.ziti": {label: "llm by name", target: target{service: "llm-proxy.ziti"}, expect: true},
		"-admin API=127.0.0.1:8443":           {label: "admin API", target: target{addr: "127.0.0.1:8443"}},
		"+llm=llm-proxy.ziti:443":             {label: "llm", target: target{addr: "llm-proxy.ziti:443"}, expect: true},
		"+v6=[::1]:80":                        {label: "v6", target: target{addr: "[::1]:80"}, expect: true},
	} {
		got, err := parseProbeSpec(in)
		if err != nil || got != want {
			t.Errorf("parseProbeSpec(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"llm=service:x":       "start with +",
		"+=service:x":         "want [+|-]LABEL=TARGET",
		"+llm":                "want [+|-]LABEL=TARGET",
		"+llm=service:":       "empty service name",
		"+llm=llm-proxy.ziti": "neither service:NAME nor HOST:PORT",
		"+llm=:443":           "neither service:NAME nor HOST:PORT",
		"+llm=host:0":         "port must be 1 to 65535",
		"+llm=host:https":     "port must be 1 to 65535",
	} {
		if _, err := parseProbeSpec(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("parseProbeSpec(%q) error = %v; want it to contain %q", in, err, msg)
		}
	}
}

func TestReason(t *testing.T) {
	if got := reason(errors.New(" no service for address\nstack trace ")); got != "no service for address" {
		t.Errorf("reason kept more than the first line: %q", got)
	}
	if got := reason(errors.New(strings.Repeat("x", 200))); len(got) != 113 || !strings.HasSuffix(got, "...") {
		t.Errorf("reason did not shorten a long error to 110 characters and an ellipsis: %q", got)
	}
}
