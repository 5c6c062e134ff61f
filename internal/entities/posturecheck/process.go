package posturecheck

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Process is ziti_posture_check_process.
var Process = &framework.Entity[processModel, *rest_model.PostureCheckProcessCreate, *rest_model.PostureCheckProcessUpdate, *rest_model.PostureCheckProcessDetail]{
	TypeName: "posture_check_process",
	Plural:   "posture_checks_process",
	Kind:     "process posture check",
	Description: description("A process posture check: a given program (e.g. an endpoint protection agent) must be running on the dialing device, " +
		"optionally with one of the listed binary hashes and signed by a given certificate."),
	API:        collection[*rest_model.PostureCheckProcessCreate, *rest_model.PostureCheckProcessUpdate, *rest_model.PostureCheckProcessDetail](),
	Attributes: withBase(processAttributes(false)),
	Mapping:    processMapping{kind: kind[*rest_model.PostureCheckProcessDetail](rest_model.PostureCheckTypePROCESS)},
}

// ProcessMulti is ziti_posture_check_process_multi.
var ProcessMulti = &framework.Entity[processMultiModel, *rest_model.PostureCheckProcessMultiCreate, *rest_model.PostureCheckProcessMultiUpdate, *rest_model.PostureCheckProcessMultiDetail]{
	TypeName: "posture_check_process_multi",
	Plural:   "posture_checks_process_multi",
	Kind:     "multi-process posture check",
	Description: description("A multi-process posture check: all (`AllOf`) or any (`AnyOf`) of several programs must be running on the dialing device, " +
		"e.g. the endpoint protection agent on whichever operating system the device runs."),
	API: collection[*rest_model.PostureCheckProcessMultiCreate, *rest_model.PostureCheckProcessMultiUpdate, *rest_model.PostureCheckProcessMultiDetail](),
	Attributes: withBase(map[string]schema.Attribute{
		"semantic": schema.StringAttribute{Required: true, MarkdownDescription: "Whether every process must run (`AllOf`) or one is enough (`AnyOf`).",
			Validators: []validator.String{stringvalidator.OneOf(semantics...)}},
		"processes": schema.SetNestedAttribute{Required: true, MarkdownDescription: "The processes. At least one.",
			Validators:   []validator.Set{setvalidator.SizeAtLeast(1)},
			NestedObject: schema.NestedAttributeObject{Attributes: processAttributes(true)}},
	}),
	Mapping: processMultiMapping{kind: kind[*rest_model.PostureCheckProcessMultiDetail](rest_model.PostureCheckTypePROCESSMULTI)},
}

var semantics = []string{string(rest_model.SemanticAllOf), string(rest_model.SemanticAnyOf)}

// hexDigest is how the controller stores hashes and fingerprints: lower-case hex, no
// separators. Asking for that form keeps plans free of spelling differences.
var hexDigest = regexp.MustCompile(`^[0-9a-f]+$`)

func digests(what string) validator.Set {
	return setvalidator.ValueStringsAre(stringvalidator.RegexMatches(hexDigest, "must be a "+what+" in lower-case hex without separators"))
}

// processAttributes are one process's fields; multi-process checks allow several signer
// fingerprints per process, single ones one.
func processAttributes(multi bool) map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"os_type": schema.StringAttribute{Required: true, MarkdownDescription: "The operating system the process runs on: " + framework.QuotedList(osTypes) + ".",
			Validators: []validator.String{stringvalidator.OneOf(osTypes...)}},
		"path": schema.StringAttribute{Required: true, MarkdownDescription: "Full path of the program, e.g. `C:\\\\Program Files\\\\Agent\\\\agent.exe`.",
			Validators: []validator.String{framework.NonBlankValidator("must be the program's full path")}},
		"hashes": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType, Default: setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
			MarkdownDescription: "SHA-512 hashes of the allowed binaries (lower-case hex). Default: any binary at the path.", Validators: []validator.Set{digests("hash")}},
	}
	if multi {
		attrs["signer_fingerprints"] = schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType,
			Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
			MarkdownDescription: "SHA-1 fingerprints (lower-case hex) of the certificates the binary may be signed with. Default: any signer.", Validators: []validator.Set{digests("fingerprint")}}
	} else {
		attrs["signer_fingerprint"] = schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
			MarkdownDescription: "SHA-1 fingerprint (lower-case hex) of the certificate the binary must be signed with. Default: any signer.",
			Validators:          []validator.String{stringvalidator.Any(stringvalidator.OneOf(""), stringvalidator.RegexMatches(hexDigest, "must be lower-case hex without separators"))}}
	}
	return attrs
}

