// Runs one policy in-process with args built exactly as @pulumi/policy's server builds them:
// properties (and provider properties) go through google.protobuf.Struct, the SDK's own
// deserializer (secrets unwrapped, as for Analyze) and its unknown-checking proxy.
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { WireProps, WireResource } from "../../testing/wire";

// The SDK's deserializer is internal; load it from the installed package as the server does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
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
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
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

/** Runs `policy` on `resource` at `level` (the level the engine would configure). */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    resource: WireResource,
    config: Record<string, unknown> = {},
    level = policy.enforcementLevel ?? "advisory",
): Promise<PolicyRun> {
    const violations: Violation[] = [];
    const report = ((v: string | { message: string; enforcementLevel?: string }) => {
        if (typeof v === "string") violations.push({ message: `${policy.description}\n${v}`, enforcementLevel: level });
        else violations.push({ message: v.message, enforcementLevel: v.enforcementLevel ?? level });
    }) as ReportViolation;
    const validate = policy.validateResource;
    if (!validate || Array.isArray(validate)) throw new Error(`${policy.name} has no single validateResource`);
    try {
        await validate(resourceArgs(resource, config), report);
    } catch (e) {
        if (e instanceof NotApplicableSignal) return { violations, notApplicable: e.reason ?? "" };
        throw e;
    }
    return { violations };
}
