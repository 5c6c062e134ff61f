package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/agentfence/terraform-provider-ziti/internal/entities/controller"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/edgerouter"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/identity"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/typedconfig"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// resources lists every resource the provider serves.
func resources() []func() resource.Resource {
	return []func() resource.Resource{
		framework.NewResource(identity.Entity),
		framework.NewResource(typedconfig.Intercept), framework.NewResource(typedconfig.Host),
		framework.NewResource(edgerouter.Entity),
	}
}

// dataSources lists every data source the provider serves.
func dataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		controller.NewDataSource,
		framework.NewSingularDataSource(identity.Entity), framework.NewPluralDataSource(identity.Entity),
		framework.NewScopedSingularDataSource(typedconfig.Intercept, typedconfig.InterceptScope), framework.NewScopedPluralDataSource(typedconfig.Intercept, typedconfig.InterceptScope),
		framework.NewScopedSingularDataSource(typedconfig.Host, typedconfig.HostScope), framework.NewScopedPluralDataSource(typedconfig.Host, typedconfig.HostScope),
		framework.NewSingularDataSource(edgerouter.Entity), framework.NewPluralDataSource(edgerouter.Entity),
	}
}
