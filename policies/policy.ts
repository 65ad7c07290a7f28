// The shape every resource policy of the pack shares: metadata for GetAnalyzerInfo and the docs,
// and a check that returns findings instead of calling the SDK directly, so that one guard can
// make sure no policy ever throws into the engine.
import type {
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { sharingAssessmentsCall, type ResourceInput } from "./assess";
import type { Reads } from "./reads";
import type { Fix, JudgedCall } from "./finding";
import { EXEMPTIONS_SCHEMA, exemptionFor, readExemptions, type ExemptionNote } from "./exemptions";
import { printable } from "./printable";
import { enterTerms, terms, type Terms } from "./terms";
import { isRecord } from "./values";
import type { StackResource } from "./stack/view";

export type { Level } from "./finding";
import type { Level } from "./finding";

export interface Finding {
    readonly message: string;
    /**
     * Report at advisory at most, whatever the policy's level: used for decisions that wait on a
     * value unknown during preview, and for rules whose source is itself only advisory.
     */
    readonly advisoryOnly?: boolean;
    /** The resource at fault, for stack policies. */
    readonly urn?: string;
    /** The OBS requests the verdict judged, each with the matrix row it cites (none for findings about settings). */
    readonly calls?: readonly JudgedCall[];
    /** What would make the finding go away. */
    readonly fix?: Fix;
    /** The inputs the verdict read, as input paths (`kmsKeyId`, `endpoints[0].s3`). */
    readonly inputs?: readonly string[];
    /**
     * What the finding shares with others of one cause, beyond the policy (e.g. the provider and
     * the row it breaks): never derived from a sensitive value. Defaults to the subject.
     */
    readonly cause?: string;
    /** The exemption in the policy config that covers the finding's subject (set by the guard, never by a rule). */
    readonly exemption?: ExemptionNote;
}

/** A finding as a check's caller receives it: every structured field present. */
export interface CheckedFinding {
    readonly message: string;
    readonly advisoryOnly: boolean;
    readonly urn?: string;
    readonly calls: readonly JudgedCall[];
    readonly fix?: Fix;
    readonly inputs: readonly string[];
    readonly cause: string;
    /** The exemption that covers the subject: holding (the finding is advisory) or expired (at the policy's level again). */
    readonly exemption?: ExemptionNote;
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

/** A check's verdict on one subject: why it does not apply, or its findings (none: it passed). */
export type CheckedOutcome = { readonly notApplicable: string } | { readonly findings: readonly CheckedFinding[] };

export type PackResourcePolicy = ResourceValidationPolicy &
    PackPolicyMeta & {
        /**
         * The plain check, for front ends that are not the Pulumi engine: never throws (a crash is a
         * finding at the policy's level), reads unknowns and secrets as values.ts marks them.
         */
        readonly check: (resource: ResourceInput, config: unknown) => CheckedOutcome;
        /**
         * The plain remediation, when the policy has one: changes `resource.props` in place and says
         * whether it changed anything; a remediation that crashes changes nothing and says false.
         */
        readonly remediate?: (resource: ResourceInput & { readonly props: Record<string, unknown> }, config: unknown) => boolean;
        /**
         * The plain remediation with its crash told apart, as the pack tells it (a remediation that
         * crashed changes nothing and its policy's validation reports it): for front ends that apply
         * remediations as a preview does. Present exactly when `remediate` is.
         */
        readonly remediation?: (
            resource: ResourceInput & { readonly props: Record<string, unknown> },
            config: unknown,
        ) => RemediationOutcome;
    };
/** What a remediation did: changed the inputs, left them as they were, or crashed (changing nothing). */
export type RemediationOutcome = "changed" | "unchanged" | "failed";

export type PackStackPolicy = StackValidationPolicy &
    PackPolicyMeta & {
        /** The plain stack check, with the same guarantees. */
        readonly checkStack: (resources: readonly StackResource[], config: unknown) => CheckedOutcome;
    };
export type PackPolicy = PackResourcePolicy | PackStackPolicy;

/** The subject id of findings about the stack as a whole. */
export const STACK_SUBJECT = "(stack)";

export const notApplicable = (reason: string): Outcome => ({ notApplicable: reason });
export const findings = (...list: Finding[]): Outcome => ({ findings: list });

/**
 * What a check that crashed reports, at the policy's configured level: a mandatory policy that
 * could not decide must not let the resource through. The exception's text is left out, since a
 * parse error may quote the input it choked on.
 */
function couldNotDecide(meta: PackPolicyMeta, subject: string): string {
    return (
        `${meta.name} could not decide for ${subject}: its check stopped on an internal error, so it is reported instead of passed. ` +
        "This is a defect in the policy pack; please report it (the error itself is not shown, as it may quote inputs)."
    );
}

/** What the policy's validation reports after its remediation crashed on `subject` (named in the terms in force). */
export function remediationFailed(meta: Pick<PackPolicyMeta, "name">, subject: string): string {
    return (
        `${meta.name} could not remediate ${subject}: its remediation stopped on an internal error and changed nothing, so the resource is checked as written. ` +
        "This is a defect in the policy pack; please report it (the error itself is not shown, as it may quote inputs)."
    );
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
        // Most often none are pending: no need to hash the URN.
        return this.urns.size > 0 && this.urns.delete(urn);
    }
}

/**
 * `text` stored as one run of characters. A message is built from dozens of pieces, which V8 keeps
 * as a tree of joined strings (about twice the size of the text); a report may hold hundreds of
 * thousands of messages. Reading a character flattens the tree in place.
 */
function flattened(text: string): string {
    text.charCodeAt(0);
    return text;
}

/** A finding with its structured fields filled in: no calls, no inputs, and the subject's id as its cause where the rule gives none. */
export function completeFinding(f: Finding, subjectId: string): CheckedFinding {
    return {
        message: flattened(f.message),
        advisoryOnly: f.advisoryOnly === true,
        ...(f.urn !== undefined && { urn: f.urn }),
        calls: f.calls ?? [],
        ...(f.fix !== undefined && { fix: f.fix }),
        inputs: f.inputs ?? [],
        cause: f.cause ?? `subject:${f.urn ?? subjectId}`,
        ...(f.exemption !== undefined && { exemption: f.exemption }),
    };
}

/** A check that found nothing (shared: outcomes are never changed in place). */
const NOTHING_FOUND: CheckedOutcome = Object.freeze({ findings: Object.freeze([]) });

function completeOutcome(outcome: Outcome, subjectId: string): CheckedOutcome {
    if ("notApplicable" in outcome) return outcome;
    // Most checks of a large input pass: nothing is made for them.
    if (outcome.findings.length === 0) return NOTHING_FOUND;
    return { findings: outcome.findings.map((f) => completeFinding(f, subjectId)) };
}

/** The meta with `exemptions` among its options: every policy of the pack takes them. */
function withExemptionsOption(meta: PackPolicyMeta): PackPolicyMeta {
    return {
        ...meta,
        configSchema: { ...meta.configSchema, properties: { ...(meta.configSchema.properties ?? {}), exemptions: EXEMPTIONS_SCHEMA } },
    };
}

/** The name in a Pulumi URN (what follows its third "::"), for exemptions that name a resource by name. */
function nameInUrn(urn: string): string | undefined {
    if (!urn.startsWith("urn:pulumi:")) return undefined;
    const parts = urn.split("::");
    return parts.length >= 4 ? parts.slice(3).join("::") : undefined;
}

/**
 * A finding an exemption covers. While it holds: advisory, saying so first (the engine has no
 * "suppressed" state, and a finding that vanished would hide what is exempted). Once expired: at
 * its level, saying that the exemption ended. The reason is the config's own text, made printable.
 */
function exemptedFinding(f: Finding, note: ExemptionNote): Finding {
    const reason = printable(note.reason);
    if (note.expired) {
        return {
            ...f,
            exemption: note,
            message: `${f.message}\nIts exemption in the policy config expired after ${note.expires ?? "its last day"} (reason: ${reason}), so it is reported again.`,
        };
    }
    const until = note.expires !== undefined ? ` until ${note.expires}` : "";
    return {
        ...f,
        advisoryOnly: true,
        exemption: note,
        message: `Exempted by the policy config${until}: ${reason}. Reported as advisory while the exemption holds.\n${f.message}`,
    };
}

/**
 * The outcome with the policy config's exemptions applied, `namesOf(checked, f)` giving the names
 * the subject of each finding is known by (URN or address, name), `checked` being what the check
 * was given. Malformed entries (config the engine did not validate) exempt nothing and are named in
 * one advisory finding.
 */
function applyExemptions<Checked>(
    outcome: Outcome,
    config: unknown,
    checked: Checked,
    namesOf: (checked: Checked, f: Finding) => readonly string[],
): Outcome {
    if ("notApplicable" in outcome || outcome.findings.length === 0) return outcome;
    const { exemptions, problems } = readExemptions(config);
    // A config without exemptions (the most common) leaves the findings as they are.
    if (exemptions.length === 0 && problems.length === 0) return outcome;
    const out: Finding[] =
        exemptions.length === 0
            ? [...outcome.findings]
            : outcome.findings.map((f) => {
                  const note = exemptionFor(exemptions, namesOf(checked, f));
                  return note !== undefined ? exemptedFinding(f, note) : f;
              });
    if (problems.length > 0) out.push({ message: `${problems.join("; ")}.`, advisoryOnly: true, cause: "policy-options" });
    return { findings: out };
}

/** The names of a resource policy's finding's subject: the resource checked, or the one the finding names. */
function resourceNames(resource: ResourceInput, f: Finding): string[] {
    if (f.urn === undefined || f.urn === resource.urn) return [resource.urn, resource.name];
    const name = nameInUrn(f.urn);
    return name !== undefined ? [f.urn, name] : [f.urn];
}

/**
 * The names of a stack policy's finding's subject: the resource it names, or for the stack as a
 * whole "(stack)" and the root stack resource's URN and name (when the resources include it).
 */
function stackNames(resources: readonly StackResource[], f: Finding): string[] {
    if (f.urn !== undefined) {
        const name = resources.find((r) => r.urn === f.urn)?.name ?? nameInUrn(f.urn);
        return name !== undefined ? [f.urn, name] : [f.urn];
    }
    const root = resources.find((r) => r.type === ROOT_STACK_TYPE);
    return root !== undefined ? [STACK_SUBJECT, root.urn, root.name] : [STACK_SUBJECT];
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** What the SDK's `notApplicable` throws: an Error whose `reason` its Analyze handler reads, and nothing else. */
interface NotApplicableSignal extends Error {
    reason: string;
}

function isNotApplicableSignal(e: unknown, reason: string): e is NotApplicableSignal {
    return e instanceof Error && (e as { reason?: unknown }).reason === reason;
}

/**
 * The SDK's not-applicable exception, kept after its first use with the `notApplicable` that threw
 * it, and thrown again with each new reason. The SDK's handlers read only `reason` from it, in the
 * catch right after the throw (pinned by test/sdk.test.ts).
 */
let keptSignal: { readonly from: (reason: string) => void; readonly signal: NotApplicableSignal } | undefined;

/**
 * Calls `args.notApplicable(reason)` (the SDK's, which throws an Error that the SDK catches and reads
 * only the reason of), reusing the SDK's exception once it has seen one, and without capturing
 * stack traces: capturing one per policy and resource that does not apply was about 3% of the
 * pack's Analyze time in the profile (BENCHMARKS.md). Exported for the benches' echo sets, which
 * answer as the pack does.
 */
export function sayNotApplicable(args: { readonly notApplicable: (reason: string) => void }, reason: string): void {
    const kept = keptSignal;
    if (kept !== undefined && kept.from === args.notApplicable) {
        kept.signal.reason = reason;
        kept.signal.message = reason;
        throw kept.signal;
    }
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        args.notApplicable(reason);
    } catch (e) {
        // Kept only when it is what the SDK is pinned to throw; anything else is passed on as it came.
        if (isNotApplicableSignal(e, reason)) keptSignal = { from: args.notApplicable, signal: e };
        throw e;
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/** Reports one finding, honouring `advisoryOnly` through the SDK's per-violation level. */
function reportFinding(meta: PackPolicyMeta, report: ReportViolation, f: Finding): void {
    if (f.advisoryOnly) {
        // The object form of reportViolation exists at runtime (per-violation level and severity)
        // though the SDK's type only declares the string form.
        const viaObject = report as unknown as (v: {
            message: string;
            urn?: string | undefined;
            enforcementLevel: Level;
            severity?: string;
        }) => void;
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
 * The SDK validations of the resource policies built by `resourcePolicy`, each with the same
 * validation under given terms (`inTerms`, policies/packMode.ts): that one puts its terms in force
 * in its own frame, without a wrapper around every call.
 */
const validationsUnderTerms = new WeakMap<ResourceValidation, (t: Terms) => ResourceValidation>();

/** `validation` with `t` in force, when it is the validation of a policy `resourcePolicy` built; else undefined. */
export function validationUnderTerms(validation: ResourceValidation, t: Terms): ResourceValidation | undefined {
    return validationsUnderTerms.get(validation)?.(t);
}

/**
 * Builds a resource policy whose check can neither throw into the engine nor trip on unknowns,
 * and whose crashes (of the check or of the remediation) are reported, never passed.
 */
export function resourcePolicy(
    meta: PackPolicyMeta,
    check: (resource: ResourceInput, config: unknown) => Outcome,
    remedy?: Remedy,
): PackResourcePolicy {
    meta = withExemptionsOption(meta);
    const failedRemediations = new PendingFailures();
    const guarded = (resource: ResourceInput, config: unknown): Outcome => {
        // A check (or exemption) that crashed is reported at the policy's level, exempted or not:
        // an exemption covers what the policy found, never what it could not decide.
        try {
            return applyExemptions(check(resource, config), config, resource, resourceNames);
        } catch {
            return findings({ message: couldNotDecide(meta, terms().subject(resource)), cause: "internal-error" });
        }
    };
    /**
     * The SDK's validation, with `t` in force when given (else the terms already in force) while
     * the outcome is made; its text is made by then, so the SDK's not-applicable exception leaves
     * through no frame of the terms. The SDK's args are the resource the check reads (they have
     * its type, URN, name, props and provider): the engine calls this for every policy of every
     * resource, so nothing is copied.
     */
    const validationUnder =
        (t: Terms | undefined): ResourceValidation =>
        (args: ResourceValidationArgs, report: ReportViolation) => {
            let outcome: Outcome;
            const outer = t !== undefined ? enterTerms(t) : undefined;
            try {
                if (remedy && failedRemediations.take(args.urn))
                    reportFinding(meta, report, { message: remediationFailed(meta, terms().subject(args)) });
                // The request's aliases array: every policy's copy of the resource holds the same one (policies/assess.ts).
                const opts: unknown = args.opts;
                const request: unknown = isRecord(opts) ? opts.aliases : undefined;
                const config: unknown = args.getConfig();
                outcome = Array.isArray(request) ? sharingAssessmentsCall(request, guarded, args, config) : guarded(args, config);
            } finally {
                if (outer !== undefined) enterTerms(outer);
            }
            if ("notApplicable" in outcome) {
                sayNotApplicable(args, outcome.notApplicable);
                return;
            }
            for (const f of outcome.findings) reportFinding(meta, report, f);
        };
    const validateResource = validationUnder(undefined);
    validationsUnderTerms.set(validateResource, validationUnder);
    return {
        ...meta,
        tags: [...meta.tags],
        check: (resource, config) => completeOutcome(guarded(resource, config), resource.urn),
        ...(remedy && {
            remediate: (resource: ResourceInput & { readonly props: Record<string, unknown> }, config: unknown) => {
                try {
                    return remedy(resource, config);
                } catch {
                    return false;
                }
            },
            remediation: (resource: ResourceInput & { readonly props: Record<string, unknown> }, config: unknown): RemediationOutcome => {
                try {
                    return remedy(resource, config) ? "changed" : "unchanged";
                } catch {
                    return "failed";
                }
            },
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
        validateResource,
    };
}

/** Builds a stack policy with the same guarantees: it reads the resource list once and never throws. */
export function stackPolicy(
    meta: PackPolicyMeta,
    check: (resources: readonly StackResource[], config: unknown) => Outcome,
): PackStackPolicy {
    meta = withExemptionsOption(meta);
    const guarded = (resources: readonly StackResource[], config: unknown): Outcome => {
        // A check (or exemption) that crashed is reported at the policy's level, exempted or not:
        // an exemption covers what the policy found, never what it could not decide.
        try {
            return applyExemptions(check(resources, config), config, resources, stackNames);
        } catch {
            return findings({ message: couldNotDecide(meta, "the stack"), cause: "internal-error" });
        }
    };
    return {
        ...meta,
        tags: [...meta.tags],
        checkStack: (resources, config) => completeOutcome(guarded(resources, config), STACK_SUBJECT),
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const outcome = guarded(args.resources as readonly StackResource[], args.getConfig());
            if ("notApplicable" in outcome) {
                sayNotApplicable(args, outcome.notApplicable);
                return;
            }
            for (const f of outcome.findings) reportFinding(meta, report, f);
        },
    };
}
