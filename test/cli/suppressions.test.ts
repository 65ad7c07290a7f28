// In-source suppressions (`# obs-sse:ignore:<policy>[,<policy>][:exp:YYYY-MM-DD] <reason>`): the
// grammar, strictness (bad directives are errors naming file and line), which findings a
// directive covers (the block below it, or the attribute), expiry by an injected date, and how
// suppressed findings are rendered in every format.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../cli/inputError";
import { renderJson, renderSarif, renderText, type Finding, type InputReport } from "../../cli/output";
import { exitCodeOf } from "../../cli/pipeline";
import { joinPieces } from "../../cli/output";
import { githubReport } from "../../cli/render/github";
import { applyInSourceSuppressions, isCalendarDate, parseDirective, utcDate, type Directive } from "../../cli/suppressions";
import { parseHcl } from "../../cli/terraform/hcl/parser";
import { policies } from "../../policies/registry";
import { reportSchemaErrors } from "../support/reportSchema";
import { sarifSchemaErrors } from "../support/sarifSchema";

const ROOT = path.resolve(__dirname, "../..");
const DIR = "test/fixtures/suppressions";
const NAMES = policies.map((p) => p.name);
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The 1-based line of the first line of `file` containing `text`, at the column of its first non-space. */
function at(file: string, text: string): { file: string; line: number; column: number } {
    const lines = read(file).split("\n");
    const i = lines.findIndex((l) => l.includes(text));
    if (i < 0) throw new Error(`${text} is not in ${file}`);
    return { file, line: i + 1, column: lines[i]!.length - lines[i]!.trimStart().length + 1 };
}

function finding(
    policy: string,
    resource: string,
    location: Finding["location"],
    level: Finding["enforcementLevel"] = "mandatory",
): Finding {
    return {
        policy,
        enforcementLevel: level,
        severity: "high",
        resource,
        resourceType: "aws_s3_object",
        resourceName: resource,
        message: `${resource} would call OBS over HTTP`,
        input: DIR,
        ...(location !== undefined && { location }),
        cause: `subject:${resource}`,
    };
}

function report(findings: Finding[], extra: Partial<InputReport> = {}): InputReport {
    return { input: DIR, kind: "terraform-source", resources: 4, preamble: [], packLabel: "obs-sse@v0", findings, ...extra };
}

const suppress = (reports: InputReport[], today: string, reads: string[] = []) =>
    applyInSourceSuppressions(reports, {
        readSource: (file) => {
            reads.push(file);
            return read(file);
        },
        parse: parseHcl,
        today,
        policyNames: NAMES,
    });

describe("the directive grammar", () => {
    it("reads policies, an expiry for all of them, and the reason", () => {
        expect(parseDirective("# obs-sse:ignore:obs-sse-transfer-protocol why not", NAMES)).toEqual({
            policies: ["obs-sse-transfer-protocol"],
            reason: "why not",
        } satisfies Directive);
        expect(
            parseDirective("//obs-sse:ignore:obs-sse-transfer-protocol,obs-https-hardening:exp:2027-01-31  two, until then ", NAMES),
        ).toEqual({
            policies: ["obs-sse-transfer-protocol", "obs-https-hardening"],
            expires: "2027-01-31",
            reason: "two, until then",
        });
        expect(parseDirective("# an ordinary comment about obs-sse", NAMES)).toBeUndefined();
    });

    it("is strict: every near miss is a problem, never an ordinary comment", () => {
        const problem = (text: string) => {
            const d = parseDirective(text, NAMES);
            expect(d, text).toHaveProperty("problem");
            return (d as { problem: string }).problem;
        };
        expect(problem("# obs-sse:ignore:obs-sse-transfer-protocl typo")).toBe(
            "obs-sse-transfer-protocl is not a policy of this pack; did you mean obs-sse-transfer-protocol?",
        );
        expect(problem("# obs-sse:ignore:obs-sse-transfer-protocol")).toContain("the reason is missing");
        expect(problem("# obs-sse:ignore:obs-sse-transfer-protocol:exp:2027-02-30 x")).toContain("not a date of the calendar");
        expect(problem("# obs-sse:ignore:obs-sse-transfer-protocol:exp:27-1-31 x")).toContain("YYYY-MM-DD");
        expect(problem("# obs-sse:ignore:obs-sse-transfer-protocol, obs-https-hardening x")).toContain("without spaces");
        expect(problem("# obs-sse:skip:obs-sse-transfer-protocol x")).toContain("must be a directive");
        expect(problem("# OBS-SSE:IGNORE:obs-sse-transfer-protocol x")).toContain("must be a directive");
        expect(problem("# obs-sse:ignore:obs-sse-transfer-protocol,obs-sse-transfer-protocol x")).toBe("a policy is named twice");
        // A name far from every policy: the list of policies instead of a guess.
        expect(problem("# obs-sse:ignore:checkov x")).toContain("its policies are obs-sse-transfer-protocol, ");
    });

    it("calendar dates and today's date in UTC", () => {
        expect(isCalendarDate("2028-02-29")).toBe(true);
        expect(isCalendarDate("2027-02-29")).toBe(false);
        expect(isCalendarDate("2027-13-01")).toBe(false);
        expect(utcDate(new Date("2027-01-31T23:59:59Z"))).toBe("2027-01-31");
    });
});

