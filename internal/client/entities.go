package client

import "github.com/openziti/edge-api/rest_model"

// The management API's entity collections, typed by edge-api's models.
var (
	Identities                = Entities[*rest_model.IdentityCreate, *rest_model.IdentityUpdate, *rest_model.IdentityDetail]{Path: "/identities"}
	Services                  = Entities[*rest_model.ServiceCreate, *rest_model.ServiceUpdate, *rest_model.ServiceDetail]{Path: "/services"}
	Configs                   = Entities[*rest_model.ConfigCreate, *rest_model.ConfigUpdate, *rest_model.ConfigDetail]{Path: "/configs"}
	ConfigTypes               = Entities[*rest_model.ConfigTypeCreate, *rest_model.ConfigTypeUpdate, *rest_model.ConfigTypeDetail]{Path: "/config-types"}
	ServicePolicies           = Entities[*rest_model.ServicePolicyCreate, *rest_model.ServicePolicyUpdate, *rest_model.ServicePolicyDetail]{Path: "/service-policies"}
	EdgeRouterPolicies        = Entities[*rest_model.EdgeRouterPolicyCreate, *rest_model.EdgeRouterPolicyUpdate, *rest_model.EdgeRouterPolicyDetail]{Path: "/edge-router-policies"}
	ServiceEdgeRouterPolicies = Entities[*rest_model.ServiceEdgeRouterPolicyCreate, *rest_model.ServiceEdgeRouterPolicyUpdate, *rest_model.ServiceEdgeRouterPolicyDetail]{Path: "/service-edge-router-policies"}
	EdgeRouters               = Entities[*rest_model.EdgeRouterCreate, *rest_model.EdgeRouterUpdate, *rest_model.EdgeRouterDetail]{Path: "/edge-routers"}
	AuthPolicies              = Entities[*rest_model.AuthPolicyCreate, *rest_model.AuthPolicyUpdate, *rest_model.AuthPolicyDetail]{Path: "/auth-policies"}
	CertificateAuthorities    = Entities[*rest_model.CaCreate, *rest_model.CaUpdate, *rest_model.CaDetail]{Path: "/cas"}
	// Posture checks are polymorphic on typeId; they are only looked up by reference so far.
	PostureChecks      = Entities[any, any, *rest_model.EntityRef]{Path: "/posture-checks"}
	ExternalJWTSigners = Entities[*rest_model.ExternalJWTSignerCreate, *rest_model.ExternalJWTSignerUpdate, *rest_model.ExternalJWTSignerDetail]{Path: "/external-jwt-signers"}
)
