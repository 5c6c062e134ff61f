package service

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// terminatorStrategies are the strategies the controller registers (v1.7.2 registers exactly
// these four; any other name is answered with 404 "terminatorStrategy with name ... not found").
var terminatorStrategies = []string{"smartrouting", "weighted", "random", "sticky"}

const defaultTerminatorStrategy = "smartrouting"

// maxIdleResolution is what the controller stores max idle times in (maxIdleTimeMillis).
const maxIdleResolution = time.Millisecond

func attributes() map[string]schema.Attribute {
	return framework.WithBaseAttributes("Unique name of the service. Agents dial it by this name (e.g. `llm-proxy`); policies select it as `@<name>`.", map[string]schema.Attribute{
		"role_attributes": framework.RoleAttributesAttribute("service"),
		"configs": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType,
			Default: setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
			MarkdownDescription: "Ids of the configs attached to the service (e.g. `ziti_config.intercept.id`): an `intercept.v1` config tells " +
				"clients which address to capture, a `host.v1` config tells the hosting side where to send the traffic. " +
				"At most one config of each config type; the controller rejects a second one. Deleting a config removes it from its services. Default: none.",
			Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
		"encryption_required": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: "Whether connections to the service must be end-to-end encrypted between the dialing and the hosting SDK. Default `true`; " +
				"turn it off only for services whose traffic is encrypted anyway and whose clients cannot do end-to-end encryption."},
		"terminator_strategy": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(defaultTerminatorStrategy),
			MarkdownDescription: "How the controller picks among the service's terminators (its hosting endpoints): " + framework.QuotedList(terminatorStrategies) +
				". `smartrouting` picks the lowest cost and latency, `weighted` spreads by cost, `random` picks any, `sticky` keeps a client on the terminator it used before. " +
				"Default `" + defaultTerminatorStrategy + "`.",
			Validators: []validator.String{stringvalidator.OneOf(terminatorStrategies...)}},
		"max_idle_time": schema.StringAttribute{Optional: true,
			MarkdownDescription: "How long a connection to the service may be idle before it is closed, as a duration such as `30s`, `5m` or `1h` " +
				"(whole milliseconds). Unset (or `0s`): connections are never closed for being idle.",
			Validators: []validator.String{framework.DurationValidator(), framework.DurationResolutionValidator(maxIdleResolution)}},
	})
}

// model is the Terraform state of one service.
type model struct {
	framework.Base
	RoleAttributes     types.Set    `tfsdk:"role_attributes"`
	Configs            types.Set    `tfsdk:"configs"`
	EncryptionRequired types.Bool   `tfsdk:"encryption_required"`
	TerminatorStrategy types.String `tfsdk:"terminator_strategy"`
	MaxIdleTime        types.String `tfsdk:"max_idle_time"`

	// revocation_pending: the shared CRUD adds the attribute to the schema and keeps it.
	framework.Revocable
}
