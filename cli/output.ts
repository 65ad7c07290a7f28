// The three output formats of obs-sse-check: the policy section as the Pulumi CLI prints it,
// one JSON document, and SARIF 2.1.0 for code-scanning dashboards. Each is written as a sequence
// of pieces (a generator) to a stream, never as one string: 200,000 findings are hundreds of MiB.
// The text format is in render/text.ts (re-exported here).
import { createHash } from "node:crypto";
import * as path from "node:path";
import type * as Sarif from "sarif";
import type { PackPolicy } from "../policies/policy";
import { PACK_VERSION, TOOL_NAME } from "./version";

export {
    MAX_TEXT_MESSAGE_CHARS,
    findingsSectionLines,
    renderFindingsSection,
    renderText,
    textMessageLines,
    textReport,
} from "./render/text";

export type { Finding, InputHeading, InputReport, InputReportKind, Level, Suppression } from "./report";
import type { Finding, InputReport } from "./report";

export function mandatoryCount(reports: readonly InputReport[]): number {
    return reports.reduce((n, r) => n + r.findings.filter((f) => f.enforcementLevel === "mandatory").length, 0);
}

const ARRAY_MARKER = "\u0000obs-sse-check:array\u0000";

/**
 * `JSON.stringify(doc, null, 2)` of `doc` with `items` as the value of `holder[key]` (`holder` is
 * `doc` or an object within it), in pieces: the document around the array once, then one piece
 * per item.
 */
function* jsonWithArray(doc: object, holder: object, key: string, items: Iterable<unknown>): Generator<string> {
    const text = JSON.stringify(
        doc,
        function (this: unknown, k: string, v: unknown) {
            return this === holder && k === key ? ARRAY_MARKER : v;
        },
        2,
    );
    // Quotes in input strings are escaped, so this text (unescaped quotes around the key) is the skeleton's own.
    const placeholder = `${JSON.stringify(key)}: ${JSON.stringify(ARRAY_MARKER)}`;
    const at = text.indexOf(placeholder);
    if (at < 0 || text.indexOf(placeholder, at + 1) >= 0) throw new Error(`jsonWithArray: the document must hold ${key} exactly once`);
    const lineStart = text.lastIndexOf("\n", at) + 1;
    const indent = " ".repeat(at - lineStart + 2);
    yield `${text.slice(0, at)}${JSON.stringify(key)}: [`;
    let first = true;
    for (const item of items) {
        yield `${first ? "" : ","}\n${indent}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${indent}`)}`;
        first = false;
    }
    yield first ? "]" : `\n${indent.slice(2)}]`;
    yield `${text.slice(at + placeholder.length)}\n`;
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
    for (const item of items) yield f(item);
}

function* findingsOf(reports: readonly InputReport[]): Generator<Finding> {
    for (const r of reports) yield* r.findings;
}

/** The JSON report, in pieces: the same text as `JSON.stringify(report, null, 2)`. */
export function jsonReport(reports: readonly InputReport[]): Generator<string> {
    const mandatory = mandatoryCount(reports);
    const total = reports.reduce((n, r) => n + r.findings.length, 0);
    const resources = new Set<string>();
    for (const f of findingsOf(reports)) resources.add(`${f.input}\u0000${f.resource}`);
    const doc = {
        tool: { name: TOOL_NAME, version: PACK_VERSION },
        inputs: reports.map((r) => ({ input: r.input, kind: r.kind, resources: r.resources, findings: r.findings.length })),
        findings: [],
        summary: { mandatory, advisory: total - mandatory, resources: resources.size },
    };
    return jsonWithArray(
        doc,
        doc,
        "findings",
        map(findingsOf(reports), (f) => ({
            policy: f.policy,
            enforcementLevel: f.enforcementLevel,
            severity: f.severity,
            resource: f.resource,
            resourceType: f.resourceType,
            message: f.message,
            input: f.input,
            ...(f.calls !== undefined && { calls: f.calls }),
            ...(f.fix !== undefined && { fix: f.fix }),
            ...(f.location !== undefined && { location: f.location }),
        })),
    );
}

/** A path as a SARIF artifact URI: relative to the working directory where possible, '/'-separated, URL-escaped. */
export function artifactUri(input: string, cwd: string = process.cwd()): string {
    const rel = path.relative(cwd, path.resolve(cwd, input));
    const p = rel === "" ? "." : rel.startsWith("..") ? path.resolve(cwd, input) : rel;
    const uri = p.split(path.sep).map(encodeURIComponent).join("/");
    return path.isAbsolute(p) ? `file://${uri}` : uri;
}

