package posturecheck

import (
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// MAC is ziti_posture_check_mac.
var MAC = &framework.Entity[macModel, *rest_model.PostureCheckMacAddressCreate, *rest_model.PostureCheckMacAddressUpdate, *rest_model.PostureCheckMacAddressDetail]{
	TypeName:    "posture_check_mac",
	Plural:      "posture_checks_mac",
	Kind:        "MAC posture check",
	Description: description("A MAC address posture check: the dialing device must have a network interface with one of the listed MAC addresses (a known machine)."),
	API:         collection[*rest_model.PostureCheckMacAddressCreate, *rest_model.PostureCheckMacAddressUpdate, *rest_model.PostureCheckMacAddressDetail](),
	Attributes: withBase(map[string]schema.Attribute{"mac_addresses": valuesAttribute(
		"The MAC addresses allowed, e.g. `00:1a:2b:3c:4d:5e`. A device passes with any of them. The controller stores them lower case without separators (`001a2b3c4d5e`): "+
			"the state keeps your spelling, an import shows the controller's.",
		stringvalidator.RegexMatches(macPattern, "must be a MAC address of six hex pairs separated by : or -, such as 00:1a:2b:3c:4d:5e"))}),
	Fields:  map[string]string{"macAddresses": "mac_addresses"},
	Mapping: macMapping{kind: kind[*rest_model.PostureCheckMacAddressDetail](rest_model.PostureCheckTypeMAC)},
}

// Domain is ziti_posture_check_domain.
var Domain = &framework.Entity[domainModel, *rest_model.PostureCheckDomainCreate, *rest_model.PostureCheckDomainUpdate, *rest_model.PostureCheckDomainDetail]{
	TypeName:    "posture_check_domain",
	Plural:      "posture_checks_domain",
	Kind:        "domain posture check",
	Description: description("A Windows domain posture check: the dialing device must be joined to one of the listed Windows domains (a managed machine)."),
	API:         collection[*rest_model.PostureCheckDomainCreate, *rest_model.PostureCheckDomainUpdate, *rest_model.PostureCheckDomainDetail](),
	Attributes: withBase(map[string]schema.Attribute{"domains": valuesAttribute(
		"The Windows domains allowed, e.g. `CORP`. A device passes when joined to any of them.",
		framework.NonBlankValidator("must name a Windows domain"))}),
	Mapping: domainMapping{kind: kind[*rest_model.PostureCheckDomainDetail](rest_model.PostureCheckTypeDOMAIN)},
}

var macPattern = regexp.MustCompile(`^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$`)

// valuesAttribute is the one list a MAC or domain check holds.
func valuesAttribute(description string, each validator.String) schema.SetAttribute {
	return schema.SetAttribute{Required: true, ElementType: types.StringType, MarkdownDescription: description + " At least one.",
		Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(each)}}
}

type macModel struct {
	base
	MACAddresses types.Set `tfsdk:"mac_addresses"`
}

type macMapping struct {
	kind[*rest_model.PostureCheckMacAddressDetail]
}

func (x macMapping) ToCreate(op *framework.Op, m *macModel) *rest_model.PostureCheckMacAddressCreate {
	c := rest_model.PostureCheckMacAddressCreate(*x.ToUpdate(op, m))
	return &c
}
func (macMapping) ToUpdate(op *framework.Op, m *macModel) *rest_model.PostureCheckMacAddressUpdate {
	return withBaseFields(op, &m.base, &rest_model.PostureCheckMacAddressUpdate{MacAddresses: framework.StringsFromSet(op, m.MACAddresses)})
}
func (macMapping) FromDetail(op *framework.Op, d *rest_model.PostureCheckMacAddressDetail, m *macModel) {
	readBase(op, d, &m.base)
	m.MACAddresses = framework.SetFromStrings(op, keepMACSpelling(d.MacAddresses, framework.StringsFromSet(op, m.MACAddresses)))
}

// keepMACSpelling keeps the user's spelling of each MAC address the controller holds: it
// stores them lower case without separators (00:1A:2B:... -> 001a2b...).
func keepMACSpelling(stored, written []string) []string {
	byClean := map[string]string{}
	for _, w := range written {
		byClean[cleanMAC(w)] = w
	}
	out := make([]string, len(stored))
	for i, s := range stored {
		out[i] = s
		if w, ok := byClean[cleanMAC(s)]; ok {
			out[i] = w
		}
	}
	return out
}

var notHex = regexp.MustCompile(`[^a-f0-9]+`)

// cleanMAC is the controller's form of a MAC address (model.CleanHexString).
func cleanMAC(s string) string { return notHex.ReplaceAllString(strings.ToLower(s), "") }

type domainModel struct {
	base
	Domains types.Set `tfsdk:"domains"`
}

type domainMapping struct {
	kind[*rest_model.PostureCheckDomainDetail]
}

func (x domainMapping) ToCreate(op *framework.Op, m *domainModel) *rest_model.PostureCheckDomainCreate {
	c := rest_model.PostureCheckDomainCreate(*x.ToUpdate(op, m))
	return &c
}
func (domainMapping) ToUpdate(op *framework.Op, m *domainModel) *rest_model.PostureCheckDomainUpdate {
	return withBaseFields(op, &m.base, &rest_model.PostureCheckDomainUpdate{Domains: framework.StringsFromSet(op, m.Domains)})
}
func (domainMapping) FromDetail(op *framework.Op, d *rest_model.PostureCheckDomainDetail, m *domainModel) {
	readBase(op, d, &m.base)
	m.Domains = framework.SetFromStrings(op, d.Domains)
}
