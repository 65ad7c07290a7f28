// Runs one stack policy in-process with args built as @pulumi/policy's server builds them for
// AnalyzeStack: each resource deserialized and proxied, dependencies resolved from URNs.
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { WireResource } from "../../testing/wire";
import { asRuntimeProps, type Violation } from "./runPolicy";

export type StackViolation = Violation & { urn?: string };

interface Resolved {
    type: string; urn: string; name: string; props: Record<string, unknown>;
    provider?: { type: string; urn: string; name: string; props: Record<string, unknown> };
    dependencies: Resolved[]; propertyDependencies: Record<string, Resolved[]>;
}

export function stackResources(wires: readonly WireResource[]): Resolved[] {
    const byUrn = new Map<string, Resolved>();
    const out = wires.map((w) => {
        const r: Resolved = {
            type: w.type, urn: w.urn, name: w.name, props: asRuntimeProps(w.properties),
            provider: w.provider && { type: w.provider.type, urn: w.provider.urn, name: w.provider.name, props: asRuntimeProps(w.provider.properties) },
            dependencies: [], propertyDependencies: {},
        };
        byUrn.set(w.urn, r);
        return r;
    });
    wires.forEach((w, i) => {
        out[i].dependencies = (w.dependencies ?? []).map((u) => byUrn.get(u)).filter((r): r is Resolved => r !== undefined);
        for (const [k, urns] of Object.entries(w.propertyDependencies ?? {})) {
            out[i].propertyDependencies[k] = urns.map((u) => byUrn.get(u)).filter((r): r is Resolved => r !== undefined);
        }
    });
    return out;
}

export async function runStackPolicy(policy: StackValidationPolicy, wires: readonly WireResource[], config: Record<string, unknown> = {}): Promise<{ violations: StackViolation[]; notApplicable?: string }> {
    const violations: StackViolation[] = [];
    const level = policy.enforcementLevel ?? "advisory";
    const report = ((v: string | { message: string; urn?: string; enforcementLevel?: string }, urn?: string) => {
        if (typeof v === "string") violations.push({ message: `${policy.description}\n${v}`, enforcementLevel: level, urn });
        else violations.push({ message: v.message, enforcementLevel: v.enforcementLevel ?? level, urn: v.urn });
    }) as ReportViolation;
    let notApplicable: string | undefined;
    const args = {
        resources: stackResources(wires),
        getConfig: () => config,
        stackTags: new Map<string, string>(),
        notApplicable: (reason?: string): never => {
            notApplicable = reason ?? "";
            throw new Error("not applicable");
        },
    } as unknown as StackValidationArgs;
    try {
        await policy.validateStack(args, report);
    } catch (e) {
        if (notApplicable === undefined) throw e;
        return { violations, notApplicable };
    }
    return { violations };
}
