// obs-sse-check as a user runs it, in every format, with its exit codes: in process through
// main(argv, io) with captured streams, and a few runs of the compiled command (bin/cli/obs-sse-check.js,
// built by `npm test` before vitest) as a child process, for what only a process shows.
import { spawn as spawnChild, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it, vi } from "vitest";
import { launchPack, previewProgram } from "../../testing";
import { violatingPlan } from "../../bench/violatingPlan";
import { checkPulumiPrograms } from "../../cli/harness";
import { programReport } from "../../cli/main";
import type { InputReport } from "../../cli/output";
import { renderText } from "../../cli/render/text";
import { policies } from "../../policies/registry";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import type * as engineCapture from "../../engine/capture";
import { runCommand } from "./runCommand";
import { at, field } from "../support/items";

// The examples' captures in this process (the testing API's previews, the command's runs) are the
// run's shared ones (test/support/captureCache.ts); the spawned command captures its own.
vi.mock("../../engine/capture", async (importOriginal) => {
    const { sharingExampleCaptures } = await import("../support/captureCache.js");
    return sharingExampleCaptures(await importOriginal<typeof engineCapture>());
});

const ROOT = path.resolve(__dirname, "../..");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const BIN = path.join(ROOT, "bin", "cli", "obs-sse-check.js");
const EXAMPLES = path.join("examples", "terraform");
const fixture = (name: string) => path.join(EXAMPLES, name, "plan.json");

/** The command in this process, on captured streams. */
function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return runCommand(args, { cwd: ROOT });
}

/** The compiled command as a child process. */
function spawn(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    // The test runner's colour settings are not the user's: the child decides from its pipe alone.
    const env = { ...process.env };
    delete env.FORCE_COLOR;
    delete env.NO_COLOR;
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: PROCESS_TIMEOUT_MS, env });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
    findings: Array<{ policy: string; enforcementLevel: string; resource: string; resourceType: string; message: string; input: string }>;
    summary: { mandatory: number; advisory: number };
}

/** Text with the lines the report wrapped at 100 columns joined again (continuation lines are indented). */
const unwrapped = (text: string) => text.replace(/\n +/g, " ");

