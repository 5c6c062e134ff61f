package typedconfig

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// host.v1's health checks: the hosting tunneler (or router) runs them and changes its
// terminator's precedence or cost with their results. The controller only checks their shape
// (a duration is anything containing digits and h, m, s or ms); the hosting side then refuses
// the whole service when an interval is not positive or an action is not one it knows, so these
// checks run at plan time.

var (
	healthTriggers = []string{"fail", "pass", "change"}
	httpMethods    = []string{"GET", "POST", "PUT", "PATCH"}
	// healthActions are the actions the hosting side knows; N is 1 to 65535.
	healthActions = []string{"mark healthy", "mark unhealthy", "send event", "increase cost N", "decrease cost N"}
	costAction    = regexp.MustCompile(`^(increase|decrease) cost ([0-9]+)$`)
	// durationUnits are the units the controller's duration pattern accepts.
	durationUnit = regexp.MustCompile(`[a-zµ]+`)
)

type portCheckModel struct {
	Address  types.String `tfsdk:"address"`
	Interval types.String `tfsdk:"interval"`
	Timeout  types.String `tfsdk:"timeout"`
	Actions  types.List   `tfsdk:"actions"`
}

type httpCheckModel struct {
	URL          types.String `tfsdk:"url"`
	Method       types.String `tfsdk:"method"`
	Body         types.String `tfsdk:"body"`
	ExpectStatus types.Int64  `tfsdk:"expect_status"`
	ExpectInBody types.String `tfsdk:"expect_in_body"`
	Interval     types.String `tfsdk:"interval"`
	Timeout      types.String `tfsdk:"timeout"`
	Actions      types.List   `tfsdk:"actions"`
}

type healthActionModel struct {
	Trigger           types.String `tfsdk:"trigger"`
	ConsecutiveEvents types.Int64  `tfsdk:"consecutive_events"`
	Duration          types.String `tfsdk:"duration"`
	Action            types.String `tfsdk:"action"`
}

var healthActionAttributes = map[string]schema.Attribute{
	"trigger": schema.StringAttribute{Required: true,
		MarkdownDescription: "Which results run the action: " + framework.QuotedList(healthTriggers) +
			" (`change`: the first result after the check went from passing to failing or back).",
		Validators: []validator.String{stringvalidator.OneOf(healthTriggers...)}},
	"consecutive_events": schema.Int64Attribute{Optional: true,
		MarkdownDescription: "Run the action only once the check has had this many results of the trigger's kind in a row, 0 to 65535.",
		Validators:          []validator.Int64{int64validator.Between(0, 65535)}},
	"duration": schema.StringAttribute{Optional: true,
		MarkdownDescription: "Run the action only once the check has been passing (or failing) for this long, e.g. `30s`. " + durationHint,
		Validators:          []validator.String{healthDuration(false)}},
	"action": schema.StringAttribute{Required: true,
		MarkdownDescription: "What to do: " + framework.QuotedList(healthActions) + " (N from 1 to 65535). " +
			"`mark unhealthy` sets the terminator's precedence to `failed`, `mark healthy` restores it; costs change the terminator's cost.",
		Validators: []validator.String{healthActionValidator}},
}

func healthActionsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{Optional: true,
		MarkdownDescription: "What the check's results do to the hosting terminator, 1 to 20 actions, run in order. " +
			"Without actions the check only logs its results.",
		NestedObject: schema.NestedAttributeObject{Attributes: healthActionAttributes},
		Validators:   []validator.List{listvalidator.SizeBetween(1, 20)},
	}
}

func checkTiming() (interval, timeout schema.StringAttribute) {
	return schema.StringAttribute{Required: true,
			MarkdownDescription: "How often the check runs, e.g. `5s`. Greater than 0. " + durationHint,
			Validators:          []validator.String{healthDuration(true)}},
		schema.StringAttribute{Required: true,
			MarkdownDescription: "How long one run may take before it counts as failed, e.g. `1s`. Greater than 0 and at most `interval`. " + durationHint,
			Validators:          []validator.String{healthDuration(true)}}
}

var portCheckAttributes = func() map[string]schema.Attribute {
	interval, timeout := checkTiming()
	return map[string]schema.Attribute{
		"address": schema.StringAttribute{Required: true,
			MarkdownDescription: "The `host:port` the check connects to over TCP, e.g. `127.0.0.1:8080`; the check passes when the connection opens.",
			Validators:          []validator.String{hostPortValidator}},
		"interval": interval, "timeout": timeout,
		"actions": healthActionsAttribute(),
	}
}()

