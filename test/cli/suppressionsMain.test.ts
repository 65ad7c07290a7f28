// In-source suppressions through main(argv, io): the reader of .tf inputs is replaced by one that
// returns findings located in test/fixtures/suppressions/main.tf (as the .tf loader will), so that
// the command's own wiring is what is tested: the injected clock, reading the source, the exit
// code, and every format.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type * as Documents from "../../cli/documents";
import { main } from "../../cli/main";
import type { Finding, InputReport } from "../../cli/report";
import { assertValidJsonReport } from "../support/reportSchema";
import { sarifSchemaErrors } from "../support/sarifSchema";
import { Capture } from "./runCommand";

const ROOT = path.resolve(__dirname, "../..");
const FILE = "test/fixtures/suppressions/main.tf";
const lineOf = (text: string) =>
    readFileSync(path.join(ROOT, FILE), "utf8")
        .split("\n")
        .findIndex((l) => l.includes(text)) + 1;

function located(resource: string, policy: string, level: Finding["enforcementLevel"] = "mandatory"): Finding {
    return {
        policy,
        enforcementLevel: level,
        severity: "high",
        resource,
        resourceType: "aws_s3_object",
        resourceName: resource,
        message: `${resource} would call OBS over HTTP`,
        input: "plan.json",
        location: { file: FILE, line: lineOf(`resource "aws_s3_object" "${resource.split(".")[1]}"`), column: 1 },
        cause: `subject:${resource}`,
    };
}

vi.mock("../../cli/documents", async (importOriginal) => {
    const original = await importOriginal<typeof Documents>();
    return {
        ...original,
        checkDocumentInput: (input: string): Promise<Documents.DocumentCheck> => {
            const report: InputReport = {
                input,
                kind: "terraform-plan",
                resources: 3,
                preamble: [],
                heading: { shownAs: input, source: "Terraform 1.11.0 plan" },
                packLabel: "obs-sse@v0",
                findings: [
                    located("aws_s3_object.legacy", "obs-sse-transfer-protocol"),
                    located("aws_s3_object.accepted", "obs-sse-transfer-protocol"),
                    located("aws_s3_object.plain", "obs-https-hardening", "advisory"),
                ],
            };
            return Promise.resolve({ report, warnings: [] });
        },
    };
});

async function run(args: string[], now: string) {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(args, { stdout, stderr, stdin: Readable.from([]), cwd: ROOT, env: {}, now: () => new Date(now) });
    return { code, stdout: stdout.text, stderr: stderr.text };
}

const PLAN = "examples/terraform/delete/plan.json";

describe("suppression comments, through the command", () => {
    it("before the expiry: suppressed findings do not count (exit 0), and are kept in json with their suppression", async () => {
        const r = await run(["-f", "json", PLAN], "2027-01-31T23:00:00Z");
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        assertValidJsonReport(r.stdout);
        const doc = JSON.parse(r.stdout) as {
            findings: Array<{ resource: string; suppression?: { expired: boolean; reason: string } }>;
            summary: object;
        };
        expect(doc.findings.map((f) => [f.resource, f.suppression?.reason])).toEqual([
            ["aws_s3_object.legacy", "legacy uploader, ticket SEC-42"],
            ["aws_s3_object.accepted", "accepted by security review"],
            ["aws_s3_object.plain", undefined],
        ]);
        expect(doc.summary).toEqual({ mandatory: 0, advisory: 1, resources: 3, suppressed: 2 });
    });

    it("the day after the expiry (the injected clock): the finding counts again, exit 1, and says so", async () => {
        const r = await run([PLAN], "2027-02-01T00:00:01Z");
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(`(aws_s3_object: aws_s3_object.legacy, ${FILE}:${lineOf('"legacy"')})`);
        // Read across wrapped lines.
        expect(r.stdout.replace(/\s+/g, " ")).toContain(
            "Note: the suppression comment for aws_s3_object.legacy expired after 2027-01-31, so this counts again (reason given: legacy uploader, ticket SEC-42)",
        );
        expect(r.stdout).toContain("Suppressed (1 finding, not counted):");
    });

    it("sarif: suppressed results valid against the SARIF schema; junit: skipped", async () => {
        const sarif = await run(["-f", "sarif", PLAN], "2026-12-07T12:00:00Z");
        const log = JSON.parse(sarif.stdout) as {
            runs: Array<{ results: Array<{ suppressions?: Array<{ kind: string; status: string }> }> }>;
        };
        expect(sarifSchemaErrors(log)).toEqual([]);
        expect(log.runs[0]!.results.map((x) => x.suppressions?.[0]?.status)).toEqual(["accepted", "accepted", undefined]);
        const junit = await run(["-f", "junit", PLAN], "2026-12-07T12:00:00Z");
        expect(junit.code).toBe(0);
        expect(junit.stdout).toContain('<skipped message="suppressed by a comment until 2027-01-31: legacy uploader, ticket SEC-42"/>');
    });
});
