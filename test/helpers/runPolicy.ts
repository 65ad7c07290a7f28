// Runs one policy in-process through @pulumi/policy's own Analyze handler, and builds resource
// args the way that handler does (google.protobuf.Struct, the SDK's deserializer with secrets
// unwrapped, its unknown-checking proxy) for tests that call a policy's parts directly.
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { WireProps, WireResource } from "../../engine/wire";
import { sdkAnalyze } from "./sdk";

// The SDK's deserializer is internal; load it from the installed package as the server does.

const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties: (s: Struct, proxySecrets: boolean) => Record<string, unknown>;
};
const proxy = unknownCheckingProxy as unknown as <T>(v: T) => T;

export interface Violation {
    message: string;
    enforcementLevel: string;
}

export interface PolicyRun {
    violations: Violation[];
    notApplicable?: string;
}

class NotApplicableSignal extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason ?? "not applicable");
    }
}

export function asRuntimeProps(props: WireProps): Record<string, unknown> {
    return proxy(deserializeProperties(Struct.fromJavaScript(props as never), false));
}

export function resourceArgs(resource: WireResource, config: Record<string, unknown> = {}): ResourceValidationArgs {
    const args = {
        type: resource.type,
        props: asRuntimeProps(resource.properties),
        urn: resource.urn,
        name: resource.name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map<string, string>(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicableSignal(reason);
        },
        provider: resource.provider && {
            type: resource.provider.type,
            urn: resource.provider.urn,
            name: resource.provider.name,
            props: asRuntimeProps(resource.provider.properties),
        },
    };
    return args as unknown as ResourceValidationArgs;
}

/**
 * Runs `policy` on `resource` at `level` (the level the engine would configure), through the
 * SDK's own Analyze handler (see sdk.ts), so reportViolation and not-applicable behave as served.
 */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    resource: WireResource,
    config: Record<string, unknown> = {},
    level?: "advisory" | "mandatory" | "remediate",
): Promise<PolicyRun> {
    const res = await sdkAnalyze([policy], resource, config, level);
    const violations = res.diagnostics.map((d) => ({ message: d.message, enforcementLevel: d.enforcementLevel }));
    const na = res.notApplicable.find((n) => n.policyName === policy.name);
    return na ? { violations, notApplicable: na.reason } : { violations };
}
