// The agent sandbox as a TypeScript Pulumi program written against the generated SDK: an
// agent identity, a service with intercept.v1 and host.v1 configs, hosted by the router's
// identity through a Bind policy and dialable by the agent through a Dial policy, and what the
// controller says the agent may dial (getIdentityAccess). The same program as the YAML one in
// cli_test.go.
import * as pulumi from "@pulumi/pulumi";
import * as ziti from "../../sdk/nodejs";

export interface SandboxArgs {
    suffix: string;
    routerIdentity: string;
}

export function agentSandbox(args: SandboxArgs) {
    const s = args.suffix;
    const agent = new ziti.Identity("agent", {
        name: `sandbox-agent-${s}`,
        roleAttributes: [`sandbox-agents-${s}`, `sandbox-${s}`],
    });
    const llmIntercept = new ziti.InterceptV1Config("llmIntercept", {
        name: `sandbox-llm-intercept-${s}`,
        protocols: ["tcp"],
        addresses: [`llm-${s}.ziti`],
        portRanges: [{ low: 443, high: 443 }],
    });
    const llmHost = new ziti.HostV1Config("llmHost", {
        name: `sandbox-llm-host-${s}`,
        protocol: "tcp",
        address: "127.0.0.1",
        port: 8080,
    });
    const llm = new ziti.Service("llm", {
        name: `sandbox-llm-${s}`,
        roleAttributes: [`sandbox-llm-${s}`],
        configs: [llmIntercept.id, llmHost.id],
    });
    const bind = new ziti.ServicePolicy("bind", {
        name: `sandbox-llm-bind-${s}`,
        type: "Bind",
        identityRoles: [`@${args.routerIdentity}`],
        serviceRoles: [pulumi.interpolate`@${llm.name}`],
    });
    const dial = new ziti.ServicePolicy("dial", {
        name: `sandbox-llm-dial-${s}`,
        type: "Dial",
        identityRoles: [pulumi.interpolate`@${agent.name}`],
        serviceRoles: [`#sandbox-llm-${s}`],
    });
    // Asked once the policies exist, as a program checking its own grants would.
    const access = ziti.getIdentityAccessOutput({ identity: agent.name }, { dependsOn: [bind, dial] });
    return {
        agent, llmIntercept, llmHost, llm, bind, dial,
        enrollmentJwt: agent.enrollmentJwt,
        dialableServices: access.dials.apply(dials => dials.map(d => d.serviceName)),
        dialPolicies: access.dials.apply(dials => dials.flatMap(d => d.policies)),
    };
}
