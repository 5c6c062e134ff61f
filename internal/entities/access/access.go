package access

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/openziti/edge-api/rest_management_api_client/identity"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Policy types as the sub-collection endpoints spell them (?policyType=dial|bind).
const (
	dial = "dial"
	bind = "bind"
)

const roleAll = "#all"

// base is the framework's base of data sources not derived from an entity (name, Configure, Op).
type base = framework.DataSourceBase

// readConfig decodes the data source's configuration into m and gives the read's operation
// context: nil once an error is reported (a configuration that does not decode, a provider
// without a client), so that the data source's Read stops.
func readConfig[M any](ctx context.Context, d *base, req datasource.ReadRequest, resp *datasource.ReadResponse, m *M) *framework.Op {
	resp.Diagnostics.Append(req.Config.Get(ctx, m)...)
	op := d.Op(ctx, &resp.Diagnostics)
	if op == nil || op.Failed() {
		return nil
	}
	return op
}

// sortByNameThenID sorts what a data source lists by name, and entries of one name by id, so
// that the list is the same on every read.
func sortByNameThenID[T any](s []T, key func(T) (name, id string)) {
	sort.Slice(s, func(i, j int) bool {
		nameI, idI := key(s[i])
		nameJ, idJ := key(s[j])
		if nameI != nameJ {
			return nameI < nameJ
		}
		return idI < idJ
	})
}

// readSubject resolves the data source's required attribute attr (a name or an id of kind)
// and reads the entity it names, with any error on attr. ok is false once an error is added.
func readSubject[C, U, D any](op *framework.Op, kind framework.RoleKind, api client.Entities[C, U, D], attr, ref string) (id string, detail D, ok bool) {
	if id, ok = framework.ResolveRef(op, kind, attr, ref); !ok {
		return "", detail, false
	}
	detail, err := api.Get(op.Ctx, op.Client, id)
	if err != nil {
		op.Diags.AddAttributeError(path.Root(attr), "Cannot read "+attr+" "+ref, err.Error())
		return "", detail, false
	}
	return id, detail, true
}

func totalCount(meta *rest_model.Meta) (int64, bool) {
	if meta == nil || meta.Pagination == nil || meta.Pagination.TotalCount == nil {
		return 0, false
	}
	return *meta.Pagination.TotalCount, true
}

// The sub-collections below page like every list (client.ListAt). The controller evaluates
// role attributes and AllOf/AnyOf semantics for them exactly as when it authorizes a dial.

// identityServices lists the services an identity may dial or bind (policyType dial|bind).
// The controller ignores posture checks and router reachability here: policy advice answers
// those.
func identityServices(ctx context.Context, c *client.Client, identityID, policyType string) ([]*rest_model.ServiceDetail, error) {
	out, err := client.ListAt[*rest_model.ServiceDetail](ctx, c, "/identities/{id}/services",
		map[string]string{"id": identityID}, map[string]string{"policyType": policyType}, "")
	if err != nil {
		return nil, fmt.Errorf("listing the services identity %s may %s: %w", identityID, policyType, err)
	}
	return out, nil
}

// serviceIdentities lists the identities that may dial or bind a service.
func serviceIdentities(ctx context.Context, c *client.Client, serviceID, policyType string) ([]*rest_model.IdentityDetail, error) {
	out, err := client.ListAt[*rest_model.IdentityDetail](ctx, c, "/services/{id}/identities",
		map[string]string{"id": serviceID}, map[string]string{"policyType": policyType}, "")
	if err != nil {
		return nil, fmt.Errorf("listing the identities that may %s service %s: %w", policyType, serviceID, err)
	}
	return out, nil
}

// servicePoliciesOfService lists the service policies that select a service.
func servicePoliciesOfService(ctx context.Context, c *client.Client, serviceID string) ([]*rest_model.ServicePolicyDetail, error) {
	out, err := client.ListAt[*rest_model.ServicePolicyDetail](ctx, c, "/services/{id}/service-policies", map[string]string{"id": serviceID}, nil, "")
	if err != nil {
		return nil, fmt.Errorf("listing the service policies of service %s: %w", serviceID, err)
	}
	return out, nil
}

// policyServices lists the services a service policy selects.
func policyServices(ctx context.Context, c *client.Client, policyID string) ([]*rest_model.ServiceDetail, error) {
	out, err := client.ListAt[*rest_model.ServiceDetail](ctx, c, "/service-policies/{id}/services", map[string]string{"id": policyID}, nil, "")
	if err != nil {
		return nil, fmt.Errorf("listing the services of service policy %s: %w", policyID, err)
	}
	return out, nil
}

// identityPolicies lists the service policies that select an identity.
func identityPolicies(ctx context.Context, c *client.Client, identityID string) ([]*rest_model.ServicePolicyDetail, error) {
	out, err := client.ListAt[*rest_model.ServicePolicyDetail](ctx, c, "/identities/{id}/service-policies", map[string]string{"id": identityID}, nil, "")
	if err != nil {
		return nil, fmt.Errorf("listing the service policies of identity %s: %w", identityID, err)
	}
	return out, nil
}

// subCollectionCount is how many entities a sub-collection such as
// /edge-router-policies/{id}/identities holds. Those edge-api operations take no paging
// parameters, so this goes through Do, reading one entry and the controller's total.
func subCollectionCount(ctx context.Context, c *client.Client, pathPattern, id string) (int64, error) {
	var out struct {
		Meta *rest_model.Meta `json:"meta"`
	}
	err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: pathPattern,
		Params: map[string]string{"id": id}, Query: pageQuery(0, 1), Out: &out})
	if err != nil {
		return 0, fmt.Errorf("counting %s for %s: %w", pathPattern, id, err)
	}
	n, _ := totalCount(out.Meta)
	return n, nil
}

func pageQuery(offset, limit int64) map[string]string {
	return map[string]string{"limit": strconv.FormatInt(limit, 10), "offset": strconv.FormatInt(offset, 10)}
}

// advice is the controller's policy advice for one identity and service.
type advice struct {
	dialAllowed, bindAllowed, onlineCommonRouter bool
}

// policyAdvice asks whether identityID may dial/bind serviceID and whether an online edge
// router exists that both may use. false and 0 fields are omitted from the controller's JSON,
// which the typed model reads as false.
func policyAdvice(ctx context.Context, c *client.Client, identityID, serviceID string) (advice, error) {
	ok, err := c.API.Identity.GetIdentityPolicyAdvice(identity.NewGetIdentityPolicyAdviceParamsWithContext(ctx).
		WithID(identityID).WithServiceID(serviceID), nil)
	if err != nil {
		return advice{}, fmt.Errorf("policy advice for identity %s and service %s: %w", identityID, serviceID, err)
	}
	d := ok.GetPayload().Data
	if d == nil {
		return advice{}, nil
	}
	a := advice{dialAllowed: d.IsDialAllowed, bindAllowed: d.IsBindAllowed}
	for _, r := range d.CommonRouters {
		if r != nil && r.IsOnline != nil && *r.IsOnline {
			a.onlineCommonRouter = true
		}
	}
	return a, nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func hasRole(roles rest_model.Roles, role string) bool {
	for _, r := range roles {
		if r == role {
			return true
		}
	}
	return false
}

// tag reads a string tag of an entity.
func tag(e *rest_model.BaseEntity, key string) string {
	if e == nil || e.Tags == nil {
		return ""
	}
	s, _ := e.Tags.SubTags[key].(string)
	return s
}
