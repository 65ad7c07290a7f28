// Checks a captured Pulumi program (engine/capture.ts) as `pulumi preview --policy-pack` checks it
// with the pack: the requests engine/replay.ts sends a pack process, run in-process through the
// pack's plain checks (policies/run.ts), in the pack's preview terms. For each resource in
// registration order: Remediate (the policies at the remediate level, in the pack's order, each
// on the inputs the previous one left; a provider's remediated inputs are what every later
// resource sees of it), then Analyze on the remediated inputs with the provider attached; at the
// end AnalyzeStack over every resource (the remediated inputs: outputs during preview are the
// inputs) with its property dependencies. Values as the pack's SDK hands them to the policies:
// each secret a sensitive wrapper, unknowns as the engine's sentinels. test/e2e/programParity.test.ts
// holds it to the real pack driven over the protocol.
import type { ResourceInput } from "../../policies/assess";
import { completeFinding, remediationFailed, type CheckedFinding, type PackPolicy, type PackResourcePolicy } from "../../policies/policy";
import type { ProviderRef } from "../../policies/providers";
import { copyKeepingSecrets } from "../../policies/providers/rewrite";
import { checkResources, checkStack, levelOf, record, type CheckedRecord, type PolicyConfig } from "../../policies/run";
import { resolvePropertyDependencies, type StackResource } from "../../policies/stack/view";
import { PULUMI_TERMS, terms, withTerms } from "../../policies/terms";
import { IS_PROXY, isRecord, isSensitiveWrapper, PROXY_TARGET, Sensitive, wrapSensitiveLike } from "../../policies/values";
import { PROVIDER_TYPE_PREFIX, SECRET_SIG, SIG_KEY } from "../../policies/wireValues";
import type { CapturedProgram } from "../../engine/capture";
import type { WireProps, WireProvider, WireValue } from "../../engine/wire";

/** A finding of the program, with the resource the Pulumi CLI names beside it. */
export interface ProgramRecord extends CheckedRecord {
    /** Type token and name of the resource analyzed (Analyze), or of the resource the finding names (AnalyzeStack). */
    readonly resourceType: string;
    readonly resourceName: string;
    readonly phase: "analyze" | "analyzeStack";
}

export interface ProgramCheck {
    /** Every finding, in the order the pack reports them: per resource, then the stack's. */
    readonly records: readonly ProgramRecord[];
    /** Each remediation that changed a resource's inputs, in order. */
    readonly remediated: ReadonlyArray<{ readonly urn: string; readonly policyName: string }>;
    /** Each resource (URN, in order) with the enabled resource policies that said they do not apply to it. */
    readonly analyzed: ReadonlyArray<{ readonly urn: string; readonly notApplicable: readonly string[] }>;
}

/**
 * A value of the protocol as the pack's SDK deserializes it for the policies: a secret becomes a
 * sensitive wrapper of its value, everything else stays (unknown sentinels are strings the readers
 * know; assets and archives are objects no policy reads into).
 */
export function coreValue(v: WireValue): unknown {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(coreValue);
    if (v[SIG_KEY] === SECRET_SIG) return new Sensitive(coreValue(v.value ?? null));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = coreValue(x);
    return out;
}

function coreProps(props: WireProps): Record<string, unknown> {
    return coreValue(props) as Record<string, unknown>;
}

/**
 * `target` seen as the SDK's secret-preserving proxy shows a remediation its inputs: a sensitive
 * value is read as what it wraps (proxied in turn), and a value written where a sensitive one was
 * stays sensitive. It answers the keys values.ts peels proxies by, so readers see the target.
 */
function secretsPreserving(target: unknown): unknown {
    if (typeof target !== "object" || target === null) return target;
    return new Proxy(target, {
        get: (t, key) => {
            if (key === IS_PROXY) return true;
            if (key === PROXY_TARGET) return t;
            const value: unknown = Reflect.get(t, key);
            return secretsPreserving(isSensitiveWrapper(value) ? value.value : value);
        },
        set: (t, key, value: unknown) => {
            const current: unknown = Reflect.get(t, key);
            return Reflect.set(t, key, isSensitiveWrapper(current) ? wrapSensitiveLike(current, value) : value);
        },
    });
}

/** A resource policy with a remediation, at the remediate level. */
interface ActiveRemediation {
    readonly policy: PackResourcePolicy & Required<Pick<PackResourcePolicy, "remediation">>;
    readonly properties: Record<string, unknown>;
}

function activeRemediations(policies: readonly PackPolicy[], config: PolicyConfig): ActiveRemediation[] {
    return policies.flatMap((p) =>
        "remediation" in p && p.remediation !== undefined && (config[p.name]?.enforcementLevel ?? p.enforcementLevel) === "remediate"
            ? [{ policy: p as ActiveRemediation["policy"], properties: config[p.name]?.properties ?? {} }]
            : [],
    );
}

