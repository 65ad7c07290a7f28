// What happens to findings between the check and the exit code, through main(argv, io): --fail-on,
// --policy/--skip-policy (policies left out do not run), --baseline (fingerprints that survive line
// moves), and the junit and github formats. Every JSON report is validated against the published
// schema by runCommand, every SARIF log against the SARIF schema here.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fingerprint, type Finding } from "../../cli/output";
import { escapeData, escapeProperty } from "../../cli/render/github";
import { junitReport, xmlAttribute, xmlText } from "../../cli/render/junit";
import { joinPieces } from "../../cli/output";
import { printable } from "../../policies/printable";
import { junitProblems, parseXml, type XmlElement } from "../support/junitXml";
import { reportSchemaErrors } from "../support/reportSchema";
import { sarifSchemaErrors } from "../support/sarifSchema";
import { runCommand } from "./runCommand";

const ROOT = path.resolve(__dirname, "../..");
const plan = (name: string) => `examples/terraform/${name}/plan.json`;
const run = (...args: string[]) => runCommand(args, { cwd: ROOT });

interface JsonFinding {
    policy: string;
    resource: string;
    enforcementLevel: string;
    fingerprint: string;
    baselineState?: string;
}
interface JsonReport {
    findings: JsonFinding[];
    summary: Record<string, number>;
}
const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe("--fail-on", () => {
    it("mandatory (the default) fails on a mandatory finding only; advisory on any; never on none", async () => {
        // aliased-providers: 1 mandatory, 2 advisory; local-endpoint read alone (without its .tf files): advisory only.
        expect((await run(plan("aliased-providers"))).code).toBe(1);
        expect((await run("--fail-on", "never", plan("aliased-providers"))).code).toBe(0);
        expect((await run("--no-source", plan("local-endpoint"))).code).toBe(0);
        const advisory = await run("--no-source", "--fail-on", "advisory", plan("local-endpoint"));
        expect(advisory.code).toBe(1);
        expect(advisory.stdout).toContain("error: 1 advisory policy violation (--fail-on advisory)");
        const never = await run("--fail-on", "never", plan("aliased-providers"));
        expect(never.stdout).not.toContain("error:");
        expect((await run("--fail-on", "advisory", plan("real-aws-unencrypted"))).code).toBe(0);
    });

    it("an unknown value: exit 2, the values listed, a near miss suggested, the value not repeated", async () => {
        const r = await run("--fail-on", "advisry", plan("local-endpoint"));
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(
            "--fail-on: unknown value (7 characters); the values are mandatory, advisory, never; did you mean advisory?",
        );
        expect(r.stderr).not.toContain("advisry");
    });

    it("sarif: the invocation's exit code is the command's", async () => {
        const r = await run("-f", "sarif", "--fail-on", "never", plan("aliased-providers"));
        expect(r.code).toBe(0);
        const log = JSON.parse(r.stdout) as { runs: Array<{ invocations: Array<{ exitCode: number }> }> };
        expect(sarifSchemaErrors(log)).toEqual([]);
        expect(log.runs[0]!.invocations[0]!.exitCode).toBe(0);
    });
});