/**
 * A finding's identity across runs: policy, subject and cause (which never holds a sensitive value
 * nor a line number), hashed so that long addresses make a short, fixed-size key.
 */
export function fingerprint(f: Finding): string {
    return createHash("sha256")
        .update(`${f.policy}\u0000${f.resource}\u0000${f.cause ?? ""}`)
        .digest("hex")
        .slice(0, 32);
}

const SECURITY_SEVERITY: Record<string, string> = { low: "3.0", medium: "5.0", high: "8.0", critical: "9.5" };

/**
 * SARIF 2.1.0, in pieces. `levelOf` gives each policy's configured level (--config), which becomes
 * its rule's default level; disabled policies are listed with their rule disabled.
 */
export function sarifReport(
    reports: readonly InputReport[],
    policies: readonly PackPolicy[],
    levelOf: (policy: string) => string,
    cwd: string = process.cwd(),
): Generator<string> {
    // Code scanning places results in files: a program is represented by its Pulumi.yaml.
    const fileOf = (r: InputReport) => (r.kind === "pulumi-program" ? path.join(r.input, "Pulumi.yaml") : r.input);
    const uris = reports.map((r) => artifactUri(fileOf(r), cwd));
    const artifacts: Sarif.Artifact[] = uris.map((uri) => ({ location: { uri }, roles: ["analysisTarget"] }));
    const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
    const rules: Sarif.ReportingDescriptor[] = policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        help: { text: p.remediationSteps, markdown: `${p.remediationSteps}\n\n[Policy documentation](${p.url})` },
        helpUri: p.url,
        defaultConfiguration:
            levelOf(p.name) === "disabled"
                ? { enabled: false, level: "none" }
                : { level: levelOf(p.name) === "advisory" ? "warning" : "error" },
        properties: { tags: [...p.tags], "security-severity": SECURITY_SEVERITY[p.severity] ?? "5.0" },
    }));
    function* results(): Generator<Sarif.Result> {
        for (const [artifactIndex, r] of reports.entries()) {
            for (const f of r.findings) {
                yield {
                    ruleId: f.policy,
                    ...(ruleIndex.has(f.policy) && { ruleIndex: ruleIndex.get(f.policy) }),
                    level: f.enforcementLevel === "mandatory" ? "error" : "warning",
                    message: { text: f.message },
                    locations: [
                        {
                            // Where the finding's source is known (a .tf file): there. Else line 1 of the input:
                            // `terraform show -json` writes the plan as one line; code scanning needs a line to show.
                            physicalLocation:
                                f.location !== undefined
                                    ? {
                                          artifactLocation: { uri: artifactUri(f.location.file, cwd) },
                                          region: { startLine: f.location.line, startColumn: f.location.column },
                                      }
                                    : {
                                          artifactLocation: { uri: uris[artifactIndex], index: artifactIndex },
                                          region: { startLine: 1 },
                                      },
                            logicalLocations: [{ fullyQualifiedName: f.resource, name: f.resourceName, kind: "resource" }],
                        },
                    ],
                    // Lets dashboards match a finding across runs: the same policy on the same resource for the same cause.
                    partialFingerprints: { "obsSseFinding/v2": fingerprint(f) },
                    ...((f.calls !== undefined || f.fix !== undefined) && {
                        properties: { ...(f.calls !== undefined && { calls: f.calls }), ...(f.fix !== undefined && { fix: f.fix }) },
                    }),
                };
            }
        }
    }
    const run: Sarif.Run = {
        tool: { driver: { name: TOOL_NAME, version: PACK_VERSION, semanticVersion: PACK_VERSION, rules } },
        artifacts,
        results: [],
        invocations: [{ executionSuccessful: true, exitCode: mandatoryCount(reports) > 0 ? 1 : 0 }],
    };
    const log: Sarif.Log = { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run] };
    return jsonWithArray(log, run, "results", results());
}

/** The whole of a report as one string (tests, small reports). */
export function joinPieces(pieces: Iterable<string>): string {
    let out = "";
    for (const piece of pieces) out += piece;
    return out;
}

export function renderJson(reports: readonly InputReport[]): string {
    return joinPieces(jsonReport(reports));
}

export function renderSarif(
    reports: readonly InputReport[],
    policies: readonly PackPolicy[],
    levelOf: (policy: string) => string,
    cwd?: string,
): string {
    return joinPieces(sarifReport(reports, policies, levelOf, cwd));
}
