package composite

import (
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// DecodeConfig reads a config's data into its typed form (ziticonfig.InterceptV1, ...).
func DecodeConfig(d *rest_model.ConfigDetail, into any) bool {
	raw, err := json.Marshal(d.Data)
	return err == nil && json.Unmarshal(raw, into) == nil
}

// ExpandPorts lists the ports of ranges. It refuses absurd sizes (a range edited to 1-65535
// outside Terraform): the caller then keeps the state's ports and the apply rewrites them.
func ExpandPorts(ranges []ziticonfig.PortRange) ([]int64, bool) {
	var out []int64
	for _, r := range ranges {
		if r.High-r.Low > 1024 {
			return nil, false
		}
		for p := r.Low; p <= r.High; p++ {
			out = append(out, p)
		}
	}
	return out, true
}

// UserTags are an owned entity's tags without the ownership marks Tags adds.
func UserTags(op *framework.Op, tags *rest_model.Tags) types.Map {
	clean := &rest_model.Tags{SubTags: rest_model.SubTags{}}
	if tags != nil {
		for k, v := range tags.SubTags {
			switch k {
			case TagManagedBy, TagComposite, TagName, TagKey:
			default:
				clean.SubTags[k] = v
			}
		}
	}
	return framework.TagsFromAPI(op, clean)
}