var httpCheckAttributes = func() map[string]schema.Attribute {
	interval, timeout := checkTiming()
	return map[string]schema.Attribute{
		"url": schema.StringAttribute{Required: true,
			MarkdownDescription: "The http:// or https:// URL the check requests, e.g. `http://127.0.0.1:8080/healthz`.",
			Validators:          []validator.String{framework.HTTPURLValidator()}},
		"method": schema.StringAttribute{Optional: true,
			MarkdownDescription: "The request method: " + framework.QuotedList(httpMethods) + ". The hosting side uses `GET` when unset.",
			Validators:          []validator.String{stringvalidator.OneOf(httpMethods...)}},
		"body": schema.StringAttribute{Optional: true, MarkdownDescription: "The request body."},
		"expect_status": schema.Int64Attribute{Optional: true,
			MarkdownDescription: "The status code that passes the check, 100 to 599. The hosting side expects `200` when unset.",
			Validators:          []validator.Int64{int64validator.Between(100, 599)}},
		"expect_in_body": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Text the response body must contain for the check to pass."},
		"interval": interval, "timeout": timeout,
		"actions": healthActionsAttribute(),
	}
}()

// healthChecksAttribute is a list of checks: the controller keeps their order and allows the
// same check twice, which a set could not hold.
func healthChecksAttribute(desc string, attrs map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{Optional: true, MarkdownDescription: desc + " At least one when set.",
		NestedObject: schema.NestedAttributeObject{Attributes: attrs, Validators: []validator.Object{timeoutWithinInterval{}}},
		Validators:   []validator.List{listvalidator.SizeAtLeast(1)},
	}
}

func actionsToAPI(op *framework.Op, l types.List) []ziticonfig.HealthAction {
	models := listToAPI[healthActionModel](op, l)
	if len(models) == 0 {
		return nil
	}
	out := make([]ziticonfig.HealthAction, len(models))
	for i, a := range models {
		out[i] = ziticonfig.HealthAction{Trigger: a.Trigger.ValueString(), ConsecutiveEvents: optionalInt64(a.ConsecutiveEvents),
			Duration: optionalString(a.Duration), Action: a.Action.ValueString()}
	}
	return out
}

func actionsFromAPI(op *framework.Op, actions []ziticonfig.HealthAction) types.List {
	models := make([]healthActionModel, len(actions))
	for i, a := range actions {
		models[i] = healthActionModel{Trigger: types.StringValue(a.Trigger), ConsecutiveEvents: types.Int64PointerValue(a.ConsecutiveEvents),
			Duration: types.StringPointerValue(a.Duration), Action: types.StringValue(a.Action)}
	}
	return listFromAPI(op, healthActionAttributes, models)
}

func portChecksToAPI(op *framework.Op, l types.List) []ziticonfig.PortCheck {
	var out []ziticonfig.PortCheck
	for _, c := range listToAPI[portCheckModel](op, l) {
		out = append(out, ziticonfig.PortCheck{Address: c.Address.ValueString(), Interval: c.Interval.ValueString(),
			Timeout: c.Timeout.ValueString(), Actions: actionsToAPI(op, c.Actions)})
	}
	return out
}

func portChecksFromAPI(op *framework.Op, checks []ziticonfig.PortCheck) types.List {
	models := make([]portCheckModel, len(checks))
	for i, c := range checks {
		models[i] = portCheckModel{Address: types.StringValue(c.Address), Interval: types.StringValue(c.Interval),
			Timeout: types.StringValue(c.Timeout), Actions: actionsFromAPI(op, c.Actions)}
	}
	return listFromAPI(op, portCheckAttributes, models)
}

func httpChecksToAPI(op *framework.Op, l types.List) []ziticonfig.HTTPCheck {
	var out []ziticonfig.HTTPCheck
	for _, c := range listToAPI[httpCheckModel](op, l) {
		out = append(out, ziticonfig.HTTPCheck{URL: c.URL.ValueString(), Method: optionalString(c.Method), Body: optionalString(c.Body),
			ExpectStatus: optionalInt64(c.ExpectStatus), ExpectInBody: optionalString(c.ExpectInBody),
			Interval: c.Interval.ValueString(), Timeout: c.Timeout.ValueString(), Actions: actionsToAPI(op, c.Actions)})
	}
	return out
}

func httpChecksFromAPI(op *framework.Op, checks []ziticonfig.HTTPCheck) types.List {
	models := make([]httpCheckModel, len(checks))
	for i, c := range checks {
		models[i] = httpCheckModel{URL: types.StringValue(c.URL), Method: types.StringPointerValue(c.Method), Body: types.StringPointerValue(c.Body),
			ExpectStatus: types.Int64PointerValue(c.ExpectStatus), ExpectInBody: types.StringPointerValue(c.ExpectInBody),
			Interval: types.StringValue(c.Interval), Timeout: types.StringValue(c.Timeout), Actions: actionsFromAPI(op, c.Actions)}
	}
	return listFromAPI(op, httpCheckAttributes, models)
}