describe("--policy and --skip-policy", () => {
    it("--policy runs only the policies named; --skip-policy leaves policies out; both repeatable", async () => {
        const only = json((await run("-f", "json", "--policy", "obs-https-hardening", plan("module-provider"))).stdout);
        expect(only.findings.map((f) => f.policy)).toEqual(["obs-https-hardening"]);
        const two = json(
            (await run("-f", "json", "--policy", "obs-https-hardening", "--policy", "obs-sse-transfer-protocol", plan("module-provider")))
                .stdout,
        );
        expect(new Set(two.findings.map((f) => f.policy))).toEqual(new Set(["obs-https-hardening", "obs-sse-transfer-protocol"]));
        const skipped = await run(
            "-f",
            "json",
            "--skip-policy",
            "obs-sse-transfer-protocol",
            "--skip-policy",
            "obs-https-hardening",
            plan("endpoint-variable"),
        );
        expect(skipped.code).toBe(0);
        expect(json(skipped.stdout).findings).toEqual([]);
    });

    it("policies left out do not run: no test case of theirs in the junit report", async () => {
        const r = await run("-f", "junit", "--skip-policy", "obs-sse-transfer-protocol", plan("count-for-each"));
        const classes = new Set(testCases(parseXml(r.stdout)).map((c) => c.attributes.classname));
        expect(classes.size).toBeGreaterThan(0);
        expect(classes.has("obs-sse-transfer-protocol")).toBe(false);
        const all = await run("-f", "junit", plan("count-for-each"));
        expect(new Set(testCases(parseXml(all.stdout)).map((c) => c.attributes.classname)).has("obs-sse-transfer-protocol")).toBe(true);
    });

    it("unknown names: exit 2 with the nearest policy; nothing left to run: exit 2", async () => {
        const typo = await run("--policy", "obs-sse-transfer-protocl", plan("local-endpoint"));
        expect(typo.code).toBe(2);
        expect(typo.stderr).toContain(
            "--policy: obs-sse-transfer-protocl is not a policy of this pack; did you mean obs-sse-transfer-protocol?",
        );
        const far = await run("--skip-policy", "CKV_AWS_19", plan("local-endpoint"));
        expect(far.code).toBe(2);
        expect(far.stderr).toContain("--skip-policy: CKV_AWS_19 is not a policy of this pack; its policies are obs-sse-transfer-protocol,");
        const none = await run("--policy", "obs-https-hardening", "--skip-policy", "obs-https-hardening", plan("local-endpoint"));
        expect(none.code).toBe(2);
        expect(none.stderr).toContain("leave no policy to run");
    });
});

describe("--baseline", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-baseline-"));
    const baselineOf = async (input: string) => {
        const file = path.join(dir, `${path.basename(path.dirname(input))}.json`);
        expect((await run("-f", "json", "-o", file, input)).code).toBe(1);
        return file;
    };

    it("findings of the baseline are unchanged and do not count; the text report gives their count", async () => {
        const baseline = await baselineOf(plan("count-for-each"));
        const r = await run("-f", "json", "--baseline", baseline, plan("count-for-each"));
        expect(r.code).toBe(0);
        const doc = json(r.stdout);
        expect(doc.findings.length).toBe(8);
        expect(doc.findings.every((f) => f.baselineState === "unchanged")).toBe(true);
        expect(doc.summary).toEqual({ mandatory: 0, advisory: 0, resources: 4, unchanged: 8 });
        const text = await run("--baseline", baseline, plan("count-for-each"));
        expect(text.code).toBe(0);
        expect(text.stdout).toContain(`Baseline: 8 findings also in the baseline ${baseline} are not shown (the json format lists them).`);
        expect(text.stdout).toContain("Summary: no policy violations that count.");
    });

    it("a finding not in the baseline is new and counts; sarif says new or unchanged", async () => {
        const baseline = await baselineOf(plan("count-for-each"));
        const doc = JSON.parse(readFileSync(baseline, "utf8")) as JsonReport;
        const dropped = doc.findings.find((f) => f.enforcementLevel === "mandatory")!;
        doc.findings = doc.findings.filter((f) => f !== dropped);
        writeFileSync(baseline, JSON.stringify(doc));
        const r = await run("-f", "json", "--baseline", baseline, plan("count-for-each"));
        expect(r.code).toBe(1);
        const news = json(r.stdout).findings.filter((f) => f.baselineState === "new");
        expect(news.map((f) => f.resource)).toEqual([dropped.resource]);
        expect(news[0]!.fingerprint).toBe(dropped.fingerprint);
        const github = await run("-f", "github", "--baseline", baseline, plan("count-for-each"));
        const annotations = github.stdout.trimEnd().split("\n");
        expect(annotations).toHaveLength(2);
        expect(annotations[0]).toMatch(/^::error /);
        expect(annotations[1]).toBe(
            "::notice title=obs-sse-check::Findings not annotated: 7 unchanged from the baseline (the json format lists them).",
        );
        const sarif = await run("-f", "sarif", "--baseline", baseline, plan("count-for-each"));
        const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ baselineState: string }> }> };
        expect(sarifSchemaErrors(log)).toEqual([]);
        expect(log.runs[0]!.results.filter((x) => x.baselineState === "new")).toHaveLength(1);
        expect(log.runs[0]!.results.filter((x) => x.baselineState === "unchanged")).toHaveLength(7);
    });

    it("one finding in the baseline excuses one: the same fingerprint in a second input is new", async () => {
        const baseline = await baselineOf(plan("delete"));
        const r = await run("-f", "json", "--baseline", baseline, plan("delete"), plan("delete"));
        expect(r.code).toBe(1);
        expect(json(r.stdout).findings.map((f) => f.baselineState)).toEqual(["unchanged", "unchanged", "new", "new"]);
    });

    it("a bad baseline: exit 2 naming the file and the field, never its content", async () => {
        const write = (name: string, text: string) => {
            const file = path.join(dir, name);
            writeFileSync(file, text);
            return file;
        };
        const cases: Array<[string, string]> = [
            [
                write("not-json.json", "PLANTED {"),
                "the baseline is not JSON text; create it with: obs-sse-check --format json -o FILE <inputs>",
            ],
            [
                write("plan.json", readFileSync(path.join(ROOT, plan("delete")), "utf8")),
                "the baseline is not a JSON report of obs-sse-check: ",
            ],
            [
                write(
                    "no-policy.json",
                    JSON.stringify({
                        tool: { name: "obs-sse-check", version: "0" },
                        inputs: [],
                        findings: [{ resource: "PLANTED" }],
                        summary: { mandatory: 0, advisory: 0, resources: 0 },
                    }),
                ),
                "findings.0.policy is required",
            ],
            [
                write(
                    "old.json",
                    JSON.stringify({
                        tool: { name: "obs-sse-check", version: "0.1.0" },
                        inputs: [],
                        findings: [
                            {
                                policy: "p",
                                enforcementLevel: "mandatory",
                                severity: "high",
                                resource: "PLANTED",
                                resourceType: "t",
                                message: "m",
                                input: "i",
                            },
                        ],
                        summary: { mandatory: 1, advisory: 0, resources: 1 },
                    }),
                ),
                "findings.0.fingerprint is required: the baseline was written by a version without fingerprints",
            ],
        ];
        for (const [file, message] of cases) {
            const r = await run("--baseline", file, plan("delete"));
            expect(r.code, file).toBe(2);
            expect(r.stderr, file).toContain(`${file}: `);
            expect(r.stderr, file).toContain(message);
            expect(r.stderr, file).not.toContain("PLANTED");
        }
        const missing = await run("--baseline", path.join(dir, "none.json"), plan("delete"));
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain("none.json: no such file");
    });
});

