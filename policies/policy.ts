// The shape every resource policy of the pack shares: metadata for GetAnalyzerInfo and the docs,
// and a check that returns findings instead of calling the SDK directly, so that one guard can
// make sure no policy ever throws into the engine.
import type {
    PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { ResourceInput } from "./assess";
import type { StackResource } from "./stack/view";

export type Level = "advisory" | "mandatory";

export interface Finding {
    readonly message: string;
    /**
     * Report at advisory at most, whatever the policy's level: used for decisions that wait on a
     * value unknown during preview, and for rules whose source is itself only advisory.
     */
    readonly advisoryOnly?: boolean;
    /** The resource at fault, for stack policies. */
    readonly urn?: string;
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

export type PackResourcePolicy = ResourceValidationPolicy & PackPolicyMeta;
export type PackStackPolicy = StackValidationPolicy & PackPolicyMeta;
export type PackPolicy = PackResourcePolicy | PackStackPolicy;

export const notApplicable = (reason: string): Outcome => ({ notApplicable: reason });
export const findings = (...list: Finding[]): Outcome => ({ findings: list });

function defectMessage(what: string, e: unknown): string {
    return `The policy could not read ${what}: ${e instanceof Error ? e.message : String(e)}. This is a defect in the policy pack; please report it.`;
}

/** Reports one finding, honouring `advisoryOnly` through the SDK's per-violation level. */
function reportFinding(meta: PackPolicyMeta, report: ReportViolation, f: Finding): void {
    if (f.advisoryOnly) {
        // The object form of reportViolation exists at runtime (per-violation level and severity)
        // though the SDK's type only declares the string form.
        const viaObject = report as unknown as (v: { message: string; urn?: string; enforcementLevel: Level; severity?: string }) => void;
        viaObject({ message: `${meta.description}\n${f.message}`, urn: f.urn, enforcementLevel: "advisory", severity: "low" });
    } else {
        report(f.message, f.urn);
    }
}

/**
 * A remediation: given the resource (its props writable through the SDK's secret-preserving
 * proxy), change what can be changed without changing meaning and say whether anything changed.
 */
export type Remedy = (resource: ResourceInput & { readonly props: Record<string, unknown> }, config: unknown) => boolean;

/** Builds a resource policy whose check can neither throw into the engine nor trip on unknowns. */
export function resourcePolicy(meta: PackPolicyMeta, check: (resource: ResourceInput, config: unknown) => Outcome, remedy?: Remedy): PackResourcePolicy {
    return {
        ...meta,
        tags: [...meta.tags],
        ...(remedy && {
            remediateResource: (args: ResourceValidationArgs) => {
                const resource = { type: args.type, urn: args.urn, name: args.name, props: args.props, provider: args.provider };
                try {
                    return remedy({ ...resource, props: args.props as Record<string, unknown> }, args.getConfig()) ? args.props : undefined;
                } catch (e) {
                    // A remediation that cannot run changes nothing; the validation still reports.
                    return undefined;
                }
            },
        }),
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            let outcome: Outcome;
            const resource: ResourceInput = { type: args.type, urn: args.urn, name: args.name, props: args.props, provider: args.provider };
            try {
                outcome = check(resource, args.getConfig());
            } catch (e) {
                outcome = findings({ message: defectMessage(`${args.type} "${args.name}"`, e), advisoryOnly: true });
            }
            if ("notApplicable" in outcome) {
                args.notApplicable(outcome.notApplicable);
                return;
            }
            for (const f of outcome.findings) reportFinding(meta, report, f);
        },
    };
}

/** Builds a stack policy with the same guarantees: it reads the resource list once and never throws. */
export function stackPolicy(meta: PackPolicyMeta, check: (resources: readonly StackResource[], config: unknown) => Outcome): PackStackPolicy {
    return {
        ...meta,
        tags: [...meta.tags],
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            let outcome: Outcome;
            try {
                outcome = check(args.resources as readonly StackResource[], args.getConfig());
            } catch (e) {
                outcome = findings({ message: defectMessage("the stack", e), advisoryOnly: true });
            }
            if ("notApplicable" in outcome) {
                args.notApplicable(outcome.notApplicable);
                return;
            }
            for (const f of outcome.findings) reportFinding(meta, report, f);
        },
    };
}
