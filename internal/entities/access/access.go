package access

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/openziti/edge-api/rest_management_api_client/identity"
	"github.com/openziti/edge-api/rest_management_api_client/service"
	"github.com/openziti/edge-api/rest_management_api_client/service_policy"
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

// collect pages through a list, client.PageSize entries at a time. fetch reads the page that
// starts at offset and returns its entries and the controller's paging metadata.
func collect[T any](fetch func(offset int64) ([]T, *rest_model.Meta, error)) ([]T, error) {
	var all []T
	for offset := int64(0); ; {
		items, meta, err := fetch(offset)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		offset += int64(len(items))
		total, ok := totalCount(meta)
		if len(items) < client.PageSize || !ok || offset >= total {
			return all, nil
		}
	}
}

func totalCount(meta *rest_model.Meta) (int64, bool) {
	if meta == nil || meta.Pagination == nil || meta.Pagination.TotalCount == nil {
		return 0, false
	}
	return *meta.Pagination.TotalCount, true
}

// pagedFilter is a ZitiQL filter that pages: GET /identities/{id}/services has no limit or
// offset parameter in edge-api's client, but the controller honours them inside the filter
// (measured on v1.7.2: "true sort by name skip 10 limit 5"; "limit ... skip" is a syntax error).
func pagedFilter(offset int64) *string {
	f := fmt.Sprintf("true sort by name skip %d limit %d", offset, client.PageSize)
	return &f
}

func int64p(v int64) *int64 { return &v }

// identityServices lists the services an identity may dial or bind (policyType dial|bind).
// The controller ignores posture checks and router reachability here: policy advice answers
// those.
func identityServices(ctx context.Context, c *client.Client, identityID, policyType string) ([]*rest_model.ServiceDetail, error) {
	return collect(func(offset int64) ([]*rest_model.ServiceDetail, *rest_model.Meta, error) {
		ok, err := c.API.Identity.ListIdentityServices(identity.NewListIdentityServicesParamsWithContext(ctx).
			WithID(identityID).WithPolicyType(&policyType).WithFilter(pagedFilter(offset)), nil)
		if err != nil {
			return nil, nil, fmt.Errorf("listing the services identity %s may %s: %w", identityID, policyType, err)
		}
		return ok.GetPayload().Data, ok.GetPayload().Meta, nil
	})
}

// serviceIdentities lists the identities that may dial or bind a service.
func serviceIdentities(ctx context.Context, c *client.Client, serviceID, policyType string) ([]*rest_model.IdentityDetail, error) {
	return collect(func(offset int64) ([]*rest_model.IdentityDetail, *rest_model.Meta, error) {
		ok, err := c.API.Service.ListServiceIdentities(service.NewListServiceIdentitiesParamsWithContext(ctx).
			WithID(serviceID).WithPolicyType(&policyType).WithLimit(int64p(client.PageSize)).WithOffset(&offset), nil)
		if err != nil {
			return nil, nil, fmt.Errorf("listing the identities that may %s service %s: %w", policyType, serviceID, err)
		}
		return ok.GetPayload().Data, ok.GetPayload().Meta, nil
	})
}

// servicePoliciesOfService lists the service policies that select a service.
func servicePoliciesOfService(ctx context.Context, c *client.Client, serviceID string) ([]*rest_model.ServicePolicyDetail, error) {
	return collect(func(offset int64) ([]*rest_model.ServicePolicyDetail, *rest_model.Meta, error) {
		ok, err := c.API.Service.ListServiceServicePolicies(service.NewListServiceServicePoliciesParamsWithContext(ctx).
			WithID(serviceID).WithLimit(int64p(client.PageSize)).WithOffset(&offset), nil)
		if err != nil {
			return nil, nil, fmt.Errorf("listing the service policies of service %s: %w", serviceID, err)
		}
		return ok.GetPayload().Data, ok.GetPayload().Meta, nil
	})
}

// policyServices lists the services a service policy selects.
func policyServices(ctx context.Context, c *client.Client, policyID string) ([]*rest_model.ServiceDetail, error) {
	return collect(func(offset int64) ([]*rest_model.ServiceDetail, *rest_model.Meta, error) {
		ok, err := c.API.ServicePolicy.ListServicePolicyServices(service_policy.NewListServicePolicyServicesParamsWithContext(ctx).
			WithID(policyID).WithLimit(int64p(client.PageSize)).WithOffset(&offset), nil)
		if err != nil {
			return nil, nil, fmt.Errorf("listing the services of service policy %s: %w", policyID, err)
		}
		return ok.GetPayload().Data, ok.GetPayload().Meta, nil
	})
}

// policyIdentityCount is how many identities a service policy selects (one entry read).
func policyIdentityCount(ctx context.Context, c *client.Client, policyID string) (int64, error) {
	ok, err := c.API.ServicePolicy.ListServicePolicyIdentities(service_policy.NewListServicePolicyIdentitiesParamsWithContext(ctx).
		WithID(policyID).WithLimit(int64p(1)), nil)
	if err != nil {
		return 0, fmt.Errorf("counting the identities of service policy %s: %w", policyID, err)
	}
	n, _ := totalCount(ok.GetPayload().Meta)
	return n, nil
}

// identityPolicies lists the service policies that select an identity. edge-api's
// ListIdentityServicePolicies has no paging parameters, so this goes through Do.
func identityPolicies(ctx context.Context, c *client.Client, identityID string) ([]*rest_model.ServicePolicyDetail, error) {
	return collect(func(offset int64) ([]*rest_model.ServicePolicyDetail, *rest_model.Meta, error) {
		var out rest_model.ListServicePoliciesEnvelope
		err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: "/identities/{id}/service-policies",
			Params: map[string]string{"id": identityID}, Query: pageQuery(offset, client.PageSize), Out: &out})
		if err != nil {
			return nil, nil, fmt.Errorf("listing the service policies of identity %s: %w", identityID, err)
		}
		return out.Data, out.Meta, nil
	})
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
