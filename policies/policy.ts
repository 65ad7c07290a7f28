// The shape every resource policy of the pack shares: metadata for GetAnalyzerInfo and the docs,
// and a check that returns findings instead of calling the SDK directly, so that one guard can
// make sure no policy ever throws into the engine.
import type {
    PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { ResourceInput } from "./assess";
import { printable } from "./printable";
import type { Reads } from "./reads";
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
    /** What the policy reads (policies/reads.ts); docs/policies.md lists the resource types it covers. */
    readonly reads: Reads;
}

export type PackResourcePolicy = ResourceValidationPolicy & PackPolicyMeta;
export type PackStackPolicy = StackValidationPolicy & PackPolicyMeta;
export type PackPolicy = PackResourcePolicy | PackStackPolicy;

export const notApplicable = (reason: string): Outcome => ({ notApplicable: reason });
export const findings = (...list: Finding[]): Outcome => ({ findings: list });

/**
 * What a check that crashed reports, at the policy's configured level: a mandatory policy that
 * could not decide must not let the resource through. The exception's text is left out, since a
 * parse error may quote the input it choked on.
 */
function couldNotDecide(meta: PackPolicyMeta, subject: string): string {
    return `${meta.name} could not decide for ${subject}: its check stopped on an internal error, so it is reported instead of passed. ` +
        "This is a defect in the policy pack; please report it (the error itself is not shown, as it may quote inputs).";
}

function remediationFailed(meta: PackPolicyMeta, subject: string): string {
    return `${meta.name} could not remediate ${subject}: its remediation stopped on an internal error and changed nothing, so the resource is checked as written. ` +
        "This is a defect in the policy pack; please report it (the error itself is not shown, as it may quote inputs).";
}

/**
 * Remediations that crashed, by URN, until the same policy's validation reports them: the engine
 * calls Remediate and then Analyze for each resource, and only Analyze can report a violation.
 * Bounded, in case an engine never follows up with Analyze.
 */
class PendingFailures {
    private readonly urns = new Set<string>();
    add(urn: string): void {
        if (this.urns.size >= 1_000) this.urns.delete(this.urns.values().next().value as string);
        this.urns.add(urn);
    }
    take(urn: string): boolean {
        return this.urns.delete(urn);
    }
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

/**
 * Builds a resource policy whose check can neither throw into the engine nor trip on unknowns,
 * and whose crashes (of the check or of the remediation) are reported, never passed.
 */
export function resourcePolicy(meta: PackPolicyMeta, check: (resource: ResourceInput, config: unknown) => Outcome, remedy?: Remedy): PackResourcePolicy {
    const failedRemediations = new PendingFailures();
    return {
        ...meta,
        tags: [...meta.tags],
        ...(remedy && {
            remediateResource: (args: ResourceValidationArgs) => {
                const resource = { type: args.type, urn: args.urn, name: args.name, props: args.props, provider: args.provider };
                try {
                    return remedy({ ...resource, props: args.props as Record<string, unknown> }, args.getConfig()) ? args.props : undefined;
                } catch {
                    failedRemediations.add(args.urn);
                    return undefined;
                }
            },
        }),
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            let outcome: Outcome;
            const resource: ResourceInput = { type: args.type, urn: args.urn, name: args.name, props: args.props, provider: args.provider };
            const subject = () => `${printable(args.type)} "${printable(args.name)}"`;
            if (remedy && failedRemediations.take(args.urn)) reportFinding(meta, report, { message: remediationFailed(meta, subject()) });
            try {
                outcome = check(resource, args.getConfig());
            } catch {
                outcome = findings({ message: couldNotDecide(meta, subject()) });
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
            } catch {
                outcome = findings({ message: couldNotDecide(meta, "the stack") });
            }
            if ("notApplicable" in outcome) {
                args.notApplicable(outcome.notApplicable);
                return;
            }
            for (const f of outcome.findings) reportFinding(meta, report, f);
        },
    };
}
