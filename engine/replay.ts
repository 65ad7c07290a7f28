// Replays a captured program to a running pack the way the engine drives analyzers during
// `pulumi preview`: for each resource in registration order, Remediate (whose new properties
// become the resource's inputs, and for a provider, the provider every later resource sees),
// then Analyze; at the end, AnalyzeStack over every resource with its dependencies.
import { PROVIDER_TYPE_PREFIX } from "../policies/wireValues";
import type { CapturedProgram } from "./capture";
import type { Diagnostic, NotApplicable, PackProcess } from "./pack";
import type { WireProps, WireResource } from "./wire";

export interface ReplayedDiagnostic extends Diagnostic {
    /** Type and name of the resource the diagnostic is about, as the CLI prints them. */
    readonly resourceType: string;
    readonly resourceName: string;
    readonly phase: "analyze" | "analyzeStack";
}

export interface ReplayResult {
    readonly diagnostics: ReplayedDiagnostic[];
    readonly notApplicable: Array<NotApplicable & { urn: string }>;
    /** Resources whose inputs a remediation changed, with the new inputs. */
    readonly remediated: Array<{ urn: string; policyName: string; properties: WireProps }>;
}

function nameOfUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const qualified = parts[2] ?? "";
    return { type: qualified.split("$").pop() ?? qualified, name: parts.slice(3).join("::") };
}

export async function replayProgram(pack: PackProcess, program: CapturedProgram): Promise<ReplayResult> {
    const diagnostics: ReplayedDiagnostic[] = [];
    const notApplicable: ReplayResult["notApplicable"] = [];
    const remediated: ReplayResult["remediated"] = [];
    const providerInputs = new Map<string, WireProps>();
    const analyzed: WireResource[] = [];
    for (const original of program.resources) {
        let resource: WireResource =
            original.provider && providerInputs.has(original.provider.urn)
                ? { ...original, provider: { ...original.provider, properties: providerInputs.get(original.provider.urn)! } }
                : original;
        const rem = await pack.remediate(resource);
        for (const r of rem.remediations) {
            if (!r.properties) continue;
            resource = { ...resource, properties: r.properties };
            remediated.push({ urn: resource.urn, policyName: r.policyName, properties: r.properties });
        }
        if (resource.type.startsWith(PROVIDER_TYPE_PREFIX)) providerInputs.set(resource.urn, resource.properties);
        analyzed.push(resource);
        // Analyze gets the resource without its dependency lists, as the engine sends it.
        const res = await pack.analyze({
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            properties: resource.properties,
            provider: resource.provider,
            parent: resource.parent,
        });
        for (const d of res.diagnostics)
            diagnostics.push({
                ...d,
                urn: d.urn || resource.urn,
                resourceType: resource.type,
                resourceName: resource.name,
                phase: "analyze",
            });
        for (const n of res.notApplicable) notApplicable.push({ ...n, urn: resource.urn });
    }
    // Outputs during preview are the inputs (the mocks answer a preview create with them).
    const stack = await pack.analyzeStack(analyzed);
    for (const d of stack.diagnostics) {
        const { type, name } = nameOfUrn(d.urn);
        diagnostics.push({ ...d, resourceType: type, resourceName: name, phase: "analyzeStack" });
    }
    return { diagnostics, notApplicable, remediated };
}

const LEVEL_ORDER = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 } as const;

/** What the policy section shows of a diagnostic (obs-sse-check renders its findings with it too). */
export type ShownDiagnostic = Pick<
    ReplayedDiagnostic,
    "enforcementLevel" | "policyName" | "resourceType" | "resourceName" | "message" | "urn"
>;

/** The policy section of `pulumi preview` output, as the CLI prints it, with a summary line. */
export function renderPolicySection(packLabel: string, diagnostics: readonly ShownDiagnostic[]): string {
    const lines: string[] = [];
    const mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
    lines.push("Policies:");
    lines.push(`    ${mandatory > 0 ? "❌" : diagnostics.length > 0 ? "⚠️ " : "✅"} ${packLabel}`);
    const sorted = [...diagnostics].sort((a, b) => LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel]);
    for (const d of sorted) {
        lines.push(`        - [${d.enforcementLevel}]  ${d.policyName}  (${d.resourceType}: ${d.resourceName})`);
        for (const l of d.message.split("\n")) lines.push(`          ${l}`);
    }
    const advisory = diagnostics.length - mandatory;
    lines.push("");
    lines.push(
        `Summary: ${mandatory} mandatory, ${advisory} advisory violation${advisory === 1 ? "" : "s"} on ${new Set(diagnostics.map((d) => d.urn)).size} resources.`,
    );
    return lines.join("\n");
}
