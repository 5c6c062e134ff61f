package client

import "github.com/openziti/edge-api/rest_model"

// The management API's entity collections, typed by edge-api's models.
var (
	Identities = Entities[*rest_model.IdentityCreate, *rest_model.IdentityUpdate, *rest_model.IdentityDetail]{Path: "/identities"}
)