describe("suppressing findings located in .tf files", () => {
    const main = `${DIR}/main.tf`;
    const legacy = at(main, 'resource "aws_s3_object" "legacy"');
    const accepted = at(main, 'resource "aws_s3_object" "accepted"');
    const acceptedSse = { ...at(main, "server_side_encryption = "), line: at(main, "# obs-sse:ignore:obs-https-hardening").line + 1 };
    const plain = at(main, 'resource "aws_s3_object" "plain"');

    it("a directive above a block covers the findings of its policies located at the block or inside it", async () => {
        const findings = [
            finding("obs-sse-transfer-protocol", "aws_s3_object.legacy", legacy),
            finding("obs-sse-signature-version", "aws_s3_object.legacy", legacy),
            finding("obs-sse-transfer-protocol", "aws_s3_object.accepted", accepted),
            finding("obs-sse-signature-version", "aws_s3_object.accepted", { ...accepted, line: accepted.line + 2 }),
            finding("obs-https-hardening", "aws_s3_object.accepted", acceptedSse),
            finding("obs-https-hardening", "aws_s3_object.accepted", accepted),
            finding("obs-sse-transfer-protocol", "aws_s3_object.plain", plain),
        ];
        const [out] = await suppress([report(findings)], "2026-12-07");
        const kinds = out!.findings.map((f) =>
            f.suppression ? `${f.suppression.reason}|${f.suppression.expires ?? ""}|${f.suppression.expired}` : "-",
        );
        expect(kinds).toEqual([
            "legacy uploader, ticket SEC-42|2027-01-31|false",
            // Another policy than the one named: not covered.
            "-",
            "accepted by security review||false",
            "accepted by security review||false",
            // The attribute's own directive: only for findings located at that attribute.
            "certificate pinning tested elsewhere|2026-06-30|true",
            "-",
            "-",
        ]);
        for (const f of out!.findings) if (f.suppression) expect(f.suppression.kind).toBe("inSource");
    });

    it("a finding located at its provider's argument is covered by the directive above its own resource block", async () => {
        const endpoint = at(main, 's3 = "http://');
        const findings = [
            { ...finding("obs-sse-transfer-protocol", "aws_s3_object.legacy", endpoint), subjectLocation: legacy },
            { ...finding("obs-sse-transfer-protocol", "aws_s3_object.plain", endpoint), subjectLocation: plain },
            finding("obs-sse-transfer-protocol", "aws_s3_object.legacy", endpoint),
        ];
        const [out] = await suppress([report(findings)], "2026-12-07");
        expect(out!.findings.map((f) => f.suppression?.reason)).toEqual(["legacy uploader, ticket SEC-42", undefined, undefined]);
    });

    it("expires after its last day, by the date it is given (the command's injected clock)", async () => {
        const f = [finding("obs-sse-transfer-protocol", "aws_s3_object.legacy", legacy)];
        const onTheDay = (await suppress([report(f)], "2027-01-31"))[0]!.findings[0]!;
        const after = (await suppress([report(f)], "2027-02-01"))[0]!.findings[0]!;
        expect(onTheDay.suppression).toMatchObject({ expired: false, expires: "2027-01-31" });
        expect(after.suppression).toMatchObject({ expired: true });
        // Suppressed: does not count; expired: counts again.
        expect(exitCodeOf([report([onTheDay])], "mandatory")).toBe(0);
        expect(exitCodeOf([report([after])], "mandatory")).toBe(1);
        // The message is never rewritten: the expiry is a field.
        expect(after.message).toBe(f[0]!.message);
    });

    it("reads each file once, and only .tf files", async () => {
        const reads: string[] = [];
        const findings = [
            finding("obs-sse-transfer-protocol", "aws_s3_object.legacy", legacy),
            finding("obs-sse-transfer-protocol", "aws_s3_object.plain", plain),
            finding("obs-sse-transfer-protocol", "x", { file: "plan.json", line: 1, column: 1 }),
        ];
        await suppress([report(findings, { sourceFiles: [main] })], "2026-12-07", reads);
        expect(reads).toEqual([main]);
    });

    it("bad directives are one error naming each file and line, whether or not a finding points there", async () => {
        const bad = `${DIR}/bad.tf`;
        const error = await suppress([report([], { sourceFiles: [bad] })], "2026-12-07").then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InputError);
        const message = (error as Error).message;
        const line = (text: string) => at(bad, text).line;
        expect(message).toContain("7 suppression comments are not valid");
        expect(message).toContain(
            `${bad}:${line("protocl")}: obs-sse-transfer-protocl is not a policy of this pack; did you mean obs-sse-transfer-protocol?`,
        );
        const noReason = read(bad).split("\n").indexOf("# obs-sse:ignore:obs-sse-transfer-protocol") + 1;
        expect(message).toContain(`${bad}:${noReason}: the reason is missing`);
        expect(message).toContain(`${bad}:${line("2027-02-30")}: the expiry is not a date of the calendar`);
        expect(message).toContain(`${bad}:${line("blank line below")}: the directive is not directly above a block or an attribute`);
        expect(message).toContain(`${bad}:${line("trailing")}: a directive must be on a line of its own`);
        expect(message).toContain(`${bad}:${line("SHOUTING".toLowerCase())}: a comment starting with obs-sse: must be a directive`);
        expect(message).toContain(`${bad}:${line("space after the comma")}: expected obs-sse:ignore:`);
        // The reason text is never quoted back.
        expect(message).not.toContain("typo in the policy name");
    });

    it("text in a heredoc is not a directive", async () => {
        const out = await suppress([report([], { sourceFiles: [main] })], "2026-12-07");
        expect(out[0]!.findings).toEqual([]);
    });
});

