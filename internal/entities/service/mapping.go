package service

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Entity describes services to the shared resource and data source machinery.
var Entity = &framework.Entity[model, *rest_model.ServiceCreate, *rest_model.ServiceUpdate, *rest_model.ServiceDetail]{
	TypeName: "service",
	Plural:   "services",
	Kind:     "service",
	Description: "A service on the OpenZiti overlay: something agents dial by name, such as an LLM proxy, a gateway or a customer's database. " +
		"Nobody can reach it until a Dial service policy grants it, and nothing serves it until an identity or router hosts it (Bind policy and a `host.v1` config). " +
		"Configs attached to it (`intercept.v1`, `host.v1`) say which address clients capture and where the hosting side sends the traffic.",
	API:        client.Services,
	Attributes: attributes(),
	// A service's name and role attributes select it in policies: changing them can take
	// access away, so open connections that lost it are closed.
	AccessBearing: true,
	Mapping:       mapping{},
}

// mapping converts between ziti_service's model and the API's service.
type mapping struct{}

func (x mapping) ToCreate(op *framework.Op, m *model) *rest_model.ServiceCreate {
	u := x.ToUpdate(op, m)
	return &rest_model.ServiceCreate{
		Name: u.Name, RoleAttributes: u.RoleAttributes, Configs: u.Configs, EncryptionRequired: m.EncryptionRequired.ValueBoolPointer(),
		TerminatorStrategy: u.TerminatorStrategy, MaxIdleTimeMillis: u.MaxIdleTimeMillis, Tags: u.Tags,
	}
}

// ToUpdate builds the PUT body. PUT replaces the whole service, so every list is sent even
// when empty (to clear it). EncryptionRequired is a plain bool with omitempty in the update
// model: false is left out, which the controller reads as false, so the PUT still turns it off.
func (mapping) ToUpdate(op *framework.Op, m *model) *rest_model.ServiceUpdate {
	attrs := framework.StringsFromSet(op, m.RoleAttributes)
	if attrs == nil {
		attrs = []string{}
	}
	return &rest_model.ServiceUpdate{
		Name:               m.Name.ValueStringPointer(),
		RoleAttributes:     attrs,
		Configs:            configIDs(op, m),
		EncryptionRequired: m.EncryptionRequired.ValueBool(),
		TerminatorStrategy: m.TerminatorStrategy.ValueString(),
		MaxIdleTimeMillis:  framework.DurationValue(m.MaxIdleTime).Milliseconds(),
		Tags:               framework.TagsToAPI(op, m.Tags),
	}
}

// configIDs is the body's configs: never nil, as PUT must clear a list that became empty.
func configIDs(op *framework.Op, m *model) []string {
	ids := framework.StringsFromSet(op, m.Configs)
	if ids == nil {
		return []string{}
	}
	return ids
}

// ExplainWriteError reports config ids the controller does not know on `configs`: the
// controller answers an unknown config id with a 404 that names no field. Checked (one
// request) only once a write has failed with a 404, not before every write.
func (mapping) ExplainWriteError(op *framework.Op, m *model, err error) bool {
	if !client.IsNotFound(err) {
		return false
	}
	ids := configIDs(op, m)
	if len(ids) == 0 {
		return false
	}
	known := framework.NamesByID(op, framework.Configs, ids)
	var missing []string
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			missing = append(missing, fmt.Sprintf("%q", id))
		}
	}
	if len(missing) == 0 || op.Failed() {
		return op.Failed()
	}
	op.Diags.AddAttributeError(path.Root("configs"), "Unknown config",
		fmt.Sprintf("No config has the id %s. configs takes config ids: reference the config's resource (ziti_config.x.id) so that Terraform creates it first, "+
			"or look it up with the ziti_config data source.", strings.Join(missing, ", ")))
	return true
}

func (mapping) FromDetail(op *framework.Op, d *rest_model.ServiceDetail, m *model) {
	m.SetFromAPI(op, d.ID, d.Name, d.Tags)
	var attrs []string
	if d.RoleAttributes != nil {
		attrs = *d.RoleAttributes
	}
	m.RoleAttributes = framework.SetFromStrings(op, attrs)
	m.Configs = framework.SetFromStrings(op, d.Configs)
	m.EncryptionRequired = types.BoolValue(framework.Deref(d.EncryptionRequired))
	strategy := framework.Deref(d.TerminatorStrategy)
	if strategy == "" {
		strategy = defaultTerminatorStrategy
	}
	m.TerminatorStrategy = types.StringValue(strategy)
	m.MaxIdleTime = framework.DurationFromAPI(time.Duration(framework.Deref(d.MaxIdleTimeMillis))*time.Millisecond, m.MaxIdleTime)
}
