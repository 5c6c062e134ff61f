package framework

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ListScope narrows an entity's data source lists to part of its REST collection, for entities
// that share one collection with others (configs of one config type in /configs, posture checks
// of one type in /posture-checks). It returns a ZitiQL predicate such as `type = "g7cIWbcGg"`,
// and may look things up through op (false when it reported an error).
type ListScope func(op *Op) (string, bool)

// NewScopedSingularDataSource is NewSingularDataSource whose `filter` only searches the scope.
// Lookups by id or name are left to the entity's FromDetail, which must reject an entity
// outside the scope with a clear error.
func NewScopedSingularDataSource[M, C, U, D any](e *Entity[M, C, U, D], scope ListScope) func() datasource.DataSource {
	return func() datasource.DataSource {
		return &scopedSingularDataSource[M, C, U, D]{SingularDataSource: &SingularDataSource[M, C, U, D]{e: e}, scope: scope}
	}
}

// NewScopedPluralDataSource is NewPluralDataSource listing only the scope.
func NewScopedPluralDataSource[M, C, U, D any](e *Entity[M, C, U, D], scope ListScope) func() datasource.DataSource {
	return func() datasource.DataSource {
		return &scopedPluralDataSource[M, C, U, D]{PluralDataSource: &PluralDataSource[M, C, U, D]{e: e}, scope: scope}
	}
}

// The scoped data sources reuse the plain ones whole: they rewrite the `filter` the plain Read
// sees into the scoped query, and put the user's filter back into the state afterwards.
type scopedSingularDataSource[M, C, U, D any] struct {
	*SingularDataSource[M, C, U, D]
	scope ListScope
}

type scopedPluralDataSource[M, C, U, D any] struct {
	*PluralDataSource[M, C, U, D]
	scope ListScope
}

var (
	_ datasource.DataSourceWithConfigValidators = (*scopedSingularDataSource[struct{}, any, any, any])(nil)
	_ datasource.DataSourceWithConfigure        = (*scopedPluralDataSource[struct{}, any, any, any])(nil)
)

func (d *scopedSingularDataSource[M, C, U, D]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var filter types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("filter"), &filter)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if filter.IsNull() {
		d.SingularDataSource.Read(ctx, req, resp)
		return
	}
	config, ok := scopeConfigFilter(ctx, d.data, d.scope, req.Config, filter.ValueString(), &resp.Diagnostics)
	if !ok {
		return
	}
	req.Config = config
	d.SingularDataSource.Read(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("filter"), filter)...)
	}
}

func (d *scopedPluralDataSource[M, C, U, D]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var filter types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("filter"), &filter)...)
	if resp.Diagnostics.HasError() {
		return
	}
	config, ok := scopeConfigFilter(ctx, d.data, d.scope, req.Config, filter.ValueString(), &resp.Diagnostics)
	if !ok {
		return
	}
	req.Config = config
	d.PluralDataSource.Read(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("filter"), filter)...)
	}
}

// scopeConfigFilter returns config with its `filter` replaced by the scoped query.
func scopeConfigFilter(ctx context.Context, data *ProviderData, scope ListScope, config tfsdk.Config, filter string, diags *diag.Diagnostics) (tfsdk.Config, bool) {
	c := data.Require(diags)
	if c == nil {
		return config, false
	}
	predicate, ok := scope(&Op{Ctx: ctx, Client: c, Diags: diags})
	if !ok || diags.HasError() {
		return config, false
	}
	// tfsdk.Config cannot be written; a State over the same schema can, and its Raw is the
	// config with the one attribute changed.
	st := tfsdk.State(config)
	diags.Append(st.SetAttribute(ctx, path.Root("filter"), ScopeQuery(predicate, filter))...)
	return tfsdk.Config{Raw: st.Raw, Schema: config.Schema}, !diags.HasError()
}

// ScopeQuery combines a scope predicate with a user's ZitiQL filter, which may end in
// `sort by`, `skip` and `limit` clauses: those must stay at the end of the query.
func ScopeQuery(scope, filter string) string {
	predicate, tail := splitQueryTail(filter)
	predicate = strings.TrimSpace(predicate)
	q := scope
	if predicate != "" {
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
