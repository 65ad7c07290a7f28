// Runs the pack's plain checks on resources from any front end (a Terraform plan, tests), without
// the Pulumi engine or its SDK: the levels the engine applies (a policy's configured level,
// "disabled" skipped, "remediate" reported as mandatory, since nothing is remediated here), and
// each finding as a record with the full message the Pulumi CLI would show.
import { sharingAssessmentsCall, type ResourceInput } from "./assess";
import type { CheckedFinding, Level, PackPolicy } from "./policy";
import { sharingStackView } from "./stack/context";
import type { StackResource } from "./stack/view";
import { callWithTerms, PULUMI_TERMS, withTerms, type Terms } from "./terms";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

/** A policy's configuration after reconciliation (the shape Configure hands the analyzer). */
export type PolicyConfig = Readonly<
    Record<string, { readonly enforcementLevel: EnforcementLevel; readonly properties: Record<string, unknown> }>
>;

/** One finding of one policy on one subject, at the level it is reported at. */
export interface CheckedRecord {
    readonly policy: string;
    readonly level: Level;
    readonly severity: string;
    /** The resource (or provider) at fault: its URN or address; "" for the stack as a whole. */
    readonly subject: string;
    /** As the Pulumi CLI shows it: the policy's description, then the finding's text. */
    readonly message: string;
    readonly finding: CheckedFinding;
}

/** The level a policy's findings are reported at: its configured level, remediate as mandatory; undefined when disabled. */
export function levelOf(policy: PackPolicy, config: PolicyConfig): Level | undefined {
    const level = config[policy.name]?.enforcementLevel ?? policy.enforcementLevel;
    if (level === "disabled") return undefined;
    return level === "remediate" ? "mandatory" : level;
}

/** As the pack reports: a finding that waits on an unknown (or is advisory by its source) is advisory and low. */
export function record(policy: PackPolicy, level: Level, subject: string, f: CheckedFinding): CheckedRecord {
    return {
        policy: policy.name,
        level: f.advisoryOnly ? "advisory" : level,
        severity: f.advisoryOnly ? "low" : policy.severity,
        subject: f.urn ?? subject,
        message: `${policy.description}\n${f.message}`,
        finding: f,
    };
}

/** Told of each subject a policy judged (its check applied, whether or not it found something). */
export type JudgedBy = (subject: string, policy: string) => void;

/** Every resource policy on each resource, in the pack's order. */
export function checkResources<R extends ResourceInput>(
    policies: readonly PackPolicy[],
    resources: Iterable<R>,
    config: PolicyConfig,
    termsFor: (resource: R) => Terms = () => PULUMI_TERMS,
    judged?: JudgedBy,
): CheckedRecord[] {
    const active = policies.flatMap((p) => {
        const level = levelOf(p, config);
        return level && "check" in p ? [{ policy: p, check: p.check, level, properties: config[p.name]?.properties ?? {} }] : [];
    });
    const out: CheckedRecord[] = [];
    // One function for every resource, not closures per resource.
    const checkOne = (r: R): void => {
        for (const { policy, check, level, properties } of active) {
            const outcome = check(r, properties);
            if (!("findings" in outcome)) continue;
            judged?.(r.urn, policy.name);
            for (const f of outcome.findings) out.push(record(policy, level, r.urn, f));
        }
    };
    const checkUnderTerms = (r: R, terms: Terms): void => callWithTerms(terms, checkOne, r, undefined);
    // A token of this pass over each resource: its policies share one assessment of it.
    for (const r of resources) sharingAssessmentsCall({}, checkUnderTerms, r, termsFor(r));
    return out;
}

/** Every stack policy over all resources (dependencies already resolved). */
export function checkStack(
    policies: readonly PackPolicy[],
    resources: readonly StackResource[],
    config: PolicyConfig,
    terms: Terms = PULUMI_TERMS,
    judged?: JudgedBy,
): CheckedRecord[] {
    const out: CheckedRecord[] = [];
    sharingStackView(() => {
        for (const policy of policies) {
            const level = levelOf(policy, config);
            if (!level || !("checkStack" in policy)) continue;
            const outcome = withTerms(terms, () => policy.checkStack(resources, config[policy.name]?.properties ?? {}));
            // A stack policy judges the stack as a whole: its findings name the resources at fault.
            if ("findings" in outcome) judged?.("", policy.name);
            if ("findings" in outcome) for (const f of outcome.findings) out.push(record(policy, level, "", f));
        }
    });
    return out;
}
