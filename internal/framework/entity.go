package framework

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Entity describes one controller entity type to the shared resource (Resource) and data
// sources (SingularDataSource, PluralDataSource): its words, its schema, its REST collection,
// and the Mapping that converts between its Terraform model M and the API's create (C),
// update (U) and detail (D) models. Adding an entity means writing one of these and a Mapping,
// never CRUD.
type Entity[M, C, U, D any] struct {
	// TypeName is the suffix after "ziti_" (e.g. "identity"); Plural names the plural data
	// source (e.g. "identities").
	TypeName, Plural string
	// Description is the resource's MarkdownDescription; the data sources derive theirs.
	Description string
	// Kind is how messages name the entity ("identity", "service policy").
	Kind string

	API client.Entities[C, U, D]

	// Attributes of the resource, without "id" (added by ResourceSchema).
	Attributes map[string]schema.Attribute
	Blocks     map[string]schema.Block

	// Fields maps API field names to attribute names where snake_case alone does not
	// (e.g. "configTypeId" -> "config_type"), for errors the controller raises on a field.
	Fields map[string]string

	// ResourceOnly are attributes that configure the resource rather than describe the entity
	// (e.g. whether a token is kept in the state): the data sources leave them out.
	ResourceOnly []string

	// AccessBearing entities grant or select access (identities, services, service
	// policies): after an update or delete, open connections that lost access are closed.
	AccessBearing bool

	// Mapping is the entity package's own named type; its methods are the code that runs.
	Mapping Mapping[M, C, U, D]
}

// Mapping is what each entity package implements, on a named type of its own (identity.mapping,
// policy.servicePolicy, ...), to convert between its Terraform model and the API. The shared
// CRUD calls these methods and nothing entity-specific besides (an entity's id and name it
// reads from the detail itself: client.KeysOf); optional steps are the WithValidateConfig,
// WithModifyPlan, WithAfterUpdate and WithListScope interfaces.
type Mapping[M, C, U, D any] interface {
	// ToCreate and ToUpdate build the API bodies from the planned model; they may resolve
	// references through op (e.g. role "@name" to "@id") and report errors into op.Diags.
	ToCreate(op *Op, plan *M) C
	ToUpdate(op *Op, plan *M) U
	// FromDetail writes what the controller holds into m. m holds the prior state or plan
	// (nil-valued fields on import and in data sources), so that user spellings (role
	// "@name", JSON formatting) survive when they mean the same thing as the controller's.
	FromDetail(op *Op, d D, m *M)
}

// WithValidateConfig is a Mapping that checks a configuration beyond what attribute
// validators can see (combinations of attributes), at validation time without a client.
type WithValidateConfig[M any] interface {
	ValidateConfig(ctx context.Context, m *M, diags *diag.Diagnostics)
}

// WithModifyPlan is a Mapping that adjusts the plan of an update (state and plan both
// exist). op.Client is nil when the provider is not configured yet.
type WithModifyPlan[M any] interface {
	ModifyPlan(op *Op, state, plan *M)
}

// WithPlanCheck is a Mapping that checks a plan against the controller, for creates and
// updates alike (e.g. that an entity it names by a literal name exists), so that the error
// shows at plan time instead of half-way through an apply. Unknown values are left to the
// apply; op.Client is never nil here (the check is skipped when the provider is not configured).
type WithPlanCheck[M any] interface {
	CheckPlan(op *Op, plan *M)
}

// WithWriteOnly is a Mapping with write-only attributes (OpenTofu 1.11+, Terraform 1.11+):
// before Create and Update it copies their values from the configuration into the plan model,
// for ToCreate/ToUpdate and the After steps. They never reach the state: FromDetail nulls them.
type WithWriteOnly[M any] interface {
	TakeWriteOnly(config, plan *M)
}

// WithAfterUpdate is a Mapping with a step after the PUT and before the read-back, for what
// a PUT cannot change (e.g. re-issuing an identity's expired enrollment).
type WithAfterUpdate[M any] interface {
	AfterUpdate(op *Op, state, plan *M)
}

// WithAfterCreate is a Mapping with a step after the POST and before the read-back, for what
// the create body cannot carry (e.g. disabling an identity).
type WithAfterCreate[M any] interface {
	AfterCreate(op *Op, id string, plan *M)
}

// WithExplainWriteError is a Mapping that explains a failed create or update better than the
// controller's answer does (e.g. a 404 that names no field), by looking at the plan only once
// the write has failed instead of checking before every write. It returns true when it added
// an error; otherwise the controller's error is reported as usual.
type WithExplainWriteError[M any] interface {
	ExplainWriteError(op *Op, plan *M, err error) bool
}

// WithListScope is a Mapping of an entity that shares its REST collection with others
// (configs of one config type in /configs): its data sources only search the scope, a ZitiQL
// predicate such as `type = "g7cIWbcGg"`. Lookups by id are left to FromDetail, which must
// reject an entity outside the scope with a clear error.
type WithListScope interface {
	ListScope(op *Op) (predicate string, ok bool)
}

// Base is the part every entity model embeds: the shared CRUD reaches the id and name through
// the EntityBase method it promotes to the model.
type Base struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	Tags types.Map    `tfsdk:"tags"`
}

// EntityBase is promoted to every model that embeds Base.
func (b *Base) EntityBase() *Base { return b }

// baseOf is the Base a model embeds. A model without one is a programming error that the
// provider's schema tests catch the moment the entity is registered (NewResource).
func baseOf[M any](m *M) *Base {
	withBase, ok := any(m).(interface{ EntityBase() *Base })
	if !ok {
		panic(fmt.Sprintf("entity model %T does not embed framework.Base", m))
	}
	return withBase.EntityBase()
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

// SetFromAPI writes what the controller holds of the base: id, name and tags.
func (b *Base) SetFromAPI(op *Op, id, name *string, tags *rest_model.Tags) {
	b.ID = types.StringValue(Deref(id))
	b.Name = types.StringValue(Deref(name))
	b.Tags = TagsFromAPI(op, tags)
}

// WithBaseAttributes adds the name and tags every entity has to its own attributes
// (ResourceSchema adds the id); an entity's own "name" (with more validators) wins.
// nameDescription says what the name is unique among and what it is used for.
func WithBaseAttributes(nameDescription string, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	out := map[string]schema.Attribute{
		"name": schema.StringAttribute{Required: true, MarkdownDescription: nameDescription,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
		"tags": TagsAttribute(),
	}
	maps.Copy(out, attrs)
	return out
}
