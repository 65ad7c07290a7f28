// The three output formats of obs-sse-check: the policy section as the Pulumi CLI prints it,
// one JSON document, and SARIF 2.1.0 for code-scanning dashboards. Each is written as a sequence
// of pieces (a generator) to a stream, never as one string: 200,000 findings are hundreds of MiB.
// The text format is in render/text.ts (re-exported here).
import { hash } from "node:crypto";
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
    let n = 0;
    for (const r of reports) for (const f of r.findings) if (f.enforcementLevel === "mandatory" && counts(f)) n++;
    return n;
}

const ARRAY_MARKER = "\u0000obs-sse-check:array\u0000";

/**
 * `JSON.stringify(doc, null, 2)` of `doc` with `items` as the value of `holder[key]` (`holder` is
 * `doc` or an object within it), in pieces: the document around the array once, then one piece
 * per item, which `write` gives as `JSON.stringify` would write the item as an element of that
 * array (its first line starting with `indent`, each further line indented by it too).
 */
function* jsonWithArray<T>(
    doc: object,
    holder: object,
    key: string,
    items: Iterable<T>,
    write: (item: T, indent: string) => string,
): Generator<string> {
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
        yield `${first ? "\n" : ",\n"}${write(item, indent)}`;
        first = false;
    }
    yield first ? "]" : `\n${indent.slice(2)}]`;
    yield `${text.slice(at + placeholder.length)}\n`;
}

/**
 * A value as `JSON.stringify(value, null, 2)` writes it inside a document, after a key on a line
 * indented by `indent`: its lines after the first indented by `indent` too. (Line breaks in its
 * strings are escaped, so every line break of the text is the layout's own.)
 */
function nestedJson(value: unknown, indent: string): string {
    const text = JSON.stringify(value, null, 2);
    return text.includes("\n") ? text.replaceAll("\n", `\n${indent}`) : text;
}

/** A string as JSON writes it, quoted and escaped. */
const quoted = (text: string): string => JSON.stringify(text);

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
    // The resources with findings, by input (no key joined from the two per finding).
    const resourcesByInput = new Map<string, Set<string>>();
    for (const f of findingsOf(reports)) {
        let resources = resourcesByInput.get(f.input);
        if (resources === undefined) resourcesByInput.set(f.input, (resources = new Set()));
        resources.add(f.resource);
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
            resources: [...resourcesByInput.values()].reduce((n, resources) => n + resources.size, 0),
            ...(anySuppression && { suppressed }),
            ...(baselined && { unchanged }),
        },
    };
    return jsonWithArray(doc, doc, "findings", findingsOf(reports), findingJson);
}

/**
 * One finding of the JSON report as `JSON.stringify(…, null, 2)` writes it as an element of the
 * findings array (lines indented by `indent`): written field by field, without an object per
 * finding, the same text.
 */