const durationHint = "Units `h`, `m`, `s` and `ms` (e.g. `1m30s`, `500ms`)."

// parseHealthDuration is the duration s means to the hosting side (which parses it as a Go
// duration), or why the controller or the hosting side would refuse it.
func parseHealthDuration(s string) (time.Duration, string) {
	d, err := time.ParseDuration(s)
	if err != nil || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		return 0, fmt.Sprintf("%q is not a duration: write a number and a unit, e.g. 5s, 500ms or 1m30s", s)
	}
	units := durationUnit.FindAllString(s, -1)
	if len(units) == 0 {
		return 0, fmt.Sprintf("%q has no unit: write a number and a unit, e.g. %ss or %sms", s, s, s)
	}
	for _, unit := range units {
		switch unit {
		case "h", "m", "s", "ms":
		default:
			return 0, fmt.Sprintf("%q uses the unit %q, which the controller does not accept: use h, m, s or ms (e.g. %s)",
				s, unit, framework.FormatDuration(d.Round(time.Millisecond)))
		}
	}
	return d, ""
}

// healthDuration checks an interval, timeout or action duration.
func healthDuration(positive bool) framework.StringCheck {
	desc := "a duration in h, m, s or ms"
	if positive {
		desc = "a duration greater than 0 in h, m, s or ms"
	}
	return framework.StringCheck{Desc: desc, Summary: "Invalid duration", Check: func(s string) error {
		d, msg := parseHealthDuration(s)
		if msg == "" && positive && d <= 0 {
			msg = fmt.Sprintf("%q is not greater than 0: the hosting side refuses to run a check that never repeats or never waits; use e.g. 5s", s)
		}
		if msg != "" {
			return errors.New(msg)
		}
		return nil
	}}
}

// timeoutWithinInterval refuses a check whose timeout is longer than its interval: the next
// run would be due before the last one has failed.
type timeoutWithinInterval struct{}

func (timeoutWithinInterval) Description(context.Context) string {
	return "timeout must not be longer than interval"
}
func (v timeoutWithinInterval) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (timeoutWithinInterval) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	values := req.ConfigValue.Attributes()
	interval, ok1 := values["interval"].(basetypes.StringValue)
	timeout, ok2 := values["timeout"].(basetypes.StringValue)
	if !ok1 || !ok2 || interval.IsNull() || interval.IsUnknown() || timeout.IsNull() || timeout.IsUnknown() {
		return
	}
	i, msg1 := parseHealthDuration(interval.ValueString())
	t, msg2 := parseHealthDuration(timeout.ValueString())
	if msg1 != "" || msg2 != "" {
		return // the attributes' own validators report it
	}
	if t > i {
		resp.Diagnostics.AddAttributeError(req.Path.AtName("timeout"), "Timeout longer than interval",
			fmt.Sprintf("timeout (%s) is longer than interval (%s): a run must end before the next one is due. Shorten timeout or lengthen interval.",
				timeout.ValueString(), interval.ValueString()))
	}
}

// healthActionValidator accepts the actions the hosting side knows (healthActions).
var healthActionValidator = framework.StringCheck{Desc: "one of " + strings.Join(healthActions, ", "), Summary: "Invalid health check action",
	Check: func(s string) error {
		switch s {
		case "mark healthy", "mark unhealthy", "send event":
			return nil
		}
		if m := costAction.FindStringSubmatch(s); m != nil {
			if n, err := strconv.Atoi(m[2]); err == nil && n >= 1 && n <= 65535 {
				return nil
			}
			return fmt.Errorf("%q changes the cost by %s: the change must be from 1 to 65535.", s, m[2]) //nolint:staticcheck // ST1005: the text is the diagnostic's detail, a full sentence for users
		}
		return fmt.Errorf("%q is not an action the hosting side knows: write one of %s (N from 1 to 65535).", s, framework.QuotedList(healthActions)) //nolint:staticcheck // ST1005: the text is the diagnostic's detail, a full sentence for users
	}}

// hostPortValidator accepts "host:port" with a port from 1 to 65535.
var hostPortValidator = framework.StringCheck{Desc: "host:port, e.g. 127.0.0.1:8080", Summary: "Invalid host:port",
	Check: func(s string) error {
		host, port, err := net.SplitHostPort(s)
		if err == nil {
			if n, perr := strconv.Atoi(port); perr != nil || n < 1 || n > 65535 {
				err = fmt.Errorf("the port %q is not a number from 1 to 65535", port)
			} else if host == "" {
				err = fmt.Errorf("the host is empty")
			}
		}
		if err != nil {
			return fmt.Errorf("%q is not host:port (%v): write e.g. 127.0.0.1:8080, proxy.internal:3128 or [::1]:8080.", s, err) //nolint:staticcheck // ST1005: the text is the diagnostic's detail, a full sentence for users
		}
		return nil
	}}
