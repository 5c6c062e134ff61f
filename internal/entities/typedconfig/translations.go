package typedconfig

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// host.v1's forwardAddressTranslations. The controller checks each address's format, but not
// that both sides are of one family or that the prefix fits it; the hosting side then drops the
// whole service ("failed to parse ... address translation"), so both are checked at plan time.

func translationsToAPI(op *framework.Op, s types.Set) []ziticonfig.AddressTranslation {
	var models []addressTranslationModel
	if !s.IsNull() && !s.IsUnknown() {
		op.Diags.Append(s.ElementsAs(op.Ctx, &models, false)...)
	}
	var out []ziticonfig.AddressTranslation
	for _, m := range models {
		out = append(out, ziticonfig.AddressTranslation{From: m.From.ValueString(), To: m.To.ValueString(), PrefixLength: m.PrefixLength.ValueInt64()})
	}
	return out
}

func translationsFromAPI(op *framework.Op, ts []ziticonfig.AddressTranslation) types.Set {
	elem := types.ObjectType{AttrTypes: attrTypes(addressTranslationAttributes)}
	if len(ts) == 0 {
		return types.SetNull(elem)
	}
	models := make([]addressTranslationModel, len(ts))
	for i, t := range ts {
		models[i] = addressTranslationModel{From: types.StringValue(t.From), To: types.StringValue(t.To), PrefixLength: types.Int64Value(t.PrefixLength)}
	}
	s, diags := types.SetValueFrom(op.Ctx, elem, models)
	op.Diags.Append(diags...)
	return s
}

// ipValidator accepts an IPv4 or IPv6 address without a prefix length.
var ipValidator = framework.StringCheck{Desc: "an IPv4 or IPv6 address", Summary: "Invalid IP address", Check: func(s string) error {
	if _, err := netip.ParseAddr(s); err != nil {
		return fmt.Errorf("%q is not an IP address: write the network's address alone (e.g. 10.0.0.0) and its length in prefix_length.", s) //nolint:staticcheck // ST1005: the text is the diagnostic's detail, a full sentence for users
	}
	return nil
}}

// translationValidator checks one translation as a whole: both addresses of one family, and a
// prefix length that fits it.
var translationValidator = objectCheck[addressTranslationModel]{desc: "from and to of one address family, prefix_length within it",
	check: func(m addressTranslationModel, at path.Path, diags *diag.Diagnostics) {
		if m.From.IsNull() || m.From.IsUnknown() || m.To.IsNull() || m.To.IsUnknown() {
			return
		}
		from, err1 := netip.ParseAddr(m.From.ValueString())
		to, err2 := netip.ParseAddr(m.To.ValueString())
		if err1 != nil || err2 != nil {
			return // ipValidator reports it
		}
		if from.Is4() != to.Is4() {
			diags.AddAttributeError(at.AtName("to"), "Address families differ",
				fmt.Sprintf("from (%s) and to (%s) are not of the same family: translate IPv4 to IPv4 or IPv6 to IPv6.", from, to))
			return
		}
		if m.PrefixLength.IsNull() || m.PrefixLength.IsUnknown() {
			return
		}
		if n := m.PrefixLength.ValueInt64(); n > int64(from.BitLen()) {
			diags.AddAttributeError(at.AtName("prefix_length"), "Prefix too long",
				fmt.Sprintf("prefix_length %d is longer than an IPv%d address (%d bits): use 0 to %d.", n, map[bool]int{true: 4, false: 6}[from.Is4()], from.BitLen(), from.BitLen()))
		}
	}}