function findingJson(f: Finding, indent: string): string {
    const at = `\n${indent}  `;
    let text = `${indent}{${at}"policy": ${quoted(f.policy)},${at}"enforcementLevel": ${quoted(f.enforcementLevel)},${at}"severity": ${quoted(f.severity)},${at}"resource": ${quoted(f.resource)},${at}"resourceType": ${quoted(f.resourceType)},${at}"message": ${quoted(f.message)},${at}"input": ${quoted(f.input)},`;
    const fields = `${indent}  `;
    if (f.calls !== undefined) text += `${at}"calls": ${nestedJson(f.calls, fields)},`;
    if (f.fix !== undefined) text += `${at}"fix": ${nestedJson(f.fix, fields)},`;
    if (f.location !== undefined) text += `${at}"location": ${nestedJson(f.location, fields)},`;
    text += `${at}"fingerprint": "${fingerprint(f)}"`;
    if (f.baselineState !== undefined) text += `,${at}"baselineState": ${quoted(f.baselineState)}`;
    if (f.suppression !== undefined) text += `,${at}"suppression": ${nestedJson(f.suppression, fields)}`;
    return `${text}\n${indent}}`;
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
    return hash("sha256", `${f.policy}\u0000${f.resource}\u0000${f.cause ?? ""}`, "hex").slice(0, 32);
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
    // Each result as `JSON.stringify(…, null, 2)` writes it in the results array, field by field
    // (the same text, without an object per result); the Sarif.Result type below is its shape.
    const resultJson = ({ f, artifactIndex }: { readonly f: Finding; readonly artifactIndex: number }, indent: string): string => {
        const at = `\n${indent}  `;
        const suppressions = sarifSuppression(f);
        const rule = ruleIndex.get(f.policy);
        let text = `${indent}{${at}"ruleId": ${quoted(f.policy)},${rule !== undefined ? `${at}"ruleIndex": ${rule},` : ""}${at}"level": "${f.enforcementLevel === "mandatory" ? "error" : "warning"}",${at}"message": {${at}  "text": ${quoted(f.message)}${at}},`;
        // Where the subject is written; else line 1 of the input (`terraform show -json` writes the
        // plan as one line; code scanning needs a line to show).
        const l = `${at}      `;
        let physical: string;
        if (f.location !== undefined) {
            const source = artifactUri(f.location.file, cwd);
            const base = source.startsWith("file://") ? "" : `,${l}  "uriBaseId": ${quoted(SOURCE_ROOT)}`;
            const column = f.location.column !== undefined ? `,${l}  "startColumn": ${JSON.stringify(f.location.column)}` : "";
            physical = `${l}"artifactLocation": {${l}  "uri": ${quoted(source)}${base}${l}},${l}"region": {${l}  "startLine": ${JSON.stringify(f.location.line)}${column}${l}}`;
        } else {
            const uri = quoted(uris[artifactIndex] ?? "");
            physical = `${l}"artifactLocation": {${l}  "uri": ${uri},${l}  "index": ${artifactIndex}${l}},${l}"region": {${l}  "startLine": 1${l}}`;
        }
        const n = `${l}  `;
        text += `${at}"locations": [${at}  {${at}    "physicalLocation": {${physical}${at}    },${at}    "logicalLocations": [${at}      {${n}"fullyQualifiedName": ${quoted(f.resource)},${n}"name": ${quoted(f.resourceName)},${n}"kind": "resource"${at}      }${at}    ]${at}  }${at}],`;
        // Lets dashboards match a finding across runs: the same policy on the same resource for the same cause.
        text += `${at}"partialFingerprints": {${at}  "obsSseFinding/v2": "${fingerprint(f)}"${at}}`;
        const fields = `${indent}  `;
        if (suppressions !== undefined) text += `,${at}"suppressions": ${nestedJson(suppressions, fields)}`;
        if (f.baselineState !== undefined) text += `,${at}"baselineState": ${quoted(f.baselineState)}`;
        if (f.calls !== undefined || f.fix !== undefined) {
            const inner = `${fields}  `;
            const calls = f.calls !== undefined ? `${at}  "calls": ${nestedJson(f.calls, inner)}` : "";
            const fix = f.fix !== undefined ? `${calls !== "" ? "," : ""}${at}  "fix": ${nestedJson(f.fix, inner)}` : "";
            text += `,${at}"properties": {${calls}${fix}${at}}`;
        }
        return `${text}\n${indent}}`;
    };
    function* results(): Generator<{ readonly f: Finding; readonly artifactIndex: number }> {
        for (const [artifactIndex, r] of reports.entries()) for (const f of r.findings) yield { f, artifactIndex };
    }
    const run: Sarif.Run = {
        tool: { driver: { name: TOOL_NAME, version: PACK_VERSION, semanticVersion: PACK_VERSION, rules } },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : `${cwd}${path.sep}`).href } },
        artifacts,
        results: [],
        invocations: [{ executionSuccessful: true, exitCode: options.exitCode ?? (mandatoryCount(reports) > 0 ? 1 : 0) }],
    };
    const log: Sarif.Log = { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run] };
    return jsonWithArray(log, run, "results", results(), resultJson);
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
