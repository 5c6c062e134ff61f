package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Entity describes one controller entity to the shared resource and data source code: its
// schema, its REST collection, and how its Terraform model M maps to the API's create (C),
// update (U) and detail (D) models. Adding an entity means writing one of these, not CRUD.
type Entity[M, C, U, D any] struct {
	// TypeName is the suffix after "ziti_" (e.g. "identity"); Plural names the plural data
	// source (e.g. "identities").
	TypeName, Plural string
	// Description is the resource's MarkdownDescription; the data sources derive theirs.
	Description string
	// Kind is how messages name the entity ("identity", "service policy").
	Kind string

	API client.Entities[C, U, D]

	// Attributes of the resource, without "id" (added by the framework).
	Attributes map[string]schema.Attribute
	Blocks     map[string]schema.Block

	// Fields maps API field names to attribute names where snake_case alone does not
	// (e.g. "configTypeId" -> "config_type"), for errors the controller raises on a field.
	Fields map[string]string

	// ID gives access to the model's id field.
	ID func(m *M) *types.String
	// Name reads the model's name and the detail's, to detect a write the controller ignored
	// (it answers 200 to a rename onto an existing name and keeps the old one).
	Name       func(m *M) types.String
	DetailName func(d D) string
	DetailID   func(d D) string

	// ToCreate and ToUpdate build the API bodies from the planned model; they may resolve
	// references through op (e.g. role "@name" to "@id").
	ToCreate func(op *Op, plan *M) C
	ToUpdate func(op *Op, plan *M) U
	// FromDetail writes what the controller holds into m. m holds the prior state or plan
	// (nil-valued fields on import), so that user spellings (role "@name", JSON formatting)
	// survive when they mean the same thing as the controller's.
	FromDetail func(op *Op, d D, m *M)

	// AccessBearing entities grant or select access (identities, services, service
	// policies): after an update or delete, open connections that lost access are closed.
	AccessBearing bool

	// Optional hooks.
	ValidateConfig func(ctx context.Context, m *M, diags *diag.Diagnostics)
	ModifyPlan     func(op *Op, state, plan *M)
	// AfterUpdate runs after the PUT and before the read-back, for what a PUT cannot change
	// (e.g. re-issuing an identity's expired enrollment).
	AfterUpdate func(op *Op, state, plan *M)
}

// Op is the context of one operation: the request context, the client (nil during
// validation), and the diagnostics to report into.
type Op struct {
	Ctx    context.Context
	Client *client.Client
	Diags  *diag.Diagnostics
}

// Failed reports whether an error diagnostic was added.
func (op *Op) Failed() bool { return op.Diags.HasError() }