type processModel struct {
	base
	OSType            types.String `tfsdk:"os_type"`
	Path              types.String `tfsdk:"path"`
	Hashes            types.Set    `tfsdk:"hashes"`
	SignerFingerprint types.String `tfsdk:"signer_fingerprint"`
}

type processMapping struct {
	kind[*rest_model.PostureCheckProcessDetail]
}

func processToAPI(op *framework.Op, m *processModel) *rest_model.Process {
	osType := rest_model.OsType(m.OSType.ValueString())
	return &rest_model.Process{OsType: &osType, Path: m.Path.ValueStringPointer(), Hashes: nonNil(framework.StringsFromSet(op, m.Hashes)),
		SignerFingerprint: m.SignerFingerprint.ValueString()}
}
func (x processMapping) ToCreate(op *framework.Op, m *processModel) *rest_model.PostureCheckProcessCreate {
	c := rest_model.PostureCheckProcessCreate(*x.ToUpdate(op, m))
	return &c
}
func (processMapping) ToUpdate(op *framework.Op, m *processModel) *rest_model.PostureCheckProcessUpdate {
	return withBaseFields(op, &m.base, &rest_model.PostureCheckProcessUpdate{Process: processToAPI(op, m)})
}
func (processMapping) FromDetail(op *framework.Op, d *rest_model.PostureCheckProcessDetail, m *processModel) {
	readBase(op, d, &m.base)
	p := d.Process
	if p == nil {
		p = &rest_model.Process{}
	}
	m.OSType = types.StringValue(string(framework.Deref(p.OsType)))
	m.Path = types.StringValue(framework.Deref(p.Path))
	m.Hashes = framework.SetFromStrings(op, p.Hashes)
	m.SignerFingerprint = types.StringValue(p.SignerFingerprint)
}

type processMultiModel struct {
	base
	Semantic  types.String   `tfsdk:"semantic"`
	Processes []processEntry `tfsdk:"processes"`
}

type processEntry struct {
	OSType             types.String `tfsdk:"os_type"`
	Path               types.String `tfsdk:"path"`
	Hashes             types.Set    `tfsdk:"hashes"`
	SignerFingerprints types.Set    `tfsdk:"signer_fingerprints"`
}

type processMultiMapping struct {
	kind[*rest_model.PostureCheckProcessMultiDetail]
}

func processesToAPI(op *framework.Op, m *processMultiModel) (*rest_model.Semantic, []*rest_model.ProcessMulti) {
	semantic := rest_model.Semantic(m.Semantic.ValueString())
	out := make([]*rest_model.ProcessMulti, 0, len(m.Processes))
	for _, p := range m.Processes {
		osType := rest_model.OsType(p.OSType.ValueString())
		out = append(out, &rest_model.ProcessMulti{OsType: &osType, Path: p.Path.ValueStringPointer(),
			Hashes: nonNil(framework.StringsFromSet(op, p.Hashes)), SignerFingerprints: nonNil(framework.StringsFromSet(op, p.SignerFingerprints))})
	}
	return &semantic, out
}
func (x processMultiMapping) ToCreate(op *framework.Op, m *processMultiModel) *rest_model.PostureCheckProcessMultiCreate {
	c := rest_model.PostureCheckProcessMultiCreate(*x.ToUpdate(op, m))
	return &c
}
func (processMultiMapping) ToUpdate(op *framework.Op, m *processMultiModel) *rest_model.PostureCheckProcessMultiUpdate {
	semantic, processes := processesToAPI(op, m)
	return withBaseFields(op, &m.base, &rest_model.PostureCheckProcessMultiUpdate{Semantic: semantic, Processes: processes})
}
func (processMultiMapping) FromDetail(op *framework.Op, d *rest_model.PostureCheckProcessMultiDetail, m *processMultiModel) {
	readBase(op, d, &m.base)
	m.Semantic = types.StringValue(string(framework.Deref(d.Semantic)))
	m.Processes = make([]processEntry, 0, len(d.Processes))
	for _, p := range d.Processes {
		m.Processes = append(m.Processes, processEntry{OSType: types.StringValue(string(framework.Deref(p.OsType))), Path: types.StringValue(framework.Deref(p.Path)),
			Hashes: framework.SetFromStrings(op, p.Hashes), SignerFingerprints: framework.SetFromStrings(op, p.SignerFingerprints)})
	}
}

// nonNil sends an empty list rather than null: PUT replaces the check.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
