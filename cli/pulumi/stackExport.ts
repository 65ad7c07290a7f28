// Checks a `pulumi stack export` file as `pulumi policy analyze --file` checks a state with the pack:
// the same requests (engine/stackExport.ts: state inputs per resource with the provider's state
// inputs, outputs for the stack policies, deleted resources skipped, secrets decoded from plaintext
// or "[secret]"), run in-process through the pack's plain checks (policies/run.ts), in the pack's
// state terms. test/cli/stackExport.test.ts holds it to the real pack driven over the protocol.
// Remediations are reported, never applied, as `pulumi policy analyze` does; Analyze judges the
// inputs as they are, so a policy at the remediate level is reported as mandatory where its
// violation remains, as the engine reports it.
import type { ResourceInput } from "../../policies/assess";
import type { ProviderRef } from "../../policies/providers";
import { policies } from "../../policies/registry";
import { checkResources, checkStack, type CheckedRecord } from "../../policies/run";
import { resolvePropertyDependencies, type StackResource } from "../../policies/stack/view";
import { copyKeepingSecrets } from "../../policies/providers/rewrite";
import { PULUMI_STATE_TERMS, withTerms } from "../../policies/terms";
import { isRecord, Sensitive } from "../../policies/values";
import {
    analyzedResources,
    convertStateValue,
    readStackExport,
    StackExportError,
    type StackExport,
    type StateResource,
} from "../../engine/stackExport";
import type { CheckConfig } from "../config";
import { InputError } from "../inputError";
import type { Finding, InputReport } from "../report";
import { PACK_NAME, PACK_VERSION } from "../version";

const sensitive = (value: unknown): unknown => new Sensitive(value);

/** State props as the core reads them: secrets as `Sensitive`, internal keys dropped (as the engine sends them). */
function coreProps(props: Readonly<Record<string, unknown>>, where: string, file: string): unknown {
    return convertStateValue(props, false, sensitive, () => where, file);
}

/** Checks a parsed stack export; `input` names it in the report, `file` in messages about its content. */
export function checkStackExportDocument(doc: unknown, input: string, file: string, config: CheckConfig): InputReport {
    try {
        return checkState(readStackExport(doc, file), input, file, config);
    } catch (e) {
        if (e instanceof StackExportError) throw new InputError(e.message);
        throw e;
    }
}

function checkState(state: StackExport, input: string, file: string, config: CheckConfig): InputReport {
    const { resources: analyzed, missingProviders } = analyzedResources(state);
    // One reading of each provider's inputs, shared by every resource that uses it.
    const providers = new Map<StateResource, ProviderRef>();
    const providerOf = (p: StateResource | undefined): ProviderRef | undefined => {
        if (!p) return undefined;
        let ref = providers.get(p);
        if (!ref) providers.set(p, (ref = { type: p.type, urn: p.urn, name: p.name, props: coreProps(p.inputs, `${p.at}.inputs`, file) }));
        return ref;
    };
    const resources: ResourceInput[] = [];
    const stack: Array<{ propertyDependencies: Record<string, StackResource[]> } & StackResource> = [];
    for (const { resource: r, provider: p } of analyzed) {
        const provider = providerOf(p);
        resources.push({ type: r.type, urn: r.urn, name: r.name, props: coreProps(r.inputs, `${r.at}.inputs`, file), provider });
        const x = {
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: coreProps(r.outputs, `${r.at}.outputs`, file),
            provider,
            propertyDependencies: {},
        };
        stack.push(x);
    }
    resolvePropertyDependencies(stack, (i) => analyzed[i]?.resource.propertyDependencies);
    const remediations = proposedRemediations(resources, config);
    const records = [
        ...checkResources(policies, resources, config.policies, () => PULUMI_STATE_TERMS),
        ...checkStack(policies, stack, config.policies, PULUMI_STATE_TERMS),
    ];
    const subjects = new Map(resources.map((r) => [r.urn, r]));
    return {
        input,
        kind: "pulumi-stack-export",
        resources: resources.length,
        heading: { shownAs: input, source: `Pulumi stack export, deployment v${state.version}` },
        preamble: [
            ...(missingProviders > 0
                ? [
                      `    ! ${missingProviders} resource${missingProviders === 1 ? " names a provider" : "s name providers"} the export does not hold: checked with no provider, as pulumi policy analyze does`,
                  ]
                : []),
            ...remediations.map((r) => `    ~ ${r.policy} would remediate ${r.urn} (reported, not applied)`),
        ],
        packLabel: `${PACK_NAME}@v${PACK_VERSION}`,
        findings: records.map((d) => toFinding(d, input, subjects)),
    };
}

/**
 * The remediations the pack proposes, as `pulumi policy analyze` reports them: each policy at the
 * remediate level, on a copy of each resource's inputs; nothing is applied.
 */
export function proposedRemediations(resources: readonly ResourceInput[], config: CheckConfig): Array<{ policy: string; urn: string }> {
    const active = policies.flatMap((p) =>
        "remediate" in p && p.remediate !== undefined && config.policies[p.name]?.enforcementLevel === "remediate"
            ? [{ name: p.name, remediate: p.remediate, properties: config.policies[p.name]?.properties ?? {} }]
            : [],
    );
    const out: Array<{ policy: string; urn: string }> = [];
    if (active.length === 0) return out;
    for (const r of resources) {
        for (const p of active) {
            const props = copyKeepingSecrets(r.props);
            if (!isRecord(props)) continue;
            if (withTerms(PULUMI_STATE_TERMS, () => p.remediate({ ...r, props }, p.properties))) out.push({ policy: p.name, urn: r.urn });
        }
    }
    return out;
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
