// The shape every resource policy of the pack shares: metadata for GetAnalyzerInfo and the docs,
// and a check that returns findings instead of calling the SDK directly, so that one guard can
// make sure no policy ever throws into the engine.
import type { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { ResourceInput } from "./assess";

export type Level = "advisory" | "mandatory";

export interface Finding {
    readonly message: string;
    /**
     * Report at advisory at most, whatever the policy's level: used for decisions that wait on a
     * value unknown during preview, and for rules whose source is itself only advisory.
     */
    readonly advisoryOnly?: boolean;
}

export type Outcome = { readonly notApplicable: string } | { readonly findings: readonly Finding[] };

export interface PackPolicyMeta {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: Level;
    readonly severity: "low" | "medium" | "high" | "critical";
    readonly tags: readonly string[];
    readonly remediationSteps: string;
    readonly url: string;
    readonly configSchema: PolicyConfigSchema;
}

export type PackPolicy = ResourceValidationPolicy & PackPolicyMeta;

export const DOCS_URL = "https://github.com/obs-sse-policy-pack/obs-sse-policy-pack#policies";

export const notApplicable = (reason: string): Outcome => ({ notApplicable: reason });
export const findings = (...list: Finding[]): Outcome => ({ findings: list });

function errorText(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

/** Reports one finding, honouring `advisoryOnly` through the SDK's per-violation level. */
function reportFinding(meta: PackPolicyMeta, report: ReportViolation, f: Finding): void {
    if (f.advisoryOnly) {
        // The object form of reportViolation exists at runtime (per-violation level and severity)
        // though the SDK's type only declares the string form.
        const viaObject = report as unknown as (v: { message: string; enforcementLevel: Level; severity?: string }) => void;
        viaObject({ message: `${meta.description}\n${f.message}`, enforcementLevel: "advisory", severity: "low" });
    } else {
        report(f.message);
    }
}

/** Builds a resource policy whose check can neither throw into the engine nor trip on unknowns. */
export function resourcePolicy(meta: PackPolicyMeta, check: (resource: ResourceInput, config: unknown) => Outcome): PackPolicy {
    return {
        ...meta,
        tags: [...meta.tags],
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            let outcome: Outcome;
            const resource: ResourceInput = { type: args.type, urn: args.urn, name: args.name, props: args.props, provider: args.provider };
            try {
                outcome = check(resource, args.getConfig());
            } catch (e) {
                outcome = findings({
                    message: `The policy could not read ${args.type} "${args.name}": ${errorText(e)}. This is a defect in the policy pack; please report it.`,
                    advisoryOnly: true,
                });
            }
            if ("notApplicable" in outcome) {
                args.notApplicable(outcome.notApplicable);
                return;
            }
            for (const f of outcome.findings) reportFinding(meta, report, f);
        },
    };
}