const finding = (over: Partial<Finding> = {}): Finding => ({
    policy: "obs-sse-transfer-protocol",
    enforcementLevel: "mandatory",
    severity: "high",
    resource: "aws_s3_object.a",
    resourceType: "aws_s3_object",
    resourceName: "aws_s3_object.a",
    message: "m",
    input: "plan.json",
    cause: "provider:aws.obs|rows:1",
    ...over,
});

describe("fingerprints", () => {
    const location = fc.record({
        file: fc.constantFrom("main.tf", "modules/a/main.tf"),
        line: fc.integer({ min: 1, max: 1e6 }),
        column: fc.integer({ min: 1, max: 200 }),
    });

    it("survive line moves and message changes; they do not hold the input path", () => {
        fc.assert(
            fc.property(fc.string(), location, location, fc.string(), fc.string(), (cause, a, b, m1, m2) => {
                const x = finding({ cause, location: a, message: m1, input: "a/plan.json" });
                const y = finding({ cause, location: b, message: m2, input: "./a/plan.json" });
                return fingerprint(x) === fingerprint(y);
            }),
        );
    });

    it("differ across subjects, policies and causes", () => {
        fc.assert(
            fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (r1, r2, c1, c2) => {
                fc.pre(r1 !== r2);
                const differsBySubject =
                    fingerprint(finding({ resource: r1, cause: c1 })) !== fingerprint(finding({ resource: r2, cause: c1 }));
                const differsByPolicy =
                    fingerprint(finding({ resource: r1, cause: c1 })) !==
                    fingerprint(finding({ resource: r1, cause: c1, policy: "obs-https-hardening" }));
                const differsByCause = c1 === c2 || fingerprint(finding({ cause: c1 })) !== fingerprint(finding({ cause: c2 }));
                return differsBySubject && differsByPolicy && differsByCause;
            }),
        );
    });
});

function testCases(root: XmlElement): XmlElement[] {
    return root.children.flatMap((s) => s.children.filter((c) => c.name === "testcase"));
}

