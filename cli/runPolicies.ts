// Runs the pack's policies in-process on resources that did not come from the Pulumi engine (a
// Terraform plan), with arguments built the way @pulumi/policy's analyzer server builds them for
// Analyze and AnalyzeStack: props behind the SDK's unknown-checking proxy, getConfig returning a
// policy's properties without its level, notApplicable by exception, and the levels the server
// applies (a policy's configured level, "disabled" skipped, "remediate" reported as mandatory,
// since nothing is remediated here).
import type { ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { PackPolicy } from "../policies/policy";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

/** A policy's configuration after reconciliation (the shape Configure hands the server). */
export type PolicyConfig = Readonly<Record<string, { readonly enforcementLevel: EnforcementLevel; readonly properties: Record<string, unknown> }>>;

export interface ProviderArg {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
}

export interface ResourceArg {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly provider?: ProviderArg;
}

export interface StackResourceArg extends ResourceArg {
    /** URNs of the resources each property refers to. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface Diagnostic {
    readonly policyName: string;
    readonly enforcementLevel: "advisory" | "mandatory";
    readonly severity: string;
    readonly message: string;
    /** The resource the diagnostic is about. */
    readonly urn: string;
}

const proxy = unknownCheckingProxy as unknown as <T>(v: T) => T;

/**
 * Thrown by args.notApplicable. Not an Error: the pack calls it for most resources of a large
 * plan, and capturing a stack trace each time cost more than the checks themselves.
 */
class NotApplicable {
    constructor(readonly reason?: string) {}
}

const throwNotApplicable = (reason?: string): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw new NotApplicable(reason);
};

const OPTIONS = Object.freeze({ protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] });

function levelOf(policy: PackPolicy, config: PolicyConfig): "advisory" | "mandatory" | undefined {
    const level = config[policy.name]?.enforcementLevel ?? policy.enforcementLevel;
    if (level === "disabled") return undefined;
    return level === "remediate" ? "mandatory" : level;
}

/** The server's reportViolation: a string gets the description prepended, an object keeps its own level. */
function reporter(policy: PackPolicy, level: "advisory" | "mandatory", fallbackUrn: string | undefined, out: Diagnostic[]): ReportViolation {
    return ((v: string | { message?: string; description?: string; urn?: string; enforcementLevel?: string; severity?: string }, urn?: string) => {
        if (typeof v === "object") {
            out.push({
                policyName: policy.name,
                enforcementLevel: v.enforcementLevel === "advisory" ? "advisory" : v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate" ? "mandatory" : level,
                severity: v.severity ?? policy.severity,
                message: v.message ?? v.description ?? policy.description,
                urn: v.urn || fallbackUrn || "",
            });
        } else {
            out.push({ policyName: policy.name, enforcementLevel: level, severity: policy.severity, message: v ? `${policy.description}\n${v}` : policy.description, urn: urn || fallbackUrn || "" });
        }
    }) as ReportViolation;
}

function cantRun(policy: PackPolicy, e: UnknownValueError, urn: string): Diagnostic {
    return { policyName: policy.name, enforcementLevel: "advisory", severity: policy.severity, message: `can't run policy '${policy.name}' during preview: ${e.message}`, urn };
}

function providerArg(p: ProviderArg | undefined): ProviderArg | undefined {
    return p && { type: p.type, urn: p.urn, name: p.name, props: proxy(p.props) };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
    return typeof v === "object" && v !== null && typeof (v as PromiseLike<unknown>).then === "function";
}

/** Analyze: every resource policy on each resource, in the pack's order. */
export async function analyzeResources(policies: readonly PackPolicy[], resources: Iterable<ResourceArg>, config: PolicyConfig): Promise<Diagnostic[]> {
    const out: Diagnostic[] = [];
    const active = policies.flatMap((p) => {
        const level = levelOf(p, config);
        return level && "validateResource" in p && p.validateResource ? [{ policy: p, level, properties: config[p.name]?.properties ?? {} }] : [];
    });
    for (const r of resources) {
        const props = proxy(r.props);
        const provider = providerArg(r.provider);
        for (const { policy, level, properties } of active) {
            const args = {
                type: r.type, props, urn: r.urn, name: r.name, opts: OPTIONS, stackTags: new Map<string, string>(),
                isType: () => false, asType: () => undefined,
                getConfig: () => properties,
                notApplicable: throwNotApplicable,
                ...(provider && { provider }),
            } as unknown as ResourceValidationArgs;
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            try {
                for (const validate of validations) {
                    // The pack's checks are synchronous; awaiting only promises keeps 50,000 resources cheap.
                    const result: unknown = validate?.(args, reporter(policy, level, r.urn, out));
                    if (isThenable(result)) await result;
                }
            } catch (e) {
                if (e instanceof UnknownValueError) out.push(cantRun(policy, e, r.urn));
                else if (!(e instanceof NotApplicable)) throw e;
            }
        }
    }
    return out;
}

/** AnalyzeStack: every stack policy over all resources, dependencies resolved from URNs. */
export async function analyzeStack(policies: readonly PackPolicy[], resources: readonly StackResourceArg[], config: PolicyConfig): Promise<Diagnostic[]> {
    const out: Diagnostic[] = [];
    const active = policies.flatMap((p) => {
        const level = levelOf(p, config);
        return level && "validateStack" in p ? [{ policy: p, level, properties: config[p.name]?.properties ?? {} }] : [];
    });
    if (active.length === 0) return out;
    type Resolved = Omit<StackResourceArg, "propertyDependencies"> & { dependencies: Resolved[]; propertyDependencies: Record<string, Resolved[]>; opts: typeof OPTIONS };
    const byUrn = new Map<string, Resolved>();
    const resolved = resources.map((r) => {
        const x: Resolved = { type: r.type, urn: r.urn, name: r.name, props: proxy(r.props), provider: providerArg(r.provider), opts: OPTIONS, dependencies: [], propertyDependencies: {} };
        byUrn.set(r.urn, x);
        return x;
    });
    resources.forEach((r, i) => {
        for (const [k, urns] of Object.entries(r.propertyDependencies)) {
            const deps = urns.map((u) => byUrn.get(u)).filter((d): d is Resolved => d !== undefined);
            resolved[i].propertyDependencies[k] = deps;
            resolved[i].dependencies.push(...deps);
        }
    });
    for (const { policy, level, properties } of active) {
        if (!("validateStack" in policy)) continue;
        const args = { resources: resolved, getConfig: () => properties, stackTags: new Map<string, string>(), notApplicable: throwNotApplicable } as unknown as StackValidationArgs;
        try {
            const result: unknown = policy.validateStack(args, reporter(policy, level, undefined, out));
            if (isThenable(result)) await result;
        } catch (e) {
            if (e instanceof UnknownValueError) out.push(cantRun(policy, e, ""));
            else if (!(e instanceof NotApplicable)) throw e;
        }
    }
    return out;
}
