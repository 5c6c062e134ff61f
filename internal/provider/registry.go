package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/access"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/authpolicy"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/ca"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/config"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/configtype"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/controller"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/edgerouter"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/egressallowlist"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/enrollment"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/identity"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/jwtsigner"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/policy"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/posturecheck"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/privateresource"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/service"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/typedconfig"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// resources lists every resource the provider serves.
func resources() []func() resource.Resource {
	return []func() resource.Resource{
		framework.NewResource(identity.Entity),
		framework.NewResource(service.Entity), framework.NewResource(config.Entity), framework.NewResource(configtype.Entity),
		framework.NewResource(typedconfig.Intercept), framework.NewResource(typedconfig.Host), framework.NewResource(typedconfig.HostV2),
		framework.NewResource(policy.ServicePolicy), framework.NewResource(policy.EdgeRouterPolicy), framework.NewResource(policy.ServiceEdgeRouterPolicy),
		framework.NewResource(edgerouter.Entity),
		framework.NewResource(jwtsigner.Entity), framework.NewResource(authpolicy.Entity), framework.NewResource(ca.Entity),
		framework.NewResource(posturecheck.OS), framework.NewResource(posturecheck.MAC), framework.NewResource(posturecheck.Domain), framework.NewResource(posturecheck.MFA),
		framework.NewResource(posturecheck.Process), framework.NewResource(posturecheck.ProcessMulti),
		composite.NewResource(privateresource.Spec),
		egressallowlist.NewResource,
	}
}

// dataSources lists every data source the provider serves.
func dataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		controller.NewDataSource,
		access.NewIdentityAccess, access.NewServiceAccess, access.NewNetworkAudit,
		framework.NewSingularDataSource(identity.Entity), framework.NewPluralDataSource(identity.Entity),
		framework.NewSingularDataSource(service.Entity), framework.NewPluralDataSource(service.Entity),
		framework.NewSingularDataSource(config.Entity), framework.NewPluralDataSource(config.Entity),
		framework.NewSingularDataSource(configtype.Entity), framework.NewPluralDataSource(configtype.Entity),
		framework.NewSingularDataSource(typedconfig.Intercept), framework.NewPluralDataSource(typedconfig.Intercept),
		framework.NewSingularDataSource(typedconfig.Host), framework.NewPluralDataSource(typedconfig.Host),
		framework.NewSingularDataSource(typedconfig.HostV2), framework.NewPluralDataSource(typedconfig.HostV2),
		framework.NewSingularDataSource(policy.ServicePolicy), framework.NewPluralDataSource(policy.ServicePolicy),
		framework.NewSingularDataSource(policy.EdgeRouterPolicy), framework.NewPluralDataSource(policy.EdgeRouterPolicy),
		framework.NewSingularDataSource(policy.ServiceEdgeRouterPolicy), framework.NewPluralDataSource(policy.ServiceEdgeRouterPolicy),
		framework.NewSingularDataSource(edgerouter.Entity), framework.NewPluralDataSource(edgerouter.Entity),
		framework.NewSingularDataSource(jwtsigner.Entity), framework.NewPluralDataSource(jwtsigner.Entity),
		framework.NewSingularDataSource(authpolicy.Entity), framework.NewPluralDataSource(authpolicy.Entity),
		framework.NewSingularDataSource(ca.Entity), framework.NewPluralDataSource(ca.Entity),
		framework.NewSingularDataSource(posturecheck.OS), framework.NewPluralDataSource(posturecheck.OS),
		framework.NewSingularDataSource(posturecheck.MAC), framework.NewPluralDataSource(posturecheck.MAC),
		framework.NewSingularDataSource(posturecheck.Domain), framework.NewPluralDataSource(posturecheck.Domain),
		framework.NewSingularDataSource(posturecheck.MFA), framework.NewPluralDataSource(posturecheck.MFA),
		framework.NewSingularDataSource(posturecheck.Process), framework.NewPluralDataSource(posturecheck.Process),
		framework.NewSingularDataSource(posturecheck.ProcessMulti), framework.NewPluralDataSource(posturecheck.ProcessMulti),
	}
}

// ephemeralResources lists every ephemeral resource the provider serves.
func ephemeralResources() []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		enrollment.NewEphemeralResource(identity.EnrollmentSource),
		enrollment.NewEphemeralResource(edgerouter.EnrollmentSource),
	}
}
