package ziticonfig

import (
	"reflect"
	"testing"
)

func TestRangesForPorts(t *testing.T) {
	got := RangesForPorts([]int64{8443, 443, 444, 5432, 445})
	want := []PortRange{{443, 445}, {5432, 5432}, {8443, 8443}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if RangesForPorts(nil) != nil {
		t.Fatal("no ports must give no ranges")
	}
}
