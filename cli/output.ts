// The three output formats of obs-sse-check: the policy section as the Pulumi CLI prints it,
// one JSON document, and SARIF 2.1.0 for code-scanning dashboards.
import * as path from "node:path";
import type * as Sarif from "sarif";
import type { PackPolicy } from "../policies/policy";
import { renderPolicySection } from "../testing/replay";
import { PACK_VERSION, TOOL_NAME } from "./version";

export type Level = "advisory" | "mandatory";

export interface Finding {
    readonly policy: string;
    readonly enforcementLevel: Level;
    readonly severity: string;
    /** The Terraform address, or the Pulumi URN. */
    readonly resource: string;
    /** The Terraform resource type, or the Pulumi type token. */
    readonly resourceType: string;
    /** The name the Pulumi CLI shows: the Terraform address, or the Pulumi resource name. */
    readonly resourceName: string;
    readonly message: string;
    /** The input file or directory, as given on the command line. */
    readonly input: string;
}

export interface InputReport {
    readonly input: string;
    readonly kind: "terraform-plan" | "pulumi-program";
    /** Resources read (judged instances and provider configurations, or the program's resources). */
    readonly resources: number;
    /** Text lines printed before the policy section (e.g. "Previewing …", remediations). */
    readonly preamble: readonly string[];
    readonly packLabel: string;
    readonly findings: readonly Finding[];
}

/** The policy section of `pulumi preview` output, as the CLI prints it (the harness's own rendering), with a summary line. */
export function renderFindingsSection(packLabel: string, findings: readonly Finding[]): string {
    return renderPolicySection(packLabel, findings.map((f) => ({
        enforcementLevel: f.enforcementLevel, policyName: f.policy, resourceType: f.resourceType, resourceName: f.resourceName, message: f.message, urn: f.resource,
    })));
}

export function mandatoryCount(reports: readonly InputReport[]): number {
    return reports.reduce((n, r) => n + r.findings.filter((f) => f.enforcementLevel === "mandatory").length, 0);
}

export function renderText(reports: readonly InputReport[]): string {
    const out: string[] = [];
    for (const r of reports) {
        out.push(...r.preamble);
        out.push(renderFindingsSection(r.packLabel, r.findings));
    }
    const mandatory = mandatoryCount(reports);
    if (mandatory > 0) out.push(`\nerror: preview failed due to ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}`);
    return `${out.join("\n")}\n`;
}

export function renderJson(reports: readonly InputReport[]): string {
    const findings = reports.flatMap((r) => r.findings);
    const mandatory = mandatoryCount(reports);
    const doc = {
        tool: { name: TOOL_NAME, version: PACK_VERSION },
        inputs: reports.map((r) => ({ input: r.input, kind: r.kind, resources: r.resources, findings: r.findings.length })),
        findings: findings.map((f) => ({
            policy: f.policy, enforcementLevel: f.enforcementLevel, severity: f.severity, resource: f.resource,
            resourceType: f.resourceType, message: f.message, input: f.input,
        })),
        summary: { mandatory, advisory: findings.length - mandatory, resources: new Set(findings.map((f) => `${f.input}\u0000${f.resource}`)).size },
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A path as a SARIF artifact URI: relative to the working directory where possible, '/'-separated, URL-escaped. */
export function artifactUri(input: string): string {
    const rel = path.relative(process.cwd(), path.resolve(input));
    const p = rel === "" ? "." : rel.startsWith("..") ? path.resolve(input) : rel;
    const uri = p.split(path.sep).map(encodeURIComponent).join("/");
    return path.isAbsolute(p) ? `file://${uri}` : uri;
}

const SECURITY_SEVERITY: Record<string, string> = { low: "3.0", medium: "5.0", high: "8.0", critical: "9.5" };

/**
 * SARIF 2.1.0. `levelOf` gives each policy's configured level (--config), which becomes its
 * rule's default level; disabled policies are listed with their rule disabled.
 */
export function renderSarif(reports: readonly InputReport[], policies: readonly PackPolicy[], levelOf: (policy: string) => string): string {
    // Code scanning places results in files: a program is represented by its Pulumi.yaml.
    const fileOf = (r: InputReport) => (r.kind === "pulumi-program" ? path.join(r.input, "Pulumi.yaml") : r.input);
    const artifacts: Sarif.Artifact[] = reports.map((r) => ({ location: { uri: artifactUri(fileOf(r)) }, roles: ["analysisTarget"] }));
    const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
    const rules: Sarif.ReportingDescriptor[] = policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        help: { text: p.remediationSteps, markdown: `${p.remediationSteps}\n\n[Policy documentation](${p.url})` },
        helpUri: p.url,
        defaultConfiguration: levelOf(p.name) === "disabled"
            ? { enabled: false, level: "none" }
            : { level: levelOf(p.name) === "advisory" ? "warning" : "error" },
        properties: { tags: [...p.tags], "security-severity": SECURITY_SEVERITY[p.severity] ?? "5.0" },
    }));
    const results: Sarif.Result[] = reports.flatMap((r, artifactIndex) => r.findings.map((f): Sarif.Result => ({
        ruleId: f.policy,
        ...(ruleIndex.has(f.policy) && { ruleIndex: ruleIndex.get(f.policy) }),
        level: f.enforcementLevel === "mandatory" ? "error" : "warning",
        message: { text: f.message },
        locations: [{
            // Line 1: `terraform show -json` writes the plan as one line; code scanning needs a line to show.
            physicalLocation: { artifactLocation: { uri: artifactUri(fileOf(r)), index: artifactIndex }, region: { startLine: 1 } },
            logicalLocations: [{ fullyQualifiedName: f.resource, name: f.resourceName, kind: "resource" }],
        }],
        // Lets dashboards match a finding across runs: the same policy on the same resource.
        partialFingerprints: { "obsSseFinding/v1": `${f.policy}:${f.resource}` },
    })));
    const log: Sarif.Log = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [{
            tool: { driver: { name: TOOL_NAME, version: PACK_VERSION, semanticVersion: PACK_VERSION, rules } },
            artifacts,
            results,
            invocations: [{ executionSuccessful: true, exitCode: mandatoryCount(reports) > 0 ? 1 : 0 }],
        }],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}
