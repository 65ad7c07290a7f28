// The pack on a stack's state, driven as `pulumi policy analyze --file` drives it (analyzeState:
// no ConfigureStack, no PULUMI_* variables, Remediate reported, Analyze on state inputs, AnalyzeStack
// on outputs), and obs-sse-check's in-process reading of the same exports held to it.
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../cli/config";
import { checkStackExportDocument } from "../../cli/pulumi/stackExport";
import { analyzeState, launchPack, readStackExport, secret, stateRequests, type PackProcess } from "../../testing";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { KMS_KEY, OTC_HTTP, stateCases } from "../helpers/stateExports";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";

const FIXTURES = path.resolve(__dirname, "../fixtures/state");
const REAL = [
    "pulumi-aws_bucket_5.42.0_stack.json",
    "pulumi-aws_secretversion_5.42.0_stack.json",
    "SYNTHETIC_default-aws-provider-with-endpoints_stack.json",
];

let analyzing: PackProcess;
let deploying: PackProcess;
beforeAll(async () => {
    [analyzing, deploying] = await Promise.all([launchPack({ mode: "analyze", timeoutMs: PROCESS_TIMEOUT_MS }), sharedPack()]);
}, PROCESS_TIMEOUT_MS);
afterAll(async () => {
    await analyzing?.close();
});

const configs = {
    defaults: {},
    remediate: { all: "mandatory" as const, "obs-sse-transfer-protocol": "remediate" as const, "obs-https-hardening": "disabled" as const },
};

describe("analyzeState: the pack on a state, as pulumi policy analyze drives it", { timeout: PROCESS_TIMEOUT_MS }, () => {
    const documents: Record<string, Readonly<Record<string, unknown>>> = {
        ...stateCases(),
        ...Object.fromEntries(REAL.map((f) => [f, JSON.parse(readFileSync(path.join(FIXTURES, f), "utf8")) as Record<string, unknown>])),
    };
    for (const [label, policyConfig] of Object.entries(configs)) {
        it(`obs-sse-check gives the pack's findings on every case (${label} config)`, async () => {
            const configFile = path.join(mkdtempSync(path.join(tmpdir(), "state-parity-")), "policy-config.json");
            writeFileSync(configFile, JSON.stringify(policyConfig));
            const config = loadConfig(configFile);
            let total = 0;
            let remediations = 0;
            for (const [name, doc] of Object.entries(documents)) {
                const viaPack = (await analyzeState(doc, { pack: analyzing, policyConfig })).diagnostics
                    .map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn}\n${d.message}`)
                    .sort();
                const report = checkStackExportDocument(doc, name, name, config);
                const inProcess = report.findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}\n${f.message}`).sort();
                expect(inProcess, name).toEqual(viaPack);
                const remediated = (await analyzeState(doc, { pack: analyzing, policyConfig })).remediations.map(
                    (r) => `${r.policyName} ${r.urn}`,
                );
                const listed = report.preamble.flatMap((l) => /^ {4}~ (\S+) would remediate (\S+) /.exec(l)?.slice(1, 3).join(" ") ?? []);
                expect(listed, name).toEqual(remediated);
                remediations += listed.length;
                total += viaPack.length;
            }
            expect(total).toBeGreaterThan(5);
            expect(remediations > 0).toBe(label === "remediate");
        });
    }

    it("words findings as deployed, and a pack launched for a preview as a preview's", async () => {
        const doc = stateCases()["default provider, endpoints as a JSON string"]!;
        const result = await analyzeState(doc, { pack: analyzing });
        expect(result.mandatory).toHaveLength(1);
        expect(result.mandatory[0]!.message).toContain('"report" (deployed) calls OBS over HTTP');
        expect(result.output).toContain("Summary: 1 mandatory");
        // The same resource as a preview sends it.
        const requests = stateRequests(readStackExport(doc, "f"), "f");
        await deploying.configureStack({ stack: "prod", project: "objstore", dryRun: true });
        await deploying.configure({});
        const preview = await deploying.analyze(requests.perResource[2]!.analyze);
        const transfer = preview.diagnostics.find((d) => d.policyName === "obs-sse-transfer-protocol")!;
        expect(transfer.message).toContain('"report" would call OBS over HTTP');
        expect(transfer.message).not.toContain("(deployed)");
    });

    it("refuses a pack launched for a deployment, whose findings would be worded as a preview's", async () => {
        await expect(analyzeState(stateCases()["missing provider"]!, { pack: deploying })).rejects.toThrow(/launched for analyze/);
    });

    it("reports remediations without applying them: Analyze judges the state's inputs as they are", async () => {
        const result = await analyzeState(stateCases()["default provider, endpoints as a JSON string"]!, {
            pack: analyzing,
            policyConfig: configs.remediate,
        });
        expect(result.remediations.map((r) => r.policyName)).toContain("obs-sse-transfer-protocol");
        const upgraded = result.remediations.find((r) => r.urn.endsWith("default_7_48_0"))!;
        expect(upgraded.properties.endpoints).toBe(JSON.stringify([{ s3: "https://obs.eu-de.otc.t-systems.com" }]));
        // Not applied: the object is judged against the http:// endpoint, and the violation remains mandatory.
        const transfer = result.mandatory.filter((d) => d.policyName === "obs-sse-transfer-protocol");
        expect(transfer.map((d) => d.resourceName)).toEqual(["report"]);
        expect(transfer[0]!.message).toContain(`Endpoint seen: ${OTC_HTTP} `);
    });

    it("reads an export file by path, and counts resources without provider", async () => {
        const result = await analyzeState(path.join(FIXTURES, "pulumi-aws_bucket_5.42.0_stack.json"), { pack: analyzing });
        expect(result).toMatchObject({ version: 3, cliVersion: "v3.86.0", resourceCount: 3, missingProviders: 0, diagnostics: [] });
    });
});

describe("a redacted endpoint in a preview-shaped request (issue 18)", { timeout: PROCESS_TIMEOUT_MS }, () => {
    it('an endpoints input of "[secret]" is unknown: advisory, never mandatory', async () => {
        await deploying.configureStack({ stack: "prod", project: "objstore", dryRun: true });
        await deploying.configure({});
        const provider = {
            urn: "urn:pulumi:prod::objstore::pulumi:providers:aws::default_7_48_0",
            type: "pulumi:providers:aws",
            name: "default_7_48_0",
            properties: { endpoints: secret("[secret]"), region: "eu-de", version: "7.48.0" },
        };
        const res = await deploying.analyze({
            urn: "urn:pulumi:prod::objstore::aws:s3/bucketObjectv2:BucketObjectv2::report",
            type: "aws:s3/bucketObjectv2:BucketObjectv2",
            name: "report",
            properties: { bucket: "data", key: "k", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: KMS_KEY },
            provider,
        });
        expect(res.diagnostics.map((d) => `${d.enforcementLevel} ${d.policyName}`)).toEqual(["advisory obs-sse-transfer-protocol"]);
        expect(res.diagnostics[0]!.message).toContain("secret whose value the input does not hold");
        expect(res.diagnostics[0]!.message).not.toContain(OTC_HTTP);
    });
});
