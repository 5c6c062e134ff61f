package client

import (
	"testing"

	"github.com/openziti/edge-api/rest_model"
)

func TestKeysOfReadsEveryKindOfModel(t *testing.T) {
	id, name := "id-1", "agent-1"
	mac := &rest_model.PostureCheckMacAddressDetail{}
	mac.SetID(&id)
	mac.SetName(&name)
	cases := map[string]struct {
		model  any
		wantID string
	}{
		"identity (BaseEntity.ID, Name)": {&rest_model.IdentityDetail{BaseEntity: rest_model.BaseEntity{ID: &id}, Name: &name}, id},
		"config":                         {&rest_model.ConfigDetail{BaseEntity: rest_model.BaseEntity{ID: &id}, Name: &name}, id},
		"posture check (methods)":        {mac, id},
		"create body (no id yet)":        {&rest_model.ServiceCreate{Name: &name}, ""},
	}
	for what, c := range cases {
		if gotID, gotName := KeysOf(c.model); gotID != c.wantID || gotName != name {
			t.Errorf("%s: keys %q, %q; want %q, %q", what, gotID, gotName, c.wantID, name)
		}
	}
	if gotID, gotName := KeysOf(&rest_model.ServiceDetail{}); gotID != "" || gotName != "" {
		t.Errorf("a detail without id or name: keys %q, %q; want empty", gotID, gotName)
	}
}

// KeysOf runs on every read-back and data-source row: it must cost nothing next to a request.
func BenchmarkKeysOf(b *testing.B) {
	id, name := "id-1", "agent-1"
	d := &rest_model.IdentityDetail{BaseEntity: rest_model.BaseEntity{ID: &id}, Name: &name}
	for b.Loop() {
		if gotID, _ := KeysOf(d); gotID != id {
			b.Fatal(gotID)
		}
	}
}
