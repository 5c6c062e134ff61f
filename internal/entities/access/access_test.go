package access

import (
	"testing"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// collect reads every page, asking for each at the offset after the last entry it received,
// and stops on a short page or when the controller's total is reached.
func TestCollectPages(t *testing.T) {
	for _, total := range []int{0, 1, client.PageSize - 1, client.PageSize, client.PageSize + 1, 2*client.PageSize + 7} {
		var offsets []int64
		got, err := collect(func(offset int64) ([]int, *rest_model.Meta, error) {
			offsets = append(offsets, offset)
			n := min(int64(client.PageSize), int64(total)-offset)
			page := make([]int, n)
			for i := range page {
				page[i] = int(offset) + i
			}
			tc := int64(total)
			return page, &rest_model.Meta{Pagination: &rest_model.Pagination{TotalCount: &tc}}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != total {
			t.Errorf("total %d: collected %d", total, len(got))
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("total %d: entry %d is %d", total, i, v)
			}
		}
		wantCalls := total/client.PageSize + 1
		if total > 0 && total%client.PageSize == 0 {
			wantCalls = total / client.PageSize // the total says the last full page was the end
		}
		if len(offsets) != wantCalls {
			t.Errorf("total %d: %d requests at offsets %v, want %d", total, len(offsets), offsets, wantCalls)
		}
	}
}
