// Runs one stack policy in-process through @pulumi/policy's own AnalyzeStack handler; and
// `stackResources` builds the resolved resource list as that handler does, for tests of the view.
import type { StackValidationPolicy } from "@pulumi/policy";
import type { WireResource } from "../../engine/wire";
import { asRuntimeProps, type Violation } from "./runPolicy";
import { sdkAnalyzeStack } from "./sdk";
import { at } from "../support/items";

export type StackViolation = Violation & { urn?: string | undefined };

interface Resolved {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
    provider?: { type: string; urn: string; name: string; props: Record<string, unknown> } | undefined;
    dependencies: Resolved[];
    propertyDependencies: Record<string, Resolved[]>;
}

export function stackResources(wires: readonly WireResource[]): Resolved[] {
    const byUrn = new Map<string, Resolved>();
    const out = wires.map((w) => {
        const r: Resolved = {
            type: w.type,
            urn: w.urn,
            name: w.name,
            props: asRuntimeProps(w.properties),
            provider: w.provider && {
                type: w.provider.type,
                urn: w.provider.urn,
                name: w.provider.name,
                props: asRuntimeProps(w.provider.properties),
            },
            dependencies: [],
            propertyDependencies: {},
        };
        byUrn.set(w.urn, r);
        return r;
    });
    wires.forEach((w, i) => {
        at(out, i).dependencies = (w.dependencies ?? []).map((u) => byUrn.get(u)).filter((r): r is Resolved => r !== undefined);
        for (const [k, urns] of Object.entries(w.propertyDependencies ?? {})) {
            at(out, i).propertyDependencies[k] = urns.map((u) => byUrn.get(u)).filter((r): r is Resolved => r !== undefined);
        }
    });
    return out;
}

/** Runs one stack policy through the SDK's own AnalyzeStack handler (see sdk.ts). */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    wires: readonly WireResource[],
    config: Record<string, unknown> = {},
): Promise<{ violations: StackViolation[]; notApplicable?: string }> {
    const res = await sdkAnalyzeStack([policy], wires, config);
    const violations = res.diagnostics.map((d) => ({ message: d.message, enforcementLevel: d.enforcementLevel, urn: d.urn }));
    const na = res.notApplicable.find((n) => n.policyName === policy.name);
    return na ? { violations, notApplicable: na.reason } : { violations };
}
