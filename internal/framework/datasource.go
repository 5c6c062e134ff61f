package framework

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// SingularDataSource finds one entity by id, exact name, or ZitiQL filter.
type SingularDataSource[M, C, U, D any] struct {
	e    *Entity[M, C, U, D]
	data *ProviderData
}

// PluralDataSource lists the entities a ZitiQL filter matches, through every page.
type PluralDataSource[M, C, U, D any] struct {
	e    *Entity[M, C, U, D]
	data *ProviderData
}

// NewSingularDataSource is the constructor of ziti_<entity> (e.g. ziti_identity).
func NewSingularDataSource[M, C, U, D any](e *Entity[M, C, U, D]) func() datasource.DataSource {
	return func() datasource.DataSource { return &SingularDataSource[M, C, U, D]{e: e} }
}

// NewPluralDataSource is the constructor of ziti_<plural> (e.g. ziti_identities).
func NewPluralDataSource[M, C, U, D any](e *Entity[M, C, U, D]) func() datasource.DataSource {
	return func() datasource.DataSource { return &PluralDataSource[M, C, U, D]{e: e} }
}

var (
	_ datasource.DataSourceWithConfigValidators = (*SingularDataSource[struct{}, any, any, any])(nil)
	_ datasource.DataSourceWithConfigure        = (*PluralDataSource[struct{}, any, any, any])(nil)
)

func (d *SingularDataSource[M, C, U, D]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.e.TypeName
}

func (d *PluralDataSource[M, C, U, D]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.e.Plural
}

const filterDescription = "A ZitiQL filter, e.g. `name contains \"agent\"`, `anyOf(roleAttributes) = \"agents\"` or `tags.team = \"ml\"`."

// entityAttributes is the data source form of the resource's attributes (and blocks).
func (e *Entity[M, C, U, D]) entityAttributes() map[string]dsschema.Attribute {
	attrs := dataSourceAttributes(e.ResourceSchema().Attributes)
	dataSourceBlocksAsAttributes(e.Blocks, attrs)
	// Whether this configuration's last sweep failed is no fact about the entity, and neither
	// is how a resource is configured.
	delete(attrs, RevocationPendingAttributeName)
	for _, name := range e.ResourceOnly {
		delete(attrs, name)
	}
	return attrs
}

func (d *SingularDataSource[M, C, U, D]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := d.e.entityAttributes()
	for _, lookup := range []string{"id", "name"} {
		a, ok := attrs[lookup].(dsschema.StringAttribute)
		if !ok {
			panic(fmt.Sprintf("entity %s: %s is not a string attribute", d.e.TypeName, lookup))
		}
		a.Optional = true
		attrs[lookup] = a
	}
	attrs["filter"] = dsschema.StringAttribute{Optional: true, MarkdownDescription: filterDescription + " It must match exactly one " + d.e.Kind + "."}
	resp.Schema = dsschema.Schema{
		MarkdownDescription: fmt.Sprintf("Reads one %s by `id`, `name` or a ZitiQL `filter` (exactly one of them). It is an error when nothing or more than one %s matches.%s\n\n%s",
			d.e.Kind, d.e.Kind, d.e.omittedNote(), d.e.Description),
		Attributes: attrs,
	}
}

func (d *SingularDataSource[M, C, U, D]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"), path.MatchRoot("filter"))}
}

func (d *PluralDataSource[M, C, U, D]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dsschema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists the %s entities a ZitiQL filter matches (all when no filter), reading every page.%s", d.e.Kind, d.e.omittedNote()),
		Attributes: map[string]dsschema.Attribute{
			"filter": dsschema.StringAttribute{Optional: true, MarkdownDescription: filterDescription},
			"ids":    dsschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The ids of the matching entities, in the order of `" + d.e.Plural + "`."},
			d.e.Plural: dsschema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching entities, sorted by name.",
				NestedObject: dsschema.NestedAttributeObject{Attributes: d.e.entityAttributes()}},
		},
	}
}

func (d *SingularDataSource[M, C, U, D]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *PluralDataSource[M, C, U, D]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *SingularDataSource[M, C, U, D]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id, name, filter types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("filter"), &filter)...)
	c := d.data.Require(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	op := &Op{Ctx: ctx, Client: c, Diags: &resp.Diagnostics}
	var detail D
	switch {
	case !id.IsNull():
		var err error
		detail, err = d.e.API.Get(ctx, c, id.ValueString())
		if client.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "No such "+d.e.Kind, fmt.Sprintf("the controller has no %s with id %q", d.e.Kind, id.ValueString()))
			return
		}
		if err != nil {
			AddAPIError(op.Diags, "read", d.e.Kind, err)
			return
		}
	default:
		attrPath, scoped := path.Root("filter"), ""
		if name.IsNull() {
			var ok bool
			if scoped, ok = d.e.scopeQuery(op, filter.ValueString()); !ok {
				return
			}
		} else {
			// Names are unique across the whole collection: looked up unscoped, an entity
			// outside the scope is found and FromDetail says what it is (a host.v1 config asked
			// for as intercept.v1), instead of "nothing matches".
			attrPath, scoped = path.Root("name"), NameFilter(name.ValueString())
		}
		found, err := d.e.API.List(ctx, c, scoped)
		if err != nil {
			resp.Diagnostics.AddAttributeError(attrPath, "Cannot list "+d.e.Plural, err.Error())
			return
		}
		if len(found) != 1 {
			resp.Diagnostics.AddAttributeError(attrPath, fmt.Sprintf("Expected exactly one %s", d.e.Kind),
				fmt.Sprintf("%d match %s; narrow the filter, or use the %s_%s data source for several", len(found), scoped, "ziti", d.e.Plural))
			return
		}
		detail = found[0]
	}
	obj, _ := d.e.objectFromDetail(op, detail)
	if op.Failed() {
		return
	}
	for k, v := range obj.Attributes() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(k), v)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("filter"), filter)...)
}

