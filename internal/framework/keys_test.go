package framework

import (
	"testing"

	"github.com/openziti/edge-api/rest_model"
)

func TestKeysOfReadsEveryKindOfDetail(t *testing.T) {
	id, name := "id-1", "agent-1"
	mac := &rest_model.PostureCheckMacAddressDetail{}
	mac.SetID(&id)
	mac.SetName(&name)
	cases := map[string]any{
		"identity (BaseEntity.ID, Name)": &rest_model.IdentityDetail{BaseEntity: rest_model.BaseEntity{ID: &id}, Name: &name},
		"config":                         &rest_model.ConfigDetail{BaseEntity: rest_model.BaseEntity{ID: &id}, Name: &name},
		"posture check (methods)":        mac,
	}
	for what, d := range cases {
		if gotID, gotName := keysOf(d); gotID != id || gotName != name {
			t.Errorf("%s: keys %q, %q; want %q, %q", what, gotID, gotName, id, name)
		}
	}
	if gotID, gotName := keysOf(&rest_model.ServiceDetail{}); gotID != "" || gotName != "" {
		t.Errorf("a detail without id or name: keys %q, %q; want empty", gotID, gotName)
	}
}

// keysOf runs on every read-back and data-source row: it must cost nothing next to a request.
func BenchmarkKeysOf(b *testing.B) {
	id, name := "id-1", "agent-1"
	d := &rest_model.IdentityDetail{BaseEntity: rest_model.BaseEntity{ID: &id}, Name: &name}
	for b.Loop() {
		if gotID, _ := keysOf(d); gotID != id {
			b.Fatal(gotID)
		}
	}
}
