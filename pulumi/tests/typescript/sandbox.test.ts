// Unit tests of the agent sandbox program the way Pulumi users test theirs: the runtime's
// mocks stand in for the engine and the provider (pulumi.runtime.setMocks), no CLI, no
// controller. Compiled together with the generated SDK by tsc --strict, so a resource, input or
// output the program uses that disappears from the SDK fails the build before these run.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

import { agentSandbox } from "./sandbox";

const tokens = {
    identity: "ziti:index/identity:Identity",
    interceptV1: "ziti:index/interceptV1Config:InterceptV1Config",
    hostV1: "ziti:index/hostV1Config:HostV1Config",
    service: "ziti:index/service:Service",
    servicePolicy: "ziti:index/servicePolicy:ServicePolicy",
    getIdentityAccess: "ziti:index/getIdentityAccess:getIdentityAccess",
};
const mockJwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtb2NrIn0.c2lnbmF0dXJl";

interface Registered {
    type: string;
    inputs: Record<string, any>;
}
// What the program registered, by logical name.
const registered = new Map<string, Registered>();
// The outputs each resource asked the engine to keep secret (additionalSecretOutputs).
const secretOutputsAsked = new Map<string, string[]>();

pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        registered.set(args.name, { type: args.type, inputs: args.inputs });
        const state: Record<string, any> = { ...args.inputs };
        if (args.type === tokens.identity) {
            state.enrollmentJwt = mockJwt; // what the controller issues for an OTT identity
        }
        return { id: `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        if (args.token !== tokens.getIdentityAccess) {
            throw new Error(`the program called ${args.token}, which these mocks do not answer`);
        }
        // The controller's answer, from what was registered: the services the Dial policies
        // naming this identity grant (by @name or #attribute).
        const services = [...registered.values()].filter(r => r.type === tokens.service);
        const dials = [...registered.values()]
            .filter(r => r.type === tokens.servicePolicy && r.inputs.type === "Dial"
                && r.inputs.identityRoles.includes(`@${args.inputs.identity}`))
            .flatMap(p => services
                .filter(svc => p.inputs.serviceRoles.some((role: string) =>
                    role === `@${svc.inputs.name}` || (svc.inputs.roleAttributes ?? []).map((a: string) => `#${a}`).includes(role)))
                .map(svc => ({
                    serviceId: `${svc.inputs.name}-id`, serviceName: svc.inputs.name, policies: [p.inputs.name],
                    hasOnlineCommonRouter: true, postureChecksRequired: false,
                })));
        return { identity: args.inputs.identity, identityId: "agent-id", identityName: args.inputs.identity, dials, binds: [] };
    },
}, "agent-sandbox", "test");

// The mock monitor returns outputs as the mocks give them; the engine also marks the outputs a
// resource lists in additionalSecretOutputs (the SDK lists the schema's secret outputs there)
// as secrets. Do that here, so the secret-ness the program sees comes from the SDK.
const monitor = pulumi.runtime.getMonitor() as any;
const registerResource = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) =>
    registerResource(req, (err: any, resp: any) => {
        const secrets: string[] = req.getAdditionalsecretoutputsList();
        secretOutputsAsked.set(req.getName(), secrets);
        if (resp && secrets.length > 0) {
            const object = resp.getObject().toJavaScript();
            for (const key of secrets.filter(k => k in object)) {
                object[key] = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: object[key] };
            }
            // google.protobuf.Struct, taken from the response (not a dependency of this project).
            resp.setObject(resp.getObject().constructor.fromJavaScript(object));
        }
        callback(err, resp);
    });

function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => o.apply(v => { resolve(v); return v; }));
}

const sandbox = agentSandbox({ suffix: "t1", routerIdentity: "router-quickstart" });

test("the program registers the sandbox's six resources with the SDK's type tokens", async () => {
    await valueOf(sandbox.dialableServices); // everything is registered by then
    const types = Object.fromEntries([...registered].map(([name, r]) => [name, r.type]));
    assert.deepEqual(types, {
        agent: tokens.identity,
        llmIntercept: tokens.interceptV1,
        llmHost: tokens.hostV1,
        llm: tokens.service,
        bind: tokens.servicePolicy,
        dial: tokens.servicePolicy,
    });
});

test("inputs reach the provider under their schema names, references resolved", async () => {
    await valueOf(sandbox.dialableServices);
    const inputs = (name: string) => registered.get(name)?.inputs;
    assert.deepEqual(inputs("agent"), { name: "sandbox-agent-t1", roleAttributes: ["sandbox-agents-t1", "sandbox-t1"] });
    assert.deepEqual(inputs("llmIntercept"), {
        name: "sandbox-llm-intercept-t1", protocols: ["tcp"], addresses: ["llm-t1.ziti"], portRanges: [{ low: 443, high: 443 }],
    });
    assert.deepEqual(inputs("llmHost"), { name: "sandbox-llm-host-t1", protocol: "tcp", address: "127.0.0.1", port: 8080 });
    assert.deepEqual(inputs("llm"), {
        name: "sandbox-llm-t1", roleAttributes: ["sandbox-llm-t1"], configs: ["llmIntercept-id", "llmHost-id"],
    });
    assert.deepEqual(inputs("bind"), {
        name: "sandbox-llm-bind-t1", type: "Bind", identityRoles: ["@router-quickstart"], serviceRoles: ["@sandbox-llm-t1"],
    });
    assert.deepEqual(inputs("dial"), {
        name: "sandbox-llm-dial-t1", type: "Dial", identityRoles: ["@sandbox-agent-t1"], serviceRoles: ["#sandbox-llm-t1"],
    });
});

test("enrollmentJwt is a secret output; the identity's other outputs are not", async () => {
    assert.equal(await valueOf(sandbox.enrollmentJwt), mockJwt);
    assert.equal(await pulumi.isSecret(sandbox.enrollmentJwt), true, "agent.enrollmentJwt is not a secret");
    assert.deepEqual(secretOutputsAsked.get("agent"), ["enrollmentJwt"]);
    assert.equal(await pulumi.isSecret(sandbox.agent.name), false);
    assert.equal(await pulumi.isSecret(sandbox.agent.id), false);
    assert.deepEqual(secretOutputsAsked.get("llm"), []);
});

test("getIdentityAccess: the agent may dial the sandbox service through the Dial policy", async () => {
    assert.deepEqual(await valueOf(sandbox.dialableServices), ["sandbox-llm-t1"]);
    assert.deepEqual(await valueOf(sandbox.dialPolicies), ["sandbox-llm-dial-t1"]);
});
