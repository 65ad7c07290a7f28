// Drives a pack over a stack's state the way `pulumi policy analyze` does
// (pulumi/pulumi pkg/resource/deploy/analyze_snapshot.go): the pack launched with no stack options
// (no ConfigureStack, none of the engine's PULUMI_* variables), policy config through Configure,
// then per resource not deleted Remediate (reported, never applied) and Analyze on the state inputs,
// and at the end one AnalyzeStack over every resource's outputs.
import { readFileSync } from "node:fs";
import type { PolicyConfigFile } from "./config";
import type { NotApplicable, PackProcess } from "./pack";
import type { ReplayedDiagnostic } from "./replay";
import { readStackExport, stateRequests, StackExportError, type StackExport } from "./stackExport";
import type { WireProps } from "./wire";

export interface StateAnalysis {
    /** What each call reported, in the order the engine shows them. */
    readonly diagnostics: ReplayedDiagnostic[];
    readonly notApplicable: Array<NotApplicable & { urn: string }>;
    /** Remediations the pack proposed: reported as `pulumi policy analyze` reports them, never applied. */
    readonly remediations: Array<{ urn: string; policyName: string; properties: WireProps }>;
    /** The export's deployment version and CLI version. */
    readonly version: number;
    readonly cliVersion?: string;
    /** Resources analyzed (not deleted), and how many of them name a provider the export does not hold. */
    readonly resourceCount: number;
    readonly missingProviders: number;
}

/** An export given as the path of a file, or as the parsed document. */
export type StackExportSource = string | Readonly<Record<string, unknown>>;

/** Reads an export from a file path or takes the parsed document. */
export function loadStackExport(source: StackExportSource): { state: StackExport; file: string } {
    if (typeof source !== "string") return { state: readStackExport(source, "stack export"), file: "stack export" };
    let doc: unknown;
    try {
        doc = JSON.parse(readFileSync(source, "utf8"));
    } catch (e) {
        throw new StackExportError(`${source}: ${e instanceof SyntaxError ? "is not JSON" : "cannot be read"}`);
    }
    return { state: readStackExport(doc, source), file: source };
}

/**
 * Sends a state to `pack` as `pulumi policy analyze --file` does. The pack must have been launched
 * for analyze (`mode: "analyze"`), as the CLI launches it: with the variables a deployment sets, a
 * pack would word its findings as a preview's.
 */
export async function analyzeStateWith(
    pack: PackProcess,
    source: StackExportSource,
    policyConfig: PolicyConfigFile = {},
): Promise<StateAnalysis> {
    if (pack.mode !== "analyze")
        throw new Error(
            'analyzeState needs a pack launched for analyze (launchPack({ mode: "analyze" })), as `pulumi policy analyze` launches it',
        );
    const { state, file } = loadStackExport(source);
    const requests = stateRequests(state, file);
    await pack.configure(policyConfig);
    const diagnostics: ReplayedDiagnostic[] = [];
    const notApplicable: StateAnalysis["notApplicable"] = [];
    const remediations: StateAnalysis["remediations"] = [];
    for (const { remediate, analyze } of requests.perResource) {
        const rem = await pack.remediate(remediate);
        for (const r of rem.remediations) {
            if (r.diagnostic !== "")
                diagnostics.push({
                    policyName: r.policyName,
                    policyPackName: "",
                    policyPackVersion: "",
                    description: r.description,
                    message: r.diagnostic,
                    enforcementLevel: "advisory",
                    severity: "",
                    urn: remediate.urn,
                    resourceType: remediate.type,
                    resourceName: remediate.name,
                    phase: "analyze",
                });
            else if (r.properties) remediations.push({ urn: remediate.urn, policyName: r.policyName, properties: r.properties });
        }
        const res = await pack.analyze(analyze);
        for (const d of res.diagnostics)
            diagnostics.push({
                ...d,
                // As the engine does: a remediate-level violation that remains is mandatory.
                enforcementLevel: d.enforcementLevel === "remediate" ? "mandatory" : d.enforcementLevel,
                urn: d.urn || analyze.urn,
                resourceType: analyze.type,
                resourceName: analyze.name,
                phase: "analyze",
            });
        for (const n of res.notApplicable) notApplicable.push({ ...n, urn: analyze.urn });
    }
    const byUrn = new Map(requests.stack.map((r) => [r.urn, r]));
    const stack = await pack.analyzeStack(requests.stack);
    for (const d of stack.diagnostics) {
        const subject = byUrn.get(d.urn);
        diagnostics.push({
            ...d,
            enforcementLevel: d.enforcementLevel === "remediate" ? "mandatory" : d.enforcementLevel,
            resourceType: subject?.type ?? "",
            resourceName: subject?.name ?? "",
            phase: "analyzeStack",
        });
    }
    return {
        diagnostics,
        notApplicable,
        remediations,
        version: state.version,
        ...(state.cliVersion !== undefined && { cliVersion: state.cliVersion }),
        resourceCount: requests.perResource.length,
        missingProviders: requests.missingProviders,
    };
}
