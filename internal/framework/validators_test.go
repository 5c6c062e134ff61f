package framework

import (
	"context"
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestStringCheck(t *testing.T) {
	v := StringCheck{Desc: "a word", Summary: "Invalid word", Check: func(s string) error {
		switch s {
		case "ok":
			return nil
		case "own":
			return Invalid{Summary: "Own title", Detail: "own detail"}
		}
		return errors.New("not a word: " + s)
	}}
	check := func(value types.String) (summary, detail string, n int) {
		var resp validator.StringResponse
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("w"), ConfigValue: value}, &resp)
		for _, d := range resp.Diagnostics.Errors() {
			summary, detail = d.Summary(), d.Detail()
		}
		return summary, detail, resp.Diagnostics.ErrorsCount()
	}
	for _, value := range []types.String{types.StringValue("ok"), types.StringNull(), types.StringUnknown()} {
		if _, _, n := check(value); n != 0 {
			t.Errorf("%v: %d errors, want none", value, n)
		}
	}
	if s, d, n := check(types.StringValue("x y")); n != 1 || s != "Invalid word" || d != "not a word: x y" {
		t.Errorf("refused value: %d errors, %q / %q", n, s, d)
	}
	if s, d, n := check(types.StringValue("own")); n != 1 || s != "Own title" || d != "own detail" {
		t.Errorf("Invalid error: %d errors, %q / %q", n, s, d)
	}
	if got := v.MarkdownDescription(context.Background()); got != "a word" {
		t.Errorf("description %q", got)
	}
}