describe("--format junit", () => {
    it("one test case per resource and policy that judged it; mandatory findings fail; advisory ones in system-out", async () => {
        const r = await run("--no-source", "-f", "junit", plan("aliased-providers"), plan("real-aws-unencrypted"));
        expect(r.code).toBe(1);
        const root = parseXml(r.stdout);
        expect(junitProblems(root)).toEqual([]);
        expect(root.children.map((s) => s.attributes.name)).toEqual([plan("aliased-providers"), plan("real-aws-unencrypted")]);
        const cases = testCases(root);
        const failing = cases.filter((c) => c.children.some((x) => x.name === "failure"));
        expect(failing.map((c) => `${c.attributes.classname} ${c.attributes.name}`)).toEqual([
            "obs-sse-transfer-protocol aws_s3_object.kms_over_http",
        ]);
        const failure = failing[0]!.children.find((x) => x.name === "failure")!;
        expect(failure.attributes.type).toBe("mandatory");
        // The finding's own first line, not its policy's description.
        expect(failure.attributes.message).toBe(
            "aws_s3_object.kms_over_http would call OBS over HTTP, which the OBS SSE matrix does not allow for:",
        );
        expect(failure.text).toContain("aws_s3_object.kms_over_http would call OBS over HTTP");
        const hardening = cases.find(
            (c) => c.attributes.classname === "obs-https-hardening" && c.attributes.name === "aws_s3_object.kms_over_http",
        )!;
        expect(hardening.children.map((x) => x.name)).toEqual(["system-out"]);
        expect(hardening.children[0]!.text).toMatch(/^\[advisory\]\n/);
        // Passing pairs are test cases too: the clean plan's resources were judged.
        expect(Number(root.children[1]!.attributes.tests)).toBeGreaterThan(0);
        expect(root.children[1]!.attributes.failures).toBe("0");
        // --fail-on advisory: advisory findings fail too.
        const strict = parseXml((await run("-f", "junit", "--fail-on", "advisory", plan("aliased-providers"))).stdout);
        expect(strict.attributes.failures).toBe("3");
    });

    it("escapes whatever a name or message holds: parsed back, it reads as printable() made it", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (name, message) => {
                const xml = joinPieces(
                    junitReport([
                        {
                            input: name,
                            kind: "terraform-plan",
                            resources: 1,
                            preamble: [],
                            packLabel: "p",
                            findings: [finding({ resource: name, resourceName: name, message })],
                        },
                    ]),
                );
                const root = parseXml(xml);
                expect(junitProblems(root)).toEqual([]);
                const testcase = testCases(root)[0]!;
                const wellFormed = (s: string) =>
                    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
                expect(testcase.attributes.name).toBe(wellFormed(printable(name)));
                expect(testcase.children[0]!.text).toContain(
                    wellFormed(message.split("\n").map(printable).join("\n")).replace(
                        /\ufffe|\uffff/g,
                        (c) => `\\u${c.charCodeAt(0).toString(16)}`,
                    ),
                );
            }),
            { numRuns: 300 },
        );
        expect(xmlText("a<b&c>")).toBe("a&lt;b&amp;c&gt;");
        expect(xmlAttribute('"\n')).toBe("&quot;&#10;");
    });
});

describe("--format github", () => {
    it("::error for mandatory, ::warning for advisory, on the input file without a location", async () => {
        // Read alone, the plan's findings have no source location: they are annotated on the plan file.
        const r = await run("--no-source", "-f", "github", plan("aliased-providers"));
        expect(r.code).toBe(1);
        const lines = r.stdout.trimEnd().split("\n");
        expect(lines).toHaveLength(3);
        for (const line of lines)
            expect(line).toMatch(/^::(error|warning) file=examples\/terraform\/aliased-providers\/plan\.json,title=[^:]+::\S/);
        expect(lines.filter((l) => l.startsWith("::error"))).toHaveLength(1);
        // The title's own commas and colons are escaped; newlines in messages are %0A.
        expect(lines.find((l) => l.includes("obs-virtual-hosted-style"))).toContain(
            'title=obs-virtual-hosted-style (provider["registry.terraform.io/hashicorp/aws"].obs_http)::',
        );
        expect(lines.join("\n")).toContain("%0A");
    });

    it("escapes data and properties as GitHub's toolkit does, reversibly", () => {
        const unescape = (s: string) =>
            s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
        fc.assert(
            fc.property(fc.string(), (s) => {
                expect(escapeData(s)).not.toMatch(/[\r\n]/);
                expect(escapeProperty(s)).not.toMatch(/[\r\n:,]/);
                expect(unescape(escapeProperty(s))).toBe(s);
                expect(unescape(escapeData(s))).toBe(s);
            }),
        );
        expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
    });
});

