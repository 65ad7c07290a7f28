// The three output formats of obs-sse-check: the policy section as the Pulumi CLI prints it,
// one JSON document, and SARIF 2.1.0 for code-scanning dashboards. Each is written as a sequence
// of pieces (a generator) to a stream, never as one string: 200,000 findings are hundreds of MiB.
// The text format is in render/text.ts (re-exported here).
import { createHash } from "node:crypto";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
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
import { counts, isSuppressed, type Finding, type InputReport } from "./report";

/** Mandatory findings that count (neither suppressed nor unchanged from a baseline). */
export function mandatoryCount(reports: readonly InputReport[]): number {
    return reports.reduce((n, r) => n + r.findings.filter((f) => f.enforcementLevel === "mandatory" && counts(f)).length, 0);
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
    for (const batch of indentedBatches(items, indent.length / 2)) {
        yield `${first ? "" : ","}\n${batch}`;
        first = false;
    }
    yield first ? "]" : `\n${indent.slice(2)}]`;
    yield `${text.slice(at + placeholder.length)}\n`;
}

/**
 * The items as the elements of an array at nesting `depth` of a document that `JSON.stringify(…,
 * null, 2)` writes (each line indented by 2 × depth spaces), joined by ",\n", in batches: the
 * batch is nested in depth − 1 arrays and written by one native JSON.stringify, whose bracket
 * lines are then cut off (no per-item re-indenting).
 */
function* indentedBatches(items: Iterable<unknown>, depth: number, size = 256): Generator<string> {
    let batch: unknown[] = [];
    const written = (list: unknown[]): string => {
        let nested: unknown = list;
        for (let i = 1; i < depth; i++) nested = [nested];
        const text = JSON.stringify(nested, null, 2);
        // `depth` lines of opening brackets ("[") before the items, and as many closing lines after.
        let start = 0;
        for (let i = 0; i < depth; i++) start = text.indexOf("\n", start) + 1;
        let end = text.length;
        for (let i = 0; i < depth; i++) end = text.lastIndexOf("\n", end - 1);
        return text.slice(start, end);
    };
    for (const item of items) {
        batch.push(item);
        if (batch.length >= size) {
            yield written(batch);
            batch = [];
        }
    }
    if (batch.length > 0) yield written(batch);
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
    let counted = 0;
    let suppressed = 0;
    let unchanged = 0;
    let anySuppression = false;
    let baselined = false;
    const resources = new Set<string>();
    for (const f of findingsOf(reports)) {
        resources.add(`${f.input}\u0000${f.resource}`);
        if (counts(f)) counted++;
        else if (isSuppressed(f)) suppressed++;
        else unchanged++;
        anySuppression ||= f.suppression !== undefined;
        baselined ||= f.baselineState !== undefined;
    }
    const doc = {
        tool: { name: TOOL_NAME, version: PACK_VERSION },
        inputs: reports.map((r) => ({ input: r.input, kind: r.kind, resources: r.resources, findings: r.findings.length })),
        findings: [],
        summary: {
            mandatory,
            advisory: counted - mandatory,
            resources: resources.size,
            ...(anySuppression && { suppressed }),
            ...(baselined && { unchanged }),
        },
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
            fingerprint: fingerprint(f),
            ...(f.baselineState !== undefined && { baselineState: f.baselineState }),
            ...(f.suppression !== undefined && { suppression: f.suppression }),
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

/** A suppression as SARIF has it: an expired one is "rejected", so that the result counts again. */
function sarifSuppression(f: Finding): Sarif.Suppression[] | undefined {
    const s = f.suppression;
    if (s === undefined) return undefined;
    return [
        {
            kind: s.kind,
            status: s.expired ? "rejected" : "accepted",
            justification: s.reason,
            ...(s.expires !== undefined && { properties: { expires: s.expires, expired: s.expired } }),
        },
    ];
}

/** The base the URIs of source locations are relative to: the working directory. */
const SOURCE_ROOT = "%SRCROOT%";

export interface SarifOptions {
    /** The command's exit code, for the invocation (default: 1 when a mandatory finding counts). */
    readonly exitCode?: number;
}

/**
 * SARIF 2.1.0, in pieces. `levelOf` gives each policy's configured level (--config), which becomes
 * its rule's default level; disabled policies are listed with their rule disabled.
 */
export function sarifReport(
    reports: readonly InputReport[],
    policies: readonly PackPolicy[],
    levelOf: (policy: string) => string,
    cwd: string = process.cwd(),
    options: SarifOptions = {},
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
                const suppressions = sarifSuppression(f);
                const source = f.location !== undefined ? artifactUri(f.location.file, cwd) : undefined;
                yield {
                    ruleId: f.policy,
                    ...(ruleIndex.has(f.policy) && { ruleIndex: ruleIndex.get(f.policy) }),
                    level: f.enforcementLevel === "mandatory" ? "error" : "warning",
                    message: { text: f.message },
                    locations: [
                        {
                            // Where the subject is written; else line 1 of the input (`terraform show -json`
                            // writes the plan as one line; code scanning needs a line to show).
                            physicalLocation:
                                f.location !== undefined && source !== undefined
                                    ? {
                                          artifactLocation: source.startsWith("file://")
                                              ? { uri: source }
                                              : { uri: source, uriBaseId: SOURCE_ROOT },
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
                    ...(suppressions !== undefined && { suppressions }),
                    ...(f.baselineState !== undefined && { baselineState: f.baselineState }),
                    ...((f.calls !== undefined || f.fix !== undefined) && {
                        properties: { ...(f.calls !== undefined && { calls: f.calls }), ...(f.fix !== undefined && { fix: f.fix }) },
                    }),
                };
            }
        }
    }
    const run: Sarif.Run = {
        tool: { driver: { name: TOOL_NAME, version: PACK_VERSION, semanticVersion: PACK_VERSION, rules } },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : `${cwd}${path.sep}`).href } },
        artifacts,
        results: [],
        invocations: [{ executionSuccessful: true, exitCode: options.exitCode ?? (mandatoryCount(reports) > 0 ? 1 : 0) }],
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
    options?: SarifOptions,
): string {
    return joinPieces(sarifReport(reports, policies, levelOf, cwd, options));
}