describe("suppressed findings in each format", () => {
    const location = { file: `${DIR}/main.tf`, line: 11, column: 1 };
    const active = {
        ...finding("obs-sse-transfer-protocol", "aws_s3_object.legacy", location),
        suppression: { kind: "inSource", reason: "legacy \u001b[31m uploader", expires: "2027-01-31", expired: false },
    } satisfies Finding;
    const expired = {
        ...finding("obs-sse-transfer-protocol", "aws_s3_object.old", { ...location, line: 19 }),
        suppression: { kind: "external", reason: "old exemption", expires: "2026-01-31", expired: true },
    } satisfies Finding;
    const plain = finding("obs-sse-signature-version", "aws_s3_object.plain", undefined, "advisory");
    const reports = [report([active, expired, plain])];

    it("json: kept with its suppression, fingerprint, and counted apart in the summary", () => {
        const json = renderJson(reports);
        expect(reportSchemaErrors(json)).toEqual([]);
        const doc = JSON.parse(json) as { findings: Array<{ suppression?: unknown; location?: unknown }>; summary: Record<string, number> };
        expect(doc.findings[0]!.suppression).toEqual(active.suppression);
        expect(doc.findings[1]!.suppression).toEqual(expired.suppression);
        expect(doc.summary).toEqual({ mandatory: 1, advisory: 1, resources: 3, suppressed: 1 });
    });

    it("sarif: suppressions inSource/external, accepted or rejected when expired; region from the location", () => {
        const log = JSON.parse(renderSarif(reports, policies, () => "mandatory", ROOT)) as {
            runs: Array<{ results: Array<Record<string, unknown>>; invocations: Array<{ exitCode: number }> }>;
        };
        expect(sarifSchemaErrors(log)).toEqual([]);
        const [first, second, third] = log.runs[0]!.results;
        expect(first!.suppressions).toEqual([
            {
                kind: "inSource",
                status: "accepted",
                justification: active.suppression.reason,
                properties: { expires: "2027-01-31", expired: false },
            },
        ]);
        expect(second!.suppressions).toMatchObject([{ kind: "external", status: "rejected", justification: "old exemption" }]);
        expect(third!.suppressions).toBeUndefined();
        expect(first!.locations).toMatchObject([
            {
                physicalLocation: {
                    artifactLocation: { uri: `${DIR}/main.tf`, uriBaseId: "%SRCROOT%" },
                    region: { startLine: 11, startColumn: 1 },
                },
            },
        ]);
        expect(log.runs[0]!.invocations[0]!.exitCode).toBe(1);
    });

    it("text: a short suppressed section with reason and expiry; the expired one counts and says so; input made printable", () => {
        const text = renderText(reports, { width: 200 });
        expect(text).toContain("Suppressed (1 finding, not counted):\n");
        expect(text).toContain(
            `    - obs-sse-transfer-protocol  (aws_s3_object: aws_s3_object.legacy, ${DIR}/main.tf:11) by comment until 2027-01-31: legacy \\u001b[31m uploader\n`,
        );
        expect(text).not.toContain("\u001b");
        expect(text).toContain(`(aws_s3_object: aws_s3_object.old, ${DIR}/main.tf:19)`);
        expect(text).toContain(
            "Note: the exemption in the policy config for aws_s3_object.old expired after 2026-01-31, so this counts again",
        );
        expect(text).toContain("Summary: 2 policy violations (1 mandatory, 1 advisory) on 2 resources.");
    });

    it("github: suppressed findings are not annotated; the expired one is, saying so", () => {
        const lines = joinPieces(githubReport(reports, ROOT)).trimEnd().split("\n");
        expect(lines).toHaveLength(3);
        expect(lines[2]).toBe("::notice title=obs-sse-check::Findings not annotated: 1 suppressed (the json format lists them).");
        expect(lines[0]).toMatch(
            /^::error file=test\/fixtures\/suppressions\/main\.tf,line=19,col=1,title=obs-sse-transfer-protocol \(aws_s3_object\.old\)::/,
        );
        expect(lines[0]).toContain("%0AIts suppression expired after 2026-01-31, so it counts again.");
        // No location, and the input is a directory: no file.
        expect(lines[1]).toMatch(/^::warning title=obs-sse-signature-version \(aws_s3_object\.plain\)::/);
    });
});
