// Checks a `pulumi stack export` file as `pulumi policy analyze --file` checks a state with the pack:
// the same requests (engine/stackExport.ts: state inputs per resource with the provider's state
// inputs, outputs for the stack policies, deleted resources skipped, secrets decoded from plaintext
// or "[secret]"), run in-process through the pack's plain checks (policies/run.ts), in the pack's
// state terms. test/cli/stackExport.test.ts holds it to the real pack driven over the protocol.
// Remediations are not run: `pulumi policy analyze` only reports them, and a policy at the
// remediate level is reported here as mandatory, as the engine reports it when it remains.
import type { ResourceInput } from "../../policies/assess";
import type { ProviderRef } from "../../policies/providers";
import { policies } from "../../policies/registry";
import { checkResources, checkStack, type CheckedRecord } from "../../policies/run";
import type { StackResource } from "../../policies/stack/view";
import { PULUMI_STATE_TERMS } from "../../policies/terms";
import { isRecord, Sensitive } from "../../policies/values";
import { SECRET_SIG, SIG_KEY } from "../../policies/wireValues";
import { readStackExport, stateRequests, StackExportError } from "../../engine/stackExport";
import type { WireProps, WireProvider, WireValue } from "../../engine/wire";
import type { CheckConfig } from "../config";
import { InputError } from "../inputError";
import type { Finding, InputReport } from "../report";
import { PACK_NAME, PACK_VERSION } from "../version";

/** A wire value as the core reads it: secrets as `Sensitive`, everything else as it is. */
function coreValue(v: WireValue): unknown {
    if (Array.isArray(v)) return v.map(coreValue);
    if (!isRecord(v)) return v;
    if (v[SIG_KEY] === SECRET_SIG) return new Sensitive(coreValue((v as { value?: WireValue }).value ?? null));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = coreValue(x);
    return out;
}

function coreProps(p: WireProps): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(p)) out[k] = coreValue(x);
    return out;
}

/** Checks a parsed stack export; `input` names it in the report. */
export function checkStackExportDocument(doc: unknown, input: string, file: string, config: CheckConfig): InputReport {
    let requests: ReturnType<typeof stateRequests>;
    let version: number;
    try {
        const state = readStackExport(doc, file);
        version = state.version;
        requests = stateRequests(state, file);
    } catch (e) {
        if (e instanceof StackExportError) throw new InputError(e.message);
        throw e;
    }
    // One reading of each provider's inputs, shared by every resource that uses it.
    const providers = new Map<WireProvider, ProviderRef>();
    const providerOf = (p: WireProvider | undefined): ProviderRef | undefined => {
        if (!p) return undefined;
        let ref = providers.get(p);
        if (!ref) providers.set(p, (ref = { type: p.type, urn: p.urn, name: p.name, props: coreProps(p.properties) }));
        return ref;
    };
    const resources: ResourceInput[] = requests.perResource.map(({ analyze: r }) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: coreProps(r.properties),
        provider: providerOf(r.provider),
    }));
    const byUrn = new Map<string, { propertyDependencies: Record<string, StackResource[]> } & StackResource>();
    const stack = requests.stack.map((r) => {
        const x = {
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: coreProps(r.properties),
            provider: providerOf(r.provider),
            propertyDependencies: {} as Record<string, StackResource[]>,
        };
        byUrn.set(r.urn, x);
        return x;
    });
    requests.stack.forEach((r, i) => {
        // stack was mapped from requests.stack, so it has an entry at every i.
        const resource = stack[i]!;
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {}))
            resource.propertyDependencies[k] = urns.flatMap((u) => byUrn.get(u) ?? []);
    });
    const records = [
        ...checkResources(policies, resources, config.policies, () => PULUMI_STATE_TERMS),
        ...checkStack(policies, stack, config.policies, PULUMI_STATE_TERMS),
    ];
    const subjects = new Map(resources.map((r) => [r.urn, r]));
    return {
        input,
        kind: "pulumi-stack-export",
        resources: resources.length,
        heading: { shownAs: input, source: `Pulumi stack export, deployment v${version}` },
        preamble:
            requests.missingProviders > 0
                ? [
                      `    ! ${requests.missingProviders} resource${requests.missingProviders === 1 ? " names a provider" : "s name providers"} the export does not hold: checked with no provider, as pulumi policy analyze does`,
                  ]
                : [],
        packLabel: `${PACK_NAME}@v${PACK_VERSION}`,
        findings: records.map((d) => toFinding(d, input, subjects)),
    };
}

function toFinding(d: CheckedRecord, input: string, subjects: ReadonlyMap<string, ResourceInput>): Finding {
    const subject = subjects.get(d.subject);
    const { fix, calls, cause } = d.finding;
    return {
        policy: d.policy,
        enforcementLevel: d.level,
        severity: d.severity,
        resource: d.subject || "(stack)",
        resourceType: subject ? subject.type : "stack",
        resourceName: subject ? subject.name : "(stack)",
        message: d.message,
        input,
        calls,
        ...(fix !== undefined && { fix }),
        cause,
    };
}