const summary = (r: JsonReport) => r.findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`).sort();

/** What each fixture yields with the default config (the README describes each case). */
const EXPECTED: Record<string, { exit: number; findings: string[] }> = {
    "aliased-providers": {
        exit: 1,
        findings: [
            "advisory obs-https-hardening aws_s3_object.kms_over_http",
            'advisory obs-virtual-hosted-style provider["registry.terraform.io/hashicorp/aws"].obs_http',
            "mandatory obs-sse-transfer-protocol aws_s3_object.kms_over_http",
        ],
    },
    "module-provider": {
        exit: 1,
        findings: [
            "advisory obs-https-hardening module.store.module.nested.aws_s3_object.note",
            "advisory obs-secure-transport-policy module.store.aws_s3_bucket.this",
            "advisory obs-sse-inherited-encryption module.store.aws_s3_object.doc",
            "mandatory obs-sse-transfer-protocol module.store.module.nested.aws_s3_object.note",
        ],
    },
    "endpoint-variable": {
        exit: 1,
        findings: [
            "advisory obs-https-hardening module.legacy.aws_s3_object.old",
            "mandatory obs-sse-transfer-protocol module.legacy.aws_s3_object.old",
        ],
    },
    "count-for-each": {
        exit: 1,
        findings: [
            'advisory obs-https-hardening aws_s3_object.by_name["alpha"]',
            'advisory obs-https-hardening aws_s3_object.by_name["beta"]',
            "advisory obs-https-hardening aws_s3_object.many[0]",
            "advisory obs-https-hardening aws_s3_object.many[1]",
            'mandatory obs-sse-transfer-protocol aws_s3_object.by_name["alpha"]',
            'mandatory obs-sse-transfer-protocol aws_s3_object.by_name["beta"]',
            "mandatory obs-sse-transfer-protocol aws_s3_object.many[0]",
            "mandatory obs-sse-transfer-protocol aws_s3_object.many[1]",
        ],
    },
    delete: {
        exit: 1,
        findings: ["advisory obs-https-hardening aws_s3_object.kept", "mandatory obs-sse-transfer-protocol aws_s3_object.kept"],
    },
    "sensitive-customer-key": {
        exit: 1,
        findings: [
            "mandatory obs-sse-c-key-transport aws_s3_object_copy.ssec",
            "mandatory obs-sse-transfer-protocol aws_s3_object_copy.ssec",
        ],
    },
    "unknown-kms-key": {
        exit: 1,
        findings: ["advisory obs-https-hardening aws_s3_object.report", "mandatory obs-sse-transfer-protocol aws_s3_object.report"],
    },
    // The plan records endpoints { s3 = local.obs_endpoint } only by its reference; read with the
    // main.tf beside it (the default), the local's http:// value is judged.
    "local-endpoint": {
        exit: 1,
        findings: ["advisory obs-https-hardening aws_s3_object.doc", "mandatory obs-sse-transfer-protocol aws_s3_object.doc"],
    },
    "real-aws-unencrypted": { exit: 0, findings: [] },
    "otc-native": {
        exit: 1,
        findings: [
            // The bucket's default encryption: objects written into it travel through the OBS client that never verifies certificates.
            "advisory obs-https-hardening opentelekomcloud_obs_bucket.data",
            "advisory obs-https-hardening opentelekomcloud_obs_bucket_object.report",
            "advisory obs-secure-transport-policy opentelekomcloud_obs_bucket.data",
            "mandatory obs-sse-supported-algorithm opentelekomcloud_s3_bucket_object.legacy_doc",
        ],
    },
    "huawei-native": {
        exit: 1,
        findings: [
            "advisory obs-https-hardening huaweicloud_obs_bucket_object.doc",
            "advisory obs-secure-transport-policy huaweicloud_obs_bucket.data",
            "mandatory obs-sse-transfer-protocol huaweicloud_obs_bucket_object.doc",
        ],
    },
};

/** Secrets planted in the fixtures (plan.json holds them in clear text). */
const PLANTED = [
    "UExBTlRFRC1zc2VjLWtleS0wMDAwMDAwMDAwMDAwMDA=", // sensitive-customer-key: customer_key (var.ssec_key)
    "AKIAPLANTEDACCESSKEY01",
    "PLANTED/provider/secret/key/0001", // its provider's literal credentials
    "PLANTEDOTCACCESSKEY0",
    "PLANTED-otc-secret-key-0001", // otc-native: sensitive variables
    "PLANTED",
];

const sarifSchema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;
// unicodeRegExp off: the published schema has a pattern (artifact "language") that is valid only without the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

describe("obs-sse-check on the Terraform fixtures", () => {
    for (const [name, expected] of Object.entries(EXPECTED)) {
        it(`${name}: json findings and exit code ${expected.exit}`, async () => {
            const r = await run("--format", "json", fixture(name));
            expect(r.stderr).toBe("");
            expect(r.code).toBe(expected.exit);
            const report = JSON.parse(r.stdout) as JsonReport;
            expect(summary(report)).toEqual(expected.findings);
            expect(report.summary.mandatory).toBe(expected.findings.filter((f) => f.startsWith("mandatory")).length);
            for (const f of report.findings) expect(f.input).toBe(fixture(name));
        });
    }

    it("text: the policy section framed as the Pulumi CLI frames it, resources named by address (spawned: exit 1)", async () => {
        // The plan alone (its .tf files would add locations beside each address: test/cli/terraformSource.test.ts).
        const r = spawn("--no-source", fixture("aliased-providers"));
        expect(r.stderr).toBe("");
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(
            `Policies:\n    ❌ obs-sse@v${VERSION}\n        - [mandatory]  obs-sse-transfer-protocol  (aws_s3_object: aws_s3_object.kms_over_http)\n`,
        );
        expect(r.stdout).toContain("          aws_s3_object.kms_over_http would call OBS over HTTP");
        expect(r.stdout).toContain("Fix: remove s3_use_path_style or set it to false.");
        expect(r.stdout).toContain("Summary: 3 policy violations (1 mandatory, 2 advisory) on 2 resources.");
        // A plan is not a preview.
        expect(r.stdout).toContain("\nerror: 1 mandatory policy violation in the plan\n");
        expect(r.stdout).not.toContain("preview");
        const clean = await run(fixture("real-aws-unencrypted"));
        expect(clean.code).toBe(0);
        expect(clean.stdout).toContain(`    ✅ obs-sse@v${VERSION}`);
    });

    it("text: no Pulumi type token is left in messages, addresses with for_each keys included", async () => {
        const r = await run("--no-source", ...Object.keys(EXPECTED).map(fixture));
        expect(r.code).toBe(1);
        expect(r.stdout).not.toMatch(/\b(aws:s3\/|opentelekomcloud:index\/|huaweicloud:(index|Obs)\/|pulumi:providers:)/);
        // The four objects behind one http provider: one block, naming them by address.
        expect(r.stdout).toContain(
            'Resources: aws_s3_object.many[0], aws_s3_object.many[1], aws_s3_object.by_name["alpha"],\n            aws_s3_object.by_name["beta"]\n          Each of these 4 resources would call OBS over HTTP',
        );
        // Advice naming another resource type names the Terraform type (read across the wrapped lines).
        expect(unwrapped(r.stdout)).toContain("s3* resources (opentelekomcloud_s3_bucket_object, whose S3 client verifies certificates");
    });

    it("text: an unresolvable endpoint says why and how to name it", async () => {
        // --no-source: the plan alone, which records the endpoint only by its reference.
        const r = await run("--no-source", fixture("local-endpoint"));
        expect(r.code).toBe(0);
        expect(unwrapped(r.stdout)).toContain(
            'Provider "aws.obs": its OBS endpoint cannot be known from this plan: endpoints[0].s3 is built from local.obs_endpoint',
        );
        // The snippet to copy is never broken across lines.
        expect(r.stdout).toContain('{"obs-sse-check": {"providerEndpoints": {"aws.obs": "https://..."}}}');
    });

    it("sarif: valid SARIF 2.1.0 with one rule per policy, one result per finding, the address as logical location", async () => {
        const inputs = Object.keys(EXPECTED).map(fixture);
        const r = await run("--format", "sarif", ...inputs);
        expect(r.code).toBe(1);
        const log = JSON.parse(r.stdout) as {
            version: string;
            runs: Array<{
                tool: {
                    driver: { rules: Array<{ id: string; helpUri: string; help: { text: string }; shortDescription: { text: string } }> };
                };
                artifacts: Array<{ location: { uri: string } }>;
                results: Array<{
                    ruleId: string;
                    ruleIndex: number;
                    level: string;
                    locations: Array<{
                        physicalLocation: { artifactLocation: { uri: string; index?: number }; region: { startLine: number } };
                        logicalLocations: Array<{ fullyQualifiedName: string; kind: string }>;
                    }>;
                }>;
            }>;
        };
        expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
        const run0 = at(log.runs, 0);
        const rules = run0.tool.driver.rules;
        expect(rules.map((x) => x.id)).toEqual([
            "obs-sse-transfer-protocol",
            "obs-sse-signature-version",
            "obs-sse-supported-algorithm",
            "obs-sse-c-key-transport",
            "obs-https-hardening",
            "obs-virtual-hosted-style",
            "obs-sse-inherited-encryption",
            "obs-sse-copy-source",
            "obs-secure-transport-policy",
        ]);
        for (const rule of rules) {
            expect(rule.shortDescription.text.length).toBeGreaterThan(10);
            expect(rule.help.text.length).toBeGreaterThan(10);
            expect(rule.helpUri).toMatch(/^https:\/\//);
        }
        expect(run0.artifacts.map((a) => a.location.uri)).toEqual(inputs);
        const all = Object.entries(EXPECTED)
            .flatMap(([name, e]) => e.findings.map((f) => `${f} ${fixture(name)}`))
            .sort();
        const got = run0.results
            .map((res) => {
                const loc = at(res.locations, 0);
                expect(at(loc.logicalLocations, 0).kind).toBe("resource");
                expect(at(rules, res.ruleIndex).id).toBe(res.ruleId);
                const level = res.level === "error" ? "mandatory" : res.level === "warning" ? "advisory" : res.level;
                // A result located in a plan's source (the .tf files beside it) names that file and line; its plan is the input of that directory.
                const { index, uri } = loc.physicalLocation.artifactLocation;
                const input =
                    index !== undefined
                        ? at(run0.artifacts, index).location.uri
                        : inputs.find((i) => uri.startsWith(`${path.dirname(i)}/`) && uri.endsWith(".tf"));
                if (index === undefined) expect(loc.physicalLocation.region.startLine).toBeGreaterThan(1);
                return `${level} ${res.ruleId} ${at(loc.logicalLocations, 0).fullyQualifiedName} ${input}`;
            })
            .sort();
        expect(got).toEqual(all);
    });

    it("the schema check catches an invalid log (it could fail)", async () => {
        expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
        expect(
            validateSarif({
                version: "2.1.0",
                runs: [{ tool: { driver: { name: "x" } }, results: [{ level: "fatal", message: { text: "m" } }] }],
            }),
        ).toBe(false);
    });

    it("no output in any format contains a secret from the plan", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-secrets-"));
        // The same plan with more places for secrets to leak from: credentials in the endpoint URL,
        // and the SSE-C key pasted into customer_algorithm (a non-sensitive attribute).
        const plan = JSON.parse(readFileSync(path.join(ROOT, fixture("sensitive-customer-key")), "utf8")) as {
            resource_changes: Array<{ change: { after: Record<string, unknown> } }>;
            configuration: { provider_config: Record<string, { expressions: { endpoints: Array<{ s3: { constant_value: string } }> } }> };
        };
        at(plan.resource_changes, 0).change.after.customer_algorithm = PLANTED[0];
        at(field(plan.configuration.provider_config, "aws.obs").expressions.endpoints, 0).s3.constant_value =
            `http://${PLANTED[1]}:${encodeURIComponent(at(PLANTED, 2))}@obs.eu-de.otc.t-systems.com/?X-Amz-Credential=${PLANTED[1]}`;
        const leaky = path.join(dir, "plan.json");
        writeFileSync(leaky, JSON.stringify(plan));
        const out = path.join(dir, "out.sarif");
        for (const format of ["text", "json", "sarif"]) {
            for (const input of [fixture("sensitive-customer-key"), fixture("otc-native"), leaky]) {
                const r = await run("--format", format, input);
                expect(r.code, `${format} ${input}`).toBe(1);
                for (const secret of PLANTED) {
                    expect(r.stdout).not.toContain(secret);
                    expect(r.stderr).not.toContain(secret);
                }
            }
        }
        const r = await run("--format", "sarif", "--output", out, leaky);
        expect(r.stdout).toBe("");
        expect(readFileSync(out, "utf8")).not.toContain("PLANTED");
        // The leaky plan still says what is wrong: the algorithm input is named, not echoed.
        const text = (await run(leaky)).stdout;
        expect(text).toContain('customer_algorithm is not "AES256"');
    });

    it("--output writes the report to a file and nothing to stdout", async () => {
        const out = path.join(mkdtempSync(path.join(tmpdir(), "obs-sse-out-")), "report.json");
        const r = await run("-f", "json", "-o", out, fixture("delete"));
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect((JSON.parse(readFileSync(out, "utf8")) as JsonReport).summary.mandatory).toBe(1);
    });

    it("--config: levels (all, per policy, disabled) and an endpoint named for a provider key", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-cfg-"));
        const cfg = (name: string, content: unknown) => {
            const f = path.join(dir, name);
            writeFileSync(f, JSON.stringify(content));
            return f;
        };
        const allAdvisory = await run("-f", "json", "-c", cfg("all.json", { all: "advisory" }), fixture("count-for-each"));
        expect(allAdvisory.code).toBe(0);
        expect((JSON.parse(allAdvisory.stdout) as JsonReport).findings.every((f) => f.enforcementLevel === "advisory")).toBe(true);
        const disabled = await run(
            "-f",
            "json",
            "-c",
            cfg("off.json", { "obs-sse-transfer-protocol": "disabled", "obs-https-hardening": { enforcementLevel: "mandatory" } }),
            fixture("delete"),
        );
        expect(disabled.code).toBe(1);
        expect(summary(JSON.parse(disabled.stdout) as JsonReport)).toEqual(["mandatory obs-https-hardening aws_s3_object.kept"]);
        const named = await run(
            "-f",
            "json",
            "-c",
            cfg("ep.json", { "obs-sse-check": { providerEndpoints: { "aws.obs": "http://obs.eu-de.otc.t-systems.com" } } }),
            fixture("local-endpoint"),
        );
        expect(named.code).toBe(1);
        expect(summary(JSON.parse(named.stdout) as JsonReport)).toEqual([
            "advisory obs-https-hardening aws_s3_object.doc",
            "mandatory obs-sse-transfer-protocol aws_s3_object.doc",
        ]);
        const sarif = JSON.parse(
            (
                await run(
                    "-f",
                    "sarif",
                    "-c",
                    cfg("off2.json", { "obs-sse-copy-source": "disabled", "obs-https-hardening": "mandatory" }),
                    fixture("delete"),
                )
            ).stdout,
        ) as {
            runs: Array<{ tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string; enabled?: boolean } }> } } }>;
        };
        const rules = new Map(at(sarif.runs, 0).tool.driver.rules.map((x) => [x.id, x.defaultConfiguration]));
        expect(rules.get("obs-sse-copy-source")).toEqual({ enabled: false, level: "none" });
        expect(rules.get("obs-https-hardening")).toEqual({ level: "error" });
    });

    it("exit 2 for bad usage and bad input, with a message naming the input and never its content", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-bad-"));
        const write = (name: string, text: string) => {
            const f = path.join(dir, name);
            writeFileSync(f, text);
            return f;
        };
        const cases: Array<[string[], RegExp]> = [
            [[], /no input given/],
            [
                ["--format", "xml", fixture("delete")],
                /--format: unknown format \(a value of 3 characters\); the formats are text, json, sarif/,
            ],
            [["--frobnicate", fixture("delete")], /unknown option '--frobnicate'/],
            [[path.join(dir, "missing.json")], /missing\.json: no such file/],
            [[write("notjson.json", "PLANTED-content {")], /notjson\.json: is not JSON/],
            [[write("notplan.json", '{"hello": "PLANTED"}')], /notplan\.json: is JSON but not a Terraform plan/],
            [[write("v2.json", '{"format_version": "2.0", "resource_changes": []}')], /v2\.json: plan format_version has major version 2/],
            [["-c", path.join(dir, "nocfg.json"), fixture("delete")], /nocfg\.json: no such config file/],
            [
                ["-c", write("badcfg.json", '{"obs-sse-transfer-protocol": {"obsHosts": "x"}}'), fixture("delete")],
                new RegExp(
                    `badcfg\\.json: validating policy config: obs-sse ${VERSION.replace(/\./g, "\\.")} {2}obs-sse-transfer-protocol: obsHosts: Invalid type\\. Expected: array, given: string`,
                ),
            ],
            [
                ["-c", write("badlevel.json", '{"all": "loud"}'), fixture("delete")],
                /parsing enforcement level for "all": a string of 4 characters is not a valid enforcement level; expected advisory, mandatory, remediate, disabled/,
            ],
            [
                ["-c", write("badep.json", '{"obs-sse-check": {"providerEndpoints": {"aws.obs": "PLANTED"}}}'), fixture("local-endpoint")],
                /obs-sse-check: providerEndpoints\.aws\.obs: Does not match pattern '.*' \(expected an http:\/\/ or https:\/\/ URL\)/,
            ],
            [
                ["-c", write("typo.json", '{"obs-sse-transfer-protocl": "advisory"}'), fixture("delete")],
                /typo\.json: validating policy config: obs-sse \S+ {2}obs-sse-transfer-protocl: not a policy of this pack; did you mean obs-sse-transfer-protocol\?/,
            ],
            [
                ["-c", write("typoopt.json", '{"obs-sse-transfer-protocol": {"obsHost": ["PLANTED.example.com"]}}'), fixture("delete")],
                /obs-sse-transfer-protocol: obsHost: not an option of this policy; did you mean obsHosts\?/,
            ],
            [["-c", write("proto.json", '{"__proto__": "disabled"}'), fixture("delete")], /__proto__: not a policy of this pack/],
            [
                [
                    "-c",
                    write("badkey.json", '{"obs-sse-check": {"providerEndpoints": {"aws.other": "https://x.example"}}}'),
                    fixture("local-endpoint"),
                ],
                /"aws\.other", which is not a key of the plan's configuration\.provider_config/,
            ],
        ];
        for (const [args, message] of cases) {
            const r = await run(...args);
            expect(r.code, args.join(" ")).toBe(2);
            expect(r.stdout).toBe("");
            expect(r.stderr).toMatch(message);
            expect(r.stderr).not.toContain("PLANTED");
        }
    });

    it("a reader that closes the pipe early (| head -c 100): no stack trace, the verdict's exit code (spawned)", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-pipe-"));
        const plan = path.join(dir, "plan.json");
        // 1,200 findings: a report far larger than a pipe's buffer, so writes after the close fail.
        writeFileSync(plan, JSON.stringify(violatingPlan(600, ROOT)));
        for (const format of ["text", "json", "sarif"]) {
            const { code, stderr, received } = await new Promise<{ code: number | null; stderr: string; received: number }>(
                (resolve, reject) => {
                    const child = spawnChild(process.execPath, [BIN, "--format", format, plan], {
                        cwd: ROOT,
                        stdio: ["ignore", "pipe", "pipe"],
                    });
                    let err = "";
                    let received = 0;
                    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
                    child.stdout.on("data", (d: Buffer) => {
                        received += d.length;
                        // As `head -c 100` does: read a little, then close the pipe.
                        if (received >= 100) child.stdout.destroy();
                    });
                    child.on("error", reject);
                    child.on("close", (c) => resolve({ code: c, stderr: err, received }));
                },
            );
            expect(received, format).toBeGreaterThanOrEqual(100);
            expect(stderr, format).toBe("");
            expect(code, format).toBe(1);
        }
    }, 120_000);

    it("--help and --version exit 0", async () => {
        // Spawned: the compiled command runs main and exits with its code.
        expect(spawn("--help")).toMatchObject({
            code: 0,
            stdout: expect.stringContaining("Exit codes: 0 no mandatory violation"),
            stderr: "",
        });
        expect(await run("--version")).toMatchObject({ code: 0, stdout: `obs-sse-check ${VERSION}\n` });
    });
});

