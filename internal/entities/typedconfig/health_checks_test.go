package typedconfig

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestParseHealthDuration(t *testing.T) {
	for s, want := range map[string]time.Duration{"5s": 5 * time.Second, "500ms": 500 * time.Millisecond, "1m30s": 90 * time.Second, "1h": time.Hour, "1.5s": 1500 * time.Millisecond, "0s": 0} {
		if d, msg := parseHealthDuration(s); msg != "" || d != want {
			t.Errorf("%q: got %v %q, want %v", s, d, msg, want)
		}
	}
	for s, why := range map[string]string{"0": "has no unit", "5": "is not a duration", "5us": `unit "us"`, "5µs": `unit "µs"`, "10ns": `unit "ns"`, "-5s": "is not a duration",
		"+5s": "is not a duration", "soon": "is not a duration", "": "is not a duration", "5d": "is not a duration"} {
		if _, msg := parseHealthDuration(s); !strings.Contains(msg, why) {
			t.Errorf("%q: got %q, want it to say %q", s, msg, why)
		}
	}
}

func TestHealthActionValidator(t *testing.T) {
	check := func(s string) string {
		var resp validator.StringResponse
		healthActionValidator.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("action"), ConfigValue: types.StringValue(s)}, &resp)
		if resp.Diagnostics.HasError() {
			return resp.Diagnostics.Errors()[0].Detail()
		}
		return ""
	}
	for _, ok := range []string{"mark healthy", "mark unhealthy", "send event", "increase cost 1", "decrease cost 65535"} {
		if msg := check(ok); msg != "" {
			t.Errorf("%q refused: %s", ok, msg)
		}
	}
	for s, why := range map[string]string{"increase cost 0": "from 1 to 65535", "decrease cost 65536": "from 1 to 65535",
		"mark  healthy": "not an action", "increase cost": "not an action", "restart": "not an action", "Mark healthy": "not an action"} {
		if msg := check(s); !strings.Contains(msg, why) {
			t.Errorf("%q: got %q, want it to say %q", s, msg, why)
		}
	}
}

func TestHostPortValidator(t *testing.T) {
	check := func(s string) bool {
		var resp validator.StringResponse
		hostPortValidator.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("address"), ConfigValue: types.StringValue(s)}, &resp)
		return !resp.Diagnostics.HasError()
	}
	for _, ok := range []string{"127.0.0.1:8080", "proxy.internal:3128", "[::1]:443"} {
		if !check(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"127.0.0.1", ":8080", "host:0", "host:65536", "host:http", "::1:80"} {
		if check(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
