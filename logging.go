package main

import (
	"os"
	"strings"
)

// quietLogs switches the provider's and the plugin SDK's loggers off when the user asked the
// CLI for no log at all. A provider logs at TRACE by default and leaves the filtering to the
// CLI: every line (several per request and per RPC) is formatted as JSON, piped to the CLI
// and parsed there, only to be dropped when TF_LOG and TF_LOG_PROVIDER are unset. On large
// plans that is a measurable share of both processes' CPU (internal/bench). Any TF_LOG*
// variable, or the CLI's crash-log sink (TF_TEMP_LOG_PATH), leaves logging as it is.
func quietLogs() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") || strings.HasPrefix(kv, "TF_TEMP_LOG_PATH=") {
			return
		}
	}
	for _, name := range []string{
		"TF_LOG_PROVIDER_ZITI",                                   // this provider's own logs (tflog)
		"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", // terraform-plugin-go and -framework
	} {
		_ = os.Setenv(name, "off")
	}
}
