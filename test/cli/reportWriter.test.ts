// The json and sarif formats write each finding field by field (no object per finding): the text
// must be what JSON.stringify(…, null, 2) writes of the document the report describes, whatever the
// findings hold (optional fields, quotes, line breaks, control characters, lone surrogates, wide
// characters, locations inside and outside the working directory).
import * as path from "node:path";
import fc from "fast-check";
import type * as Sarif from "sarif";
import { describe, expect, it } from "vitest";
import { artifactUri, fingerprint, jsonReport, sarifReport, type Finding, type InputReport } from "../../cli/output";
import { PACK_VERSION, TOOL_NAME } from "../../cli/version";
import type { JudgedCall } from "../../policies/finding";
import { policies } from "../../policies/registry";

const CWD = path.resolve("/work/project");

/** Any UTF-16 text, lone surrogates included. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 });
const text = fc.oneof(anyText, fc.constantFrom("", 'a "quoted" \\ name', "line\nbreak", "aws_s3_object.o[0]", "→ ✅ 😀"));
/** A path (files have well-formed names: a SARIF URI is written of them). */
const file = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 8 }),
    fc.constantFrom("main.tf", "mod/a b.tf", "/elsewhere/x.tf", "../up.tf"),
);

const call: fc.Arbitrary<JudgedCall> = fc.record(
    {
        interface: fc.constantFrom("PUT Object", "HEAD Object"),
        encryption: fc.constantFrom("SSE-KMS", "SSE-C"),
        protocol: fc.constantFrom("HTTP", "HTTPS", "unknown"),
        signature: fc.constantFrom("V2", "V4"),
    },
    { requiredKeys: ["interface", "encryption", "protocol"] },
) as fc.Arbitrary<JudgedCall>;

const finding: fc.Arbitrary<Finding> = fc.record(
    {
        policy: fc.oneof(fc.constantFrom(...policies.map((p) => p.name)), text),
        enforcementLevel: fc.constantFrom("mandatory", "advisory"),
        severity: fc.constantFrom("low", "medium", "high", "critical"),
        resource: text,
        resourceType: text,
        resourceName: text,
        message: text,
        input: text,
        calls: fc.array(call, { maxLength: 2 }),
        fix: fc.oneof(
            fc.record({ kind: fc.constant("set" as const), field: text, value: text }),
            fc.record({ kind: fc.constant("advice" as const), text }),
            fc.record({ kind: fc.constant("add-statement" as const), field: text, statement: fc.jsonValue({ maxDepth: 2 }) }),
        ),
        location: fc.record({
            file,
            line: fc.nat(),
            column: fc.nat(),
        }),
        cause: text,
        suppression: fc.record(
            { kind: fc.constantFrom("inSource" as const, "external" as const), reason: text, expires: text, expired: fc.boolean() },
            { requiredKeys: ["kind", "reason", "expired"] },
        ),
        baselineState: fc.constantFrom("new" as const, "unchanged" as const),
    },
    {
        requiredKeys: ["policy", "enforcementLevel", "severity", "resource", "resourceType", "resourceName", "message", "input"],
    },
);

const reports: fc.Arbitrary<InputReport[]> = fc
    .array(
        fc.record({
            input: file,
            kind: fc.constantFrom("terraform-plan" as const, "pulumi-program" as const),
            findings: fc.array(finding, { maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 3 },
    )
    .map((list) => list.map((r) => ({ ...r, resources: r.findings.length, preamble: [], packLabel: "obs-sse@v1" })));

/** The findings of the JSON report as objects, in the order the format documents. */
function jsonFindings(list: readonly InputReport[]): object[] {
    return list.flatMap((r) =>
        r.findings.map((f) => ({
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

/** The results of the SARIF report as objects (SARIF 2.1.0 result objects, in the order the format writes their fields). */
function sarifResults(list: readonly InputReport[]): Sarif.Result[] {
    const fileOf = (r: InputReport) => (r.kind === "pulumi-program" ? path.join(r.input, "Pulumi.yaml") : r.input);
    const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
    return list.flatMap((r, artifactIndex) =>
        r.findings.map((f): Sarif.Result => {
            const source = f.location !== undefined ? artifactUri(f.location.file, CWD) : undefined;
            const s = f.suppression;
            return {
                ruleId: f.policy,
                ...(ruleIndex.has(f.policy) && { ruleIndex: ruleIndex.get(f.policy) }),
                level: f.enforcementLevel === "mandatory" ? "error" : "warning",
                message: { text: f.message },
                locations: [
                    {
                        physicalLocation:
                            f.location !== undefined && source !== undefined
                                ? {
                                      artifactLocation: source.startsWith("file://")
                                          ? { uri: source }
                                          : { uri: source, uriBaseId: "%SRCROOT%" },
                                      region: { startLine: f.location.line, startColumn: f.location.column },
                                  }
                                : {
                                      artifactLocation: { uri: artifactUri(fileOf(r), CWD), index: artifactIndex },
                                      region: { startLine: 1 },
                                  },
                        logicalLocations: [{ fullyQualifiedName: f.resource, name: f.resourceName, kind: "resource" }],
                    },
                ],
                partialFingerprints: { "obsSseFinding/v2": fingerprint(f) },
                ...(s !== undefined && {
                    suppressions: [
                        {
                            kind: s.kind,
                            status: s.expired ? "rejected" : "accepted",
                            justification: s.reason,
                            ...(s.expires !== undefined && { properties: { expires: s.expires, expired: s.expired } }),
                        },
                    ],
                }),
                ...(f.baselineState !== undefined && { baselineState: f.baselineState }),
                ...((f.calls !== undefined || f.fix !== undefined) && {
                    properties: { ...(f.calls !== undefined && { calls: f.calls }), ...(f.fix !== undefined && { fix: f.fix }) },
                }),
            };
        }),
    );
}

describe("json and sarif written field by field", () => {
    it("the same text as JSON.stringify(…, null, 2) of the findings as objects, for any findings", () => {
        fc.assert(
            fc.property(reports, (list) => {
                const json = JSON.parse([...jsonReport(list)].join("")) as { tool: { name: string }; findings: unknown[] };
                expect(json.tool.name).toBe(TOOL_NAME);
                // The findings as the document describes them, and the whole text as JSON.stringify writes that document.
                expect(json.findings).toEqual(jsonFindings(list));
                expect([...jsonReport(list)].join("")).toBe(`${JSON.stringify({ ...json, findings: jsonFindings(list) }, null, 2)}\n`);

                const sarifText = [...sarifReport(list, policies, () => "mandatory", CWD, { exitCode: 1 })].join("");
                const log = JSON.parse(sarifText) as Sarif.Log;
                const [run] = log.runs;
                expect(run?.tool.driver.version).toBe(PACK_VERSION);
                expect(run?.results).toEqual(JSON.parse(JSON.stringify(sarifResults(list))));
                const expected: Sarif.Log = { ...log, runs: [{ ...run!, results: sarifResults(list) }] };
                expect(sarifText).toBe(`${JSON.stringify(expected, null, 2)}\n`);
            }),
            { numRuns: 300, seed: 20261207 },
        );
    });
});