describe("every JSON report follows the schema", () => {
    it("with fingerprints and baseline states", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-schema-"));
        const file = path.join(dir, "b.json");
        await run("-f", "json", "-o", file, plan("module-provider"));
        expect(reportSchemaErrors(readFileSync(file, "utf8"))).toEqual([]);
        const r = await run("-f", "json", "--baseline", file, plan("module-provider"), plan("delete"));
        expect(reportSchemaErrors(r.stdout)).toEqual([]);
    });
});

describe("which policies judged which subjects", () => {
    it("programs: enabled resource policies but those the pack said do not apply, and the stack policies on the stack", async () => {
        const { programReport } = await import("../../cli/main.js");
        const r = programReport(
            "prog",
            {
                dir: path.join(ROOT, "prog"),
                stack: "dev",
                stackConfigFile: undefined,
                stackLabel: "stack dev",
                resourceCount: 2,
                packLabel: "obs-sse@v1",
                remediated: [],
                diagnostics: [],
                analyzed: [
                    { urn: "urn:a", notApplicable: ["obs-virtual-hosted-style"] },
                    { urn: "urn:b", notApplicable: ["obs-virtual-hosted-style", "obs-https-hardening"] },
                ],
            },
            ROOT,
            { resource: ["obs-https-hardening", "obs-virtual-hosted-style"], stack: ["obs-sse-copy-source"] },
        );
        expect(r.checked).toEqual([
            { subject: "urn:a", policies: ["obs-https-hardening"] },
            { subject: "urn:b", policies: [] },
            { subject: "(stack)", policies: ["obs-sse-copy-source"] },
        ]);
    });

    it("plans: the pairs the check judged, disabled policies not among them", async () => {
        const { checkPlan } = await import("../../cli/terraform/check.js");
        const { loadConfig } = await import("../../cli/config.js");
        const config = loadConfig(undefined);
        const { report } = await checkPlan(path.join(ROOT, plan("aliased-providers")), {
            ...config,
            policies: { ...config.policies, "obs-https-hardening": { enforcementLevel: "disabled", properties: {} } },
        });
        const pairs = (report.checked ?? []).flatMap((c) => c.policies.map((p) => `${p} ${c.subject}`));
        expect(pairs).toContain("obs-sse-transfer-protocol aws_s3_object.kms_over_http");
        expect(pairs.some((p) => p.startsWith("obs-https-hardening "))).toBe(false);
        // Every finding's pair was judged.
        for (const f of report.findings) expect(pairs).toContain(`${f.policy} ${f.resource}`);
    });
});

describe("--list", () => {
    it("prints every policy with its level (as --config sets it), severity and documentation link", async () => {
        const { policies } = await import("../../policies/registry.js");
        const r = await run("--list");
        expect(r.code).toBe(0);
        const lines = r.stdout.trimEnd().split("\n");
        expect(lines[0]).toMatch(/^POLICY +LEVEL +SEVERITY +DOCUMENTATION$/);
        expect(lines).toHaveLength(policies.length + 1);
        for (const [i, p] of policies.entries()) expect(lines[i + 1]!.split(/ +/)).toEqual([p.name, p.enforcementLevel, p.severity, p.url]);
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-list-"));
        const config = path.join(dir, "config.json");
        writeFileSync(config, JSON.stringify({ "obs-https-hardening": "disabled", "obs-sse-transfer-protocol": "advisory" }));
        const configured = JSON.parse((await run("--list", "-f", "json", "--config", config)).stdout) as {
            policies: Array<{ name: string; enforcementLevel: string }>;
        };
        expect(configured.policies.find((p) => p.name === "obs-https-hardening")!.enforcementLevel).toBe("disabled");
        expect(configured.policies.find((p) => p.name === "obs-sse-transfer-protocol")!.enforcementLevel).toBe("advisory");
    });

    it("takes no input and prints text or json only", async () => {
        expect((await run("--list", plan("delete"))).stderr).toContain("--list takes no input");
        expect((await run("--list", "-f", "sarif")).stderr).toContain("--list prints text or json, not sarif");
    });
});
