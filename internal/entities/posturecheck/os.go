package posturecheck

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// OS is ziti_posture_check_os.
var OS = &framework.Entity[osModel, *rest_model.PostureCheckOperatingSystemCreate, *rest_model.PostureCheckOperatingSystemUpdate, *rest_model.PostureCheckOperatingSystemDetail]{
	TypeName: "posture_check_os",
	Plural:   "posture_checks_os",
	Kind:     "OS posture check",
	Description: description("An operating system posture check: the dialing device must run one of the listed operating systems, at a version in one of its ranges " +
		"(e.g. only patched Windows and macOS laptops reach the admin console)."),
	API:        collection[*rest_model.PostureCheckOperatingSystemCreate, *rest_model.PostureCheckOperatingSystemUpdate, *rest_model.PostureCheckOperatingSystemDetail](),
	Attributes: osAttributes(),
	Fields:     map[string]string{"operatingSystems": "operating_systems"},
	Mapping:    osMapping{kind: kind[*rest_model.PostureCheckOperatingSystemDetail](rest_model.PostureCheckTypeOS)},
}

type osModel struct {
	base
	OperatingSystems []osEntry `tfsdk:"operating_systems"`
}

type osEntry struct {
	Type     types.String `tfsdk:"type"`
	Versions types.Set    `tfsdk:"versions"`
}

// osTypes are the operating systems the controller knows (rest_model.OsType).
var osTypes = []string{string(rest_model.OsTypeWindows), string(rest_model.OsTypeWindowsServer), string(rest_model.OsTypeAndroid),
	string(rest_model.OsTypeIOS), string(rest_model.OsTypeLinux), string(rest_model.OsTypeMacOS)}

func osAttributes() map[string]schema.Attribute {
	return withBase(map[string]schema.Attribute{
		"operating_systems": schema.SetNestedAttribute{Required: true,
			MarkdownDescription: "The operating systems allowed, each with the versions allowed. A device passes when it runs one of them at one of its versions.",
			Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"type": schema.StringAttribute{Required: true, MarkdownDescription: "The operating system: " + framework.QuotedList(osTypes) + ".",
					Validators: []validator.String{stringvalidator.OneOf(osTypes...)}},
				"versions": schema.SetAttribute{Required: true, ElementType: types.StringType,
					MarkdownDescription: "Version ranges in semver range syntax, e.g. `>=10.0.19045` or `>=13.0.0 <15.0.0` (a space means and, `||` means or); " +
						"a device passes with a version in any of them. `[]` allows every version.",
					Validators: []validator.Set{setvalidator.ValueStringsAre(versionRangeValidator)}},
			}}},
	})
}

type osMapping struct {
	kind[*rest_model.PostureCheckOperatingSystemDetail]
}

func (x osMapping) ToCreate(op *framework.Op, m *osModel) *rest_model.PostureCheckOperatingSystemCreate {
	c := rest_model.PostureCheckOperatingSystemCreate(*x.ToUpdate(op, m))
	return &c
}

func (osMapping) ToUpdate(op *framework.Op, m *osModel) *rest_model.PostureCheckOperatingSystemUpdate {
	body := withBaseFields(op, &m.base, &rest_model.PostureCheckOperatingSystemUpdate{})
	for _, e := range m.OperatingSystems {
		osType := rest_model.OsType(e.Type.ValueString())
		versions := framework.StringsFromSet(op, e.Versions)
		if versions == nil {
			versions = []string{}
		}
		body.OperatingSystems = append(body.OperatingSystems, &rest_model.OperatingSystem{Type: &osType, Versions: versions})
	}
	return body
}

func (osMapping) FromDetail(op *framework.Op, d *rest_model.PostureCheckOperatingSystemDetail, m *osModel) {
	readBase(op, d, &m.base)
	m.OperatingSystems = make([]osEntry, 0, len(d.OperatingSystems))
	for _, o := range d.OperatingSystems {
		m.OperatingSystems = append(m.OperatingSystems, osEntry{Type: types.StringValue(string(framework.Deref(o.Type))),
			Versions: framework.SetFromStrings(op, o.Versions)})
	}
}