/** Type and name of the resource a URN names, as the Pulumi CLI prints them beside a stack policy's finding. */
function nameOfUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const qualified = parts[2] ?? "";
    return { type: qualified.split("$").pop() ?? qualified, name: parts.slice(3).join("::") };
}

/** Checks a captured program with `policies` (the pack's, in its order) configured as `config` (reconciled). */
export function checkCapturedProgram(program: CapturedProgram, policies: readonly PackPolicy[], config: PolicyConfig): ProgramCheck {
    return withTerms(PULUMI_TERMS, () => check(program, policies, config));
}

function check(program: CapturedProgram, policies: readonly PackPolicy[], config: PolicyConfig): ProgramCheck {
    const remediations = activeRemediations(policies, config);
    const enabledResourcePolicies = policies.filter(
        (p) => "check" in p && (config[p.name]?.enforcementLevel ?? p.enforcementLevel) !== "disabled",
    );
    const records: ProgramRecord[] = [];
    const remediated: Array<{ urn: string; policyName: string }> = [];
    const analyzed: Array<{ urn: string; notApplicable: string[] }> = [];
    // Each provider resource's inputs, as Remediate left them.
    const providerInputs = new Map<string, Record<string, unknown>>();
    // A provider resource's inputs, once registered, are what every later resource sees of it
    // (remediated or not): one reference, shared by them all. Before that, the provider as attached.
    const providerRefs = new Map<string, ProviderRef>();
    const providerOf = (p: WireProvider | undefined): ProviderRef | undefined => {
        if (p === undefined) return undefined;
        const inputs = providerInputs.get(p.urn);
        if (inputs === undefined) return { type: p.type, urn: p.urn, name: p.name, props: coreProps(p.properties) };
        let ref = providerRefs.get(p.urn);
        if (ref === undefined) {
            ref = { type: p.type, urn: p.urn, name: p.name, props: inputs };
            providerRefs.set(p.urn, ref);
        }
        return ref;
    };
    const stack: Array<StackResource & { propertyDependencies: Record<string, StackResource[]> }> = [];
    for (const wire of program.resources) {
        const provider = providerOf(wire.provider);
        let props = coreProps(wire.properties);
        const failed: PackPolicy[] = [];
        for (const { policy, properties } of remediations) {
            const copy = copyKeepingSecrets(props);
            if (!isRecord(copy)) continue;
            const writable = secretsPreserving(copy) as Record<string, unknown>;
            const outcome = policy.remediation({ type: wire.type, urn: wire.urn, name: wire.name, props: writable, provider }, properties);
            if (outcome === "failed") failed.push(policy);
            if (outcome !== "changed") continue;
            props = copy;
            remediated.push({ urn: wire.urn, policyName: policy.name });
        }
        if (wire.type.startsWith(PROVIDER_TYPE_PREFIX)) {
            providerInputs.set(wire.urn, props);
            providerRefs.delete(wire.urn);
        }
        const resource: ResourceInput = { type: wire.type, urn: wire.urn, name: wire.name, props, ...(provider && { provider }) };
        const judged = new Set<string>();
        const found = checkResources(
            policies,
            [resource],
            config,
            () => PULUMI_TERMS,
            (_, policy) => judged.add(policy),
        );
        // The pack's validation reports a crashed remediation first among its policy's findings.
        const reported: CheckedRecord[] = [];
        for (const policy of failed) {
            const level = levelOf(policy, config);
            if (level === undefined || !enabledResourcePolicies.includes(policy)) continue;
            const finding: CheckedFinding = completeFinding(
                { message: remediationFailed(policy, terms().subject(resource)), cause: "internal-error" },
                resource.urn,
            );
            reported.push(record(policy, level, resource.urn, finding));
        }
        reported.push(...found);
        for (const r of ordered(enabledResourcePolicies, reported))
            records.push({ ...r, resourceType: wire.type, resourceName: wire.name, phase: "analyze" });
        analyzed.push({ urn: wire.urn, notApplicable: enabledResourcePolicies.filter((p) => !judged.has(p.name)).map((p) => p.name) });
        stack.push({ type: wire.type, urn: wire.urn, name: wire.name, props, ...(provider && { provider }), propertyDependencies: {} });
    }
    resolvePropertyDependencies(stack, (i) => program.resources[i]?.propertyDependencies);
    for (const r of checkStack(policies, stack, config, PULUMI_TERMS)) {
        const named = r.subject === "" ? { type: "", name: "" } : nameOfUrn(r.subject);
        records.push({ ...r, resourceType: named.type, resourceName: named.name, phase: "analyzeStack" });
    }
    return { records, remediated, analyzed };
}

/** Records in the pack's order: by policy, in the pack's order; within a policy, as reported. */
function ordered(policies: readonly PackPolicy[], records: readonly CheckedRecord[]): CheckedRecord[] {
    return policies.flatMap((p) => records.filter((r) => r.policy === p.name));
}