describe("obs-sse-check on Pulumi programs", { timeout: PROCESS_TIMEOUT_MS }, () => {
    it("prints the findings a preview through the testing API gives, as records rendered as the command renders them (npm run demo is this command on the examples)", async () => {
        const programs = [path.join("examples", "compliant"), path.join("examples", "violations")];
        // The command checks programs in-process; its findings are the ones the pack process gives
        // through obs-sse-policy-pack/testing, in the same order (test/e2e/programParity.test.ts holds
        // every example and config to this).
        const checked = await checkPulumiPrograms(
            programs.map((dir) => path.join(ROOT, dir)),
            {},
        );
        const pack = await launchPack({ timeoutMs: PROCESS_TIMEOUT_MS });
        try {
            for (const [i, dir] of programs.entries()) {
                const result = await previewProgram(path.join(ROOT, dir), { pack });
                const viaPack = result.diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.severity, d.urn, d.message]);
                const inProcess = checked[i]!.diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.severity, d.urn, d.message]);
                expect(inProcess, dir).toEqual(viaPack);
                expect(checked[i]!.resourceCount).toBe(result.resourceCount);
            }
        } finally {
            await pack.close();
        }
        const reports: InputReport[] = programs.map((dir, i) => programReport(dir, checked[i]!, ROOT));
        expect(reports[1]!.packLabel).toBe(`obs-sse@v${VERSION} (in-process)`);
        const expected = renderText(reports, { descriptions: new Map(policies.map((p) => [p.name, p.description])) });
        const mandatory = reports.reduce((n, r) => n + r.findings.filter((f) => f.enforcementLevel === "mandatory").length, 0);
        // Spawned: the compiled command starts the capture worker as a user's run does (and no pack process).
        const cli = spawn(...programs);
        expect(cli.code).toBe(1);
        expect(mandatory).toBeGreaterThan(0);
        expect(cli.stdout).toBe(expected);
        expect(cli.stdout).toContain("\nPreviewing examples/violations (stack dev): 21 resources\n");
        // Programs keep the preview wording.
        expect(cli.stdout.endsWith(`\nerror: preview failed due to ${mandatory} mandatory policy violations\n`)).toBe(true);
        // npm run demo runs exactly this command on the four examples.
        const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
        expect(pkg.scripts.demo).toBe(
            "npm run build && node bin/cli/obs-sse-check.js examples/compliant examples/violations examples/otc-native examples/huawei",
        );
    });

    it("a program that cannot be previewed is bad input (exit 2), named", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-prog-"));
        writeFileSync(path.join(dir, "Pulumi.yaml"), "name: broken\nruntime: nodejs\n");
        writeFileSync(path.join(dir, "index.ts"), 'throw new Error("broken on purpose");\n');
        const r = await run(dir);
        rmSync(dir, { recursive: true, force: true });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        // Outside this repository nothing resolves @pulumi/pulumi: said before the program runs.
        expect(r.stderr).toContain("@pulumi/pulumi cannot be found from the program; run npm install in");
    }, 60_000);

    it("json: findings named by URN; a plan and a program in one run", async () => {
        const r = await run("-f", "json", path.join("examples", "compliant"), fixture("delete"));
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout) as JsonReport & { inputs: Array<{ input: string; kind: string }> };
        expect(report.inputs.map((i) => i.kind)).toEqual(["pulumi-program", "terraform-plan"]);
        expect(report.findings.every((f) => f.input === fixture("delete"))).toBe(true);
        const violations = JSON.parse((await run("-f", "json", path.join("examples", "violations"))).stdout) as JsonReport;
        expect(violations.findings.length).toBeGreaterThan(0);
        for (const f of violations.findings) expect(f.resource).toMatch(/^urn:pulumi:dev::/);
        // Each a record: the calls judged with the matrix cell they break, the fix, where the program writes the resource.
        const overHttp = (violations.findings as Array<JsonReport["findings"][number] & Record<string, unknown>>).find(
            (f) => f.policy === "obs-sse-transfer-protocol" && f.resource.endsWith("::kms-over-http"),
        );
        expect(overHttp).toMatchObject({
            calls: [{ interface: "PUT Object", encryption: "SSE-KMS", protocol: "HTTP", row: { edition: "otc-s3", table: 2, row: 1 } }],
            fix: { kind: "set", field: "endpoints[0].s3", value: "https://obs.eu-de.otc.t-systems.com" },
            location: { file: path.join("examples", "violations", "index.ts"), line: 65, column: 1 },
        });
    });
});