func (d *PluralDataSource[M, C, U, D]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var filter types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("filter"), &filter)...)
	c := d.data.Require(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	op := &Op{Ctx: ctx, Client: c, Diags: &resp.Diagnostics}
	query := filter.ValueString()
	if !strings.Contains(strings.ToLower(query), "sort by") {
		if query == "" {
			query = "true"
		}
		query += " sort by name"
	}
	query, ok := d.e.scopeQuery(op, query)
	if !ok {
		return
	}
	found, err := d.e.API.List(ctx, c, query)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("filter"), "Cannot list "+d.e.Plural, err.Error())
		return
	}
	objects := make([]attr.Value, 0, len(found))
	ids := make([]attr.Value, 0, len(found))
	var elemType basetypes.ObjectType
	elemType.AttrTypes = d.e.objectAttrTypes(ctx)
	for _, detail := range found {
		object, id := d.e.objectFromDetail(op, detail)
		objects = append(objects, object)
		ids = append(ids, types.StringValue(id))
	}
	if op.Failed() {
		return
	}
	list, diags := types.ListValue(elemType, objects)
	resp.Diagnostics.Append(diags...)
	idList, diags := types.ListValue(types.StringType, ids)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("filter"), filter)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ids"), idList)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(d.e.Plural), list)...)
}

// omittedNote tells the reader which secrets of the resource the data sources leave out.
func (e *Entity[M, C, U, D]) omittedNote() string {
	var names []string
	for name, a := range e.ResourceSchema().Attributes {
		if OmittedFromDataSource(a) {
			names = append(names, "`"+name+"`")
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return fmt.Sprintf(" Secrets are never read into the state of a data source: %s (sensitive in the resource) is not an attribute here; "+
		"the resource that creates the %s holds it.", strings.Join(names, ", "), e.Kind)
}

// objectAttrTypes are the attribute types of the data source's entity object (the resource
// model's, without what the data sources omit).
func (e *Entity[M, C, U, D]) objectAttrTypes(_ context.Context) map[string]attr.Type {
	return dataSourceAttrTypes(e.entityAttributes())
}

// resourceAttrTypes are the attribute types of the entity's model.
func (e *Entity[M, C, U, D]) resourceAttrTypes() map[string]attr.Type {
	obj, ok := e.ResourceSchema().Type().(interface {
		AttributeTypes() map[string]attr.Type
	})
	if !ok {
		panic("entity " + e.TypeName + ": the resource schema is not an object type")
	}
	return obj.AttributeTypes()
}

// objectFromDetail maps a detail through the same FromDetail the resource uses, and keeps
// what the data source shows (no secrets: see OmittedFromDataSource); it returns the id too.
func (e *Entity[M, C, U, D]) objectFromDetail(op *Op, detail D) (types.Object, string) {
	var m M
	id, _ := client.KeysOf(detail)
	baseOf(&m).ID = types.StringValue(id)
	e.Mapping.FromDetail(op, detail, &m)
	full, diags := types.ObjectValueFrom(op.Ctx, e.resourceAttrTypes(), &m)
	op.Diags.Append(diags...)
	obj, _ := projectValue(op.Ctx, full, basetypes.ObjectType{AttrTypes: e.objectAttrTypes(op.Ctx)}, op.Diags).(basetypes.ObjectValue)
	return obj, id
}

// scopeQuery narrows a list query to the entity's scope (WithListScope), for entities that
// share their REST collection with others; other entities' queries pass through.
func (e *Entity[M, C, U, D]) scopeQuery(op *Op, query string) (string, bool) {
	scoper, ok := e.Mapping.(WithListScope)
	if !ok {
		return query, true
	}
	predicate, ok := scoper.ListScope(op)
	if !ok || op.Failed() {
		return "", false
	}
	return ScopeQuery(predicate, query), true
}

// ScopeQuery combines a scope predicate with a user's ZitiQL filter, which may end in
// `sort by`, `skip` and `limit` clauses: those must stay at the end of the query.
func ScopeQuery(scope, filter string) string {
	predicate, tail := splitQueryTail(filter)
	predicate = strings.TrimSpace(predicate)
	q := scope
	if predicate != "" && predicate != "true" {
		q += " and (" + predicate + ")"
	}
	if tail != "" {
		q += " " + tail
	}
	return q
}

// splitQueryTail splits a ZitiQL query before its first `sort by`, `skip` or `limit` clause
// outside string literals.
func splitQueryTail(q string) (predicate, tail string) {
	inString := false
	for i := 0; i < len(q); i++ {
		switch ch := q[i]; {
		case inString && ch == '\\':
			i++
		case ch == '"':
			inString = !inString
		case !inString && (i == 0 || q[i-1] == ' ' || q[i-1] == ')' || q[i-1] == '\t' || q[i-1] == '\n'):
			rest := strings.ToLower(q[i:])
			for _, kw := range []string{"sort by ", "skip ", "limit "} {
				if strings.HasPrefix(rest, kw) {
					return q[:i], strings.TrimSpace(q[i:])
				}
			}
		}
	}
	return q, ""
}
