// obs-sse-check checks Pulumi programs in-process (cli/pulumi/program.ts): the requests a preview
// sends the pack, run through the core. Here every example program and the program cases of the
// suite, each captured once, go both ways (the real pack process driven over the analyzer protocol
// by engine/replay.ts, and the in-process check) under several policy configs: the findings
// (policy, level, severity, URN, message, in order), the remediations and the policies that said
// they do not apply must be the same, so that any divergence fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzerInfo } from "../../cli/config";
import { checkCapturedProgram } from "../../cli/pulumi/program";
import type { CapturedProgram } from "../../engine/capture";
import { reconcilePolicyConfig, type PolicyConfigFile } from "../../engine/config";
import type { PackProcess } from "../../engine/pack";
import { replayProgram } from "../../engine/replay";
import { policies } from "../../policies/registry";
import { capturedExample, capturedProgram } from "../support/captureCache";
import { ScratchPrograms, SECRET_ENDPOINT_PROGRAMS } from "../support/programs";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";

const HTTP_OBS = "http://obs.eu-de.otc.t-systems.com";
const PAST = "2000-01-31";
const FUTURE = "2999-12-31";

/** Policy configs the programs are checked under: defaults, the example's, remediation, exemptions. */
const CONFIGS: Record<string, PolicyConfigFile> = {
    defaults: {},
    example: {
        "obs-https-hardening": "mandatory",
        "obs-virtual-hosted-style": "disabled",
        "obs-sse-signature-version": { enforcementLevel: "mandatory", providerSignatures: { "obs-gateway": "V2" } },
    },
    remediate: { "obs-sse-transfer-protocol": "remediate", "obs-virtual-hosted-style": "remediate" },
    // What a remediated provider still shows (its path style) is judged on the remediated inputs, secrets kept.
    "protocol remediate": { "obs-sse-transfer-protocol": "remediate", "obs-https-hardening": "mandatory" },
    "all remediate": { all: "remediate" },
    exemptions: {
        "obs-sse-transfer-protocol": {
            exemptions: [
                { resource: "kms-over-http", reason: "legacy importer", expires: FUTURE },
                { resource: "*::kms-copy-http", reason: "copy job", expires: PAST },
                { resource: "kms-object", reason: "scratch" },
            ],
        },
        "obs-secure-transport-policy": { exemptions: [{ resource: "kms-default", reason: "bucket policy elsewhere" }] },
        "obs-sse-inherited-encryption": { exemptions: [{ resource: "*", reason: "all of them", expires: PAST }] },
    },
};

const programs: Record<string, CapturedProgram> = {};
const scratch = new ScratchPrograms();
let pack: PackProcess;

beforeAll(async () => {
    const written: Record<string, string> = {
        "secret endpoint on an explicit provider": scratch.write("secret-endpoint", SECRET_ENDPOINT_PROGRAMS["secret-endpoint"]),
        "secure: endpoint in stack config": scratch.write("secure-endpoint", SECRET_ENDPOINT_PROGRAMS["secure-endpoint"]),
        "requireSecret endpoint": scratch.write("secure-program-value", SECRET_ENDPOINT_PROGRAMS["secure-program-value"]),
    };
    // One process at a time: the machine the suite runs on may have two cores for all of it.
    pack = await sharedPack();
    for (const name of ["compliant", "violations", "otc-native", "huawei"]) programs[`examples/${name}`] = await capturedExample(name);
    for (const [name, dir] of Object.entries(written)) programs[name] = await capturedProgram(dir);
}, PROCESS_TIMEOUT_MS);

afterAll(async () => {
    scratch.remove();
});

/** What both ways report of a program, in their order. */
interface Outcome {
    readonly findings: string[];
    readonly remediated: string[];
    readonly notApplicable: string[];
}

/** The in-process check's outcome, and how many of its findings judged calls. */
interface InProcessOutcome extends Outcome {
    readonly withCalls: number;
}

async function viaPack(program: CapturedProgram, config: PolicyConfigFile): Promise<Outcome> {
    await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
    await pack.configure(config);
    const r = await replayProgram(pack, program);
    return {
        findings: r.diagnostics.map(
            (d) => `${d.enforcementLevel} ${d.severity} ${d.policyName} ${d.urn} ${d.resourceType} ${d.resourceName}\n${d.message}`,
        ),
        remediated: r.remediated.map((x) => `${x.policyName} ${x.urn}`),
        notApplicable: [...new Set(r.notApplicable.map((n) => `${n.urn} ${n.policyName}`))],
    };
}

function inProcess(program: CapturedProgram, config: PolicyConfigFile): InProcessOutcome {
    const r = checkCapturedProgram(program, policies, reconcilePolicyConfig(analyzerInfo(), config));
    return {
        findings: r.records.map(
            (d) => `${d.level} ${d.severity} ${d.policy} ${d.subject} ${d.resourceType} ${d.resourceName}\n${d.message}`,
        ),
        remediated: r.remediated.map((x) => `${x.policyName} ${x.urn}`),
        notApplicable: r.analyzed.flatMap((a) => a.notApplicable.map((p) => `${a.urn} ${p}`)),
        withCalls: r.records.filter((d) => d.finding.calls.length > 0).length,
    };
}

describe("Pulumi programs: the in-process check reports what the pack process reports", { timeout: PROCESS_TIMEOUT_MS }, () => {
    for (const [label, config] of Object.entries(CONFIGS)) {
        it(`every example and program case (${label} config)`, async () => {
            let findings = 0;
            let remediations = 0;
            let calls = 0;
            for (const [name, program] of Object.entries(programs)) {
                const expected = await viaPack(program, config);
                const actual = inProcess(program, config);
                expect(actual.findings, name).toEqual(expected.findings);
                expect(actual.remediated, name).toEqual(expected.remediated);
                expect([...actual.notApplicable].sort(), name).toEqual([...expected.notApplicable].sort());
                findings += expected.findings.length;
                remediations += expected.remediated.length;
                calls += actual.withCalls;
            }
            // The cases reach the parts that could diverge: findings with calls, and remediations where asked for.
            expect(findings).toBeGreaterThan(10);
            expect(remediations > 0).toBe(label.includes("remediate"));
            // Remediation leaves only findings about settings, which judge no call.
            expect(calls > 5).toBe(!label.includes("remediate"));
        });
    }

    it("a secret endpoint stays secret through its remediation: messages say (sensitive), never the URL", () => {
        const program = programs["secret endpoint on an explicit provider"]!;
        const before = inProcess(program, CONFIGS.defaults!);
        expect(before.findings.join("\n")).toContain("(sensitive)");
        const after = inProcess(program, CONFIGS.remediate!);
        expect(after.remediated).toContain(`obs-sse-transfer-protocol ${program.resources.find((r) => r.name === "obs")!.urn}`);
        // The secret is the http:// URL (the https:// host a fix suggests comes from the provider's region).
        for (const text of [...before.findings, ...after.findings]) expect(text).not.toContain(HTTP_OBS);
    });
});
