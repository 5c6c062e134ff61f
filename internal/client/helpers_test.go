package client

import "github.com/openziti/edge-api/rest_model"

func identityCreate(name string) *rest_model.IdentityCreate {
	t := rest_model.IdentityTypeDefault
	admin := false
	return &rest_model.IdentityCreate{Name: &name, Type: &t, IsAdmin: &admin}
}

func identityUpdate(name string) *rest_model.IdentityUpdate {
	t := rest_model.IdentityTypeDefault
	admin := false
	return &rest_model.IdentityUpdate{Name: &name, Type: &t, IsAdmin: &admin}
}
