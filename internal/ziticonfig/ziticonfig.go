package ziticonfig

import (
	"encoding/json"
	"sort"
)

// Built-in config type names (their ids differ per controller: look them up by name).
const (
	InterceptV1Type = "intercept.v1"
	HostV1Type      = "host.v1"
	HostV2Type      = "host.v2"
)

// InterceptV1 is the data of an intercept.v1 config. (sdk-golang's edge.InterceptV1Config is
// decode-only through mapstructure, has no allowedSourceAddresses and keeps addresses in an
// unexported form, so it cannot be sent.)
type InterceptV1 struct {
	Protocols              []string     `json:"protocols"`
	Addresses              []string     `json:"addresses"`
	PortRanges             []PortRange  `json:"portRanges"`
	DialOptions            *DialOptions `json:"dialOptions,omitempty"`
	SourceIP               *string      `json:"sourceIp,omitempty"`
	AllowedSourceAddresses []string     `json:"allowedSourceAddresses,omitempty"`
}

// DialOptions of an intercept.v1 config.
type DialOptions struct {
	Identity              *string `json:"identity,omitempty"`
	ConnectTimeoutSeconds *int64  `json:"connectTimeoutSeconds,omitempty"`
}

// HostV1 is the data of a host.v1 config (also one terminator of a host.v2 config), as the
// controller's JSON schema defines it, without the deprecated listenOptions.connectTimeoutSeconds.
// sdk-golang has no host.v1 type. The schema only allows `true` for the forward* flags, so
// false is left out.
type HostV1 struct {
	Protocol                   *string              `json:"protocol,omitempty"`
	ForwardProtocol            bool                 `json:"forwardProtocol,omitempty"`
	AllowedProtocols           []string             `json:"allowedProtocols,omitempty"`
	Address                    *string              `json:"address,omitempty"`
	ForwardAddress             bool                 `json:"forwardAddress,omitempty"`
	AllowedAddresses           []string             `json:"allowedAddresses,omitempty"`
	ForwardAddressTranslations []AddressTranslation `json:"forwardAddressTranslations,omitempty"`
	Port                       *int64               `json:"port,omitempty"`
	ForwardPort                bool                 `json:"forwardPort,omitempty"`
	AllowedPortRanges          []PortRange          `json:"allowedPortRanges,omitempty"`
	AllowedSourceAddresses     []string             `json:"allowedSourceAddresses,omitempty"`
	ListenOptions              *ListenOptions       `json:"listenOptions,omitempty"`
	PortChecks                 []PortCheck          `json:"portChecks,omitempty"`
	HTTPChecks                 []HTTPCheck          `json:"httpChecks,omitempty"`
	Proxy                      *Proxy               `json:"proxy,omitempty"`
}

// HostV2 is the data of a host.v2 config: one or more terminators, each a host.v1.
type HostV2 struct {
	Terminators []HostV1 `json:"terminators"`
}

// AddressTranslation maps forwarded addresses within From/PrefixLength to the same host
// part within To/PrefixLength.
type AddressTranslation struct {
	From         string `json:"from"`
	To           string `json:"to"`
	PrefixLength int64  `json:"prefixLength"`
}

// PortCheck is a health check that connects to Address (host:port).
type PortCheck struct {
	Address  string         `json:"address"`
	Interval string         `json:"interval"`
	Timeout  string         `json:"timeout"`
	Actions  []HealthAction `json:"actions,omitempty"`
}

// HTTPCheck is a health check that requests URL.
type HTTPCheck struct {
	URL          string         `json:"url"`
	Method       *string        `json:"method,omitempty"`
	Body         *string        `json:"body,omitempty"`
	ExpectStatus *int64         `json:"expectStatus,omitempty"`
	ExpectInBody *string        `json:"expectInBody,omitempty"`
	Interval     string         `json:"interval"`
	Timeout      string         `json:"timeout"`
	Actions      []HealthAction `json:"actions,omitempty"`
}

// HealthAction is what a health check's result does to the hosting terminator.
type HealthAction struct {
	Trigger           string  `json:"trigger"`
	ConsecutiveEvents *int64  `json:"consecutiveEvents,omitempty"`
	Duration          *string `json:"duration,omitempty"`
	Action            string  `json:"action"`
}

// Proxy is the proxy the hosting side connects through.
type Proxy struct {
	Type    string `json:"type"`
	Address string `json:"address"`
}

// ListenOptions of a host.v1 config.
type ListenOptions struct {
	BindUsingEdgeIdentity *bool   `json:"bindUsingEdgeIdentity,omitempty"`
	Identity              *string `json:"identity,omitempty"`
	Precedence            *string `json:"precedence,omitempty"`
	Cost                  *int64  `json:"cost,omitempty"`
	ConnectTimeout        *string `json:"connectTimeout,omitempty"`
	MaxConnections        *int64  `json:"maxConnections,omitempty"`
}

// PortRange is a range of ports in a config's data.
type PortRange struct {
	Low  int64 `json:"low"`
	High int64 `json:"high"`
}

// RangesForPorts turns single ports into ranges, merging neighbours (443, 444 -> 443-444), in
// ascending order.
func RangesForPorts(ports []int64) []PortRange {
	sorted := append([]int64(nil), ports...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	var out []PortRange
	for _, p := range sorted {
		if n := len(out); n > 0 && p <= out[n-1].High+1 {
			if p > out[n-1].High {
				out[n-1].High = p
			}
			continue
		}
		out = append(out, PortRange{Low: p, High: p})
	}
	return out
}

// Decode reads a config's data, as the API client decoded it (generic JSON), into its typed
// form (InterceptV1, HostV1) through one JSON round trip.
func Decode(data any, into any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, into)
}
