// obs-sse-check on `pulumi stack export` files: read as `pulumi policy analyze --file` reads a state
// (engine/stackExport.ts), checked in-process in the pack's state terms. test/e2e/state.test.ts
// holds these verdicts to the real pack driven over the protocol.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nameOfUrn, readStackExport, stateRequests } from "../../engine/stackExport";
import { SECRET_SIG, SIG_KEY } from "../../policies/wireValues";
import { OTC_HTTP, stackExport, stateCases, urn, T } from "../helpers/stateExports";
import { runCommand } from "./runCommand";

const FIXTURES = path.resolve(__dirname, "../fixtures/state");
const REAL_BUCKET = path.join(FIXTURES, "pulumi-aws_bucket_5.42.0_stack.json");
const REAL_SECRETVERSION = path.join(FIXTURES, "pulumi-aws_secretversion_5.42.0_stack.json");
const SYNTHETIC_DEFAULT = path.join(FIXTURES, "SYNTHETIC_default-aws-provider-with-endpoints_stack.json");

interface JsonFinding {
    policy: string;
    enforcementLevel: string;
    resource: string;
    message: string;
}
interface JsonReport {
    inputs: Array<{ kind: string; resources: number }>;
    findings: JsonFinding[];
}

let dir: string;
const files: Record<string, string> = {};
beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "stack-export-"));
    for (const [name, doc] of Object.entries(stateCases())) {
        files[name] = path.join(dir, `${name.replace(/\W+/g, "_")}.json`);
        writeFileSync(files[name], JSON.stringify(doc));
    }
});

async function check(file: string): Promise<{ code: number; report: JsonReport; stderr: string }> {
    const r = await runCommand([file, "--format", "json"], { cwd: dir });
    return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

/** The resource's name: the last part of its URN. */
const nameOf = (f: JsonFinding) => f.resource.split("::").pop();
const levels = (fs: readonly JsonFinding[]) => fs.map((f) => `${f.enforcementLevel} ${f.policy} ${nameOf(f)}`).sort();

describe("obs-sse-check on a pulumi stack export", () => {
    it("reads the real exports (pulumi-aws recordings): every resource, no provider on OBS, no finding", async () => {
        for (const [file, count] of [
            [REAL_BUCKET, 3],
            [REAL_SECRETVERSION, 4],
            [SYNTHETIC_DEFAULT, 3],
        ] as const) {
            const { code, report } = await check(file);
            expect(code).toBe(0);
            expect(report.inputs[0]).toMatchObject({ kind: "pulumi-stack-export", resources: count });
            expect(report.findings).toEqual([]);
        }
    });

    it("names the input kind and deployment version in the text heading", async () => {
        const r = await runCommand([REAL_BUCKET], { cwd: dir });
        expect(r.code).toBe(0);
        expect(r.stdout.replace(/\s+/g, " ")).toContain("(Pulumi stack export, deployment v3): 3 resources");
    });

    it("a default provider with endpoints as a JSON string (stack config values): mandatory, worded as deployed", async () => {
        const { code, report } = await check(files["default provider, endpoints as a JSON string"]!);
        expect(code).toBe(1);
        const transfer = report.findings.find((f) => f.policy === "obs-sse-transfer-protocol")!;
        expect(transfer.enforcementLevel).toBe("mandatory");
        expect(transfer.message).toContain('aws:s3/bucketObjectv2:BucketObjectv2 "report" (deployed) calls OBS over HTTP');
        expect(transfer.message).not.toContain("would call");
        expect(transfer.message).toContain("stack config aws:endpoints");
    });

    it('an explicit provider with "true" strings reads insecure and s3UsePathStyle as true', async () => {
        const { code, report } = await check(files['explicit provider with "true" strings']!);
        expect(code).toBe(0);
        expect(levels(report.findings)).toEqual(["advisory obs-https-hardening report", "advisory obs-virtual-hosted-style obs"]);
        expect(report.findings.find((f) => f.policy === "obs-https-hardening")!.message).toContain("without certificate verification");
    });

    it("redacted ([secret]) and ciphertext endpoints are unknown: advisory, never mandatory, and say why", async () => {
        for (const name of ["encrypted (ciphertext) endpoint", 'redacted ("[secret]") endpoint and insecure']) {
            const { code, report } = await check(files[name]!);
            expect(code).toBe(0);
            expect(levels(report.findings)).toEqual(["advisory obs-sse-transfer-protocol report"]);
            expect(report.findings[0]!.message).toContain("secret whose value the input does not hold");
            expect(report.findings[0]!.message).not.toContain("not valid JSON");
        }
    });

    it("a plaintext secret (--show-secrets) is judged and never shown", async () => {
        const { code, report } = await check(files["plaintext secret endpoint"]!);
        expect(code).toBe(1);
        expect(report.findings.find((f) => f.policy === "obs-sse-transfer-protocol")!.enforcementLevel).toBe("mandatory");
        for (const f of report.findings) expect(f.message).not.toContain("obs.eu-de");
        expect(report.findings[0]!.message).toContain("(sensitive)");
    });

    it("a provider missing from the export: no provider, one advisory finding per resource", async () => {
        const r = await runCommand([files["missing provider"]!], { cwd: dir });
        expect(r.code).toBe(0);
        expect(r.stdout.replace(/\s+/g, " ")).toContain("1 resource names a provider the export does not hold");
        const { report } = await check(files["missing provider"]!);
        expect(levels(report.findings)).toEqual(["advisory obs-sse-transfer-protocol orphan"]);
        expect(report.findings[0]!.message).toContain("has no provider in the stack's state");
    });

    it("a read resource (empty inputs) gives per-resource checks nothing to judge", async () => {
        const { code, report } = await check(files["read resource (empty inputs)"]!);
        expect(code).toBe(0);
        expect(report.findings.filter((f) => nameOf(f) === "read")).toEqual([]);
    });

    it("stack policies read outputs: a default encryption only the outputs show is inherited", async () => {
        const { report } = await check(files["outputs-only default encryption"]!);
        const inherited = report.findings.find((f) => f.policy === "obs-sse-inherited-encryption")!;
        expect(nameOf(inherited)).toBe("plain");
        expect(inherited.message).toContain('SSE-KMS default of bucket aws:s3/bucketV2:BucketV2 "data" (deployed)');
        expect(inherited.message).toContain(") break:");
    });

    it("reports the remediations of policies at the remediate level, applies none: the violation stays mandatory", async () => {
        const config = path.join(dir, "remediate.json");
        writeFileSync(config, JSON.stringify({ "obs-sse-transfer-protocol": "remediate" }));
        const file = files["default provider, endpoints as a JSON string"]!;
        const r = await runCommand([file, "--config", config], { cwd: dir });
        expect(r.code).toBe(1);
        expect(r.stdout.replace(/\s+/g, " ")).toContain(
            `~ obs-sse-transfer-protocol would remediate ${urn("pulumi:providers:aws", "default_7_48_0")} (reported, not applied)`,
        );
        const { report } = await runCommand([file, "--config", config, "--format", "json"], { cwd: dir }).then((x) => ({
            report: JSON.parse(x.stdout) as JsonReport,
        }));
        expect(report.findings.find((f) => f.policy === "obs-sse-transfer-protocol")?.enforcementLevel).toBe("mandatory");
    });

    it("skips deleted resources", async () => {
        const { report } = await check(files["deleted resource"]!);
        expect(report.inputs[0]!.resources).toBe(2);
        expect(report.findings.filter((f) => nameOf(f) === "old")).toEqual([]);
    });

    it("refuses a deployment version it does not read, and content of the wrong type, naming the field (exit 2)", async () => {
        const bad: Array<[unknown, string]> = [
            [{ version: 2, deployment: {} }, "deployment version 2 is not one this version reads (3 or 4)"],
            [{ version: 3, deployment: { resources: {} } }, "deployment.resources must be a list, got an object"],
            [{ version: 3, deployment: { resources: [{ urn: "u" }] } }, "deployment.resources[0] has no type"],
            [
                stackExport([
                    {
                        urn: urn(T.objectV2, "x"),
                        type: T.objectV2,
                        inputs: { kmsKeyId: { [SIG_KEY]: SECRET_SIG, plaintext: "TOPSECRET{" } },
                    },
                ]),
                "deployment.resources[1].inputs.kmsKeyId holds a secret whose plaintext is not JSON (10 characters)",
            ],
        ];
        for (const [doc, message] of bad) {
            const file = path.join(dir, "bad.json");
            writeFileSync(file, JSON.stringify(doc));
            const r = await runCommand([file], { cwd: dir });
            expect(r.code).toBe(2);
            expect(r.stderr).toContain(`${file}: ${message}`);
            expect(r.stderr).not.toContain("TOPSECRET");
        }
    });
});

describe("the requests pulumi policy analyze --file makes for an export", () => {
    it("resolves providers by reference, skips deleted resources, drops internal keys except for Remediate, decodes secrets", () => {
        const doc = stateCases()["outputs-only default encryption"]!;
        const requests = stateRequests(readStackExport(doc, "f"), "f");
        expect(requests.perResource.map((r) => r.analyze.type)).toEqual([
            "pulumi:pulumi:Stack",
            "pulumi:providers:aws",
            T.bucketV2,
            T.objectV2,
        ]);
        const bucket = requests.perResource[2]!;
        expect(bucket.analyze.properties).not.toHaveProperty("__defaults");
        expect(bucket.remediate.properties).toHaveProperty("__defaults");
        // The provider is the provider resource's state inputs, strings as the engine stores them.
        expect(bucket.analyze.provider?.properties.endpoints).toBe(JSON.stringify([{ s3: OTC_HTTP }]));
        expect(bucket.analyze.provider?.properties.secretKey).toEqual({ [SIG_KEY]: SECRET_SIG, value: "[secret]" });
        // AnalyzeStack: outputs, with dependencies.
        const object = requests.stack[3]!;
        expect(object.properties).toHaveProperty("serverSideEncryption", "");
        expect(object.propertyDependencies).toEqual({ bucket: [urn(T.bucketV2, "data")] });
    });

    it("names a resource as URN.Name() does: everything after the type", () => {
        expect(nameOfUrn("urn:pulumi:prod::p::aws:s3/bucket:Bucket::data")).toBe("data");
        expect(nameOfUrn("urn:pulumi:prod::p::a$aws:s3/bucket:Bucket::x::y")).toBe("x::y");
        expect(nameOfUrn("urn:pulumi:prod::p::t")).toBe("");
    });

    it("a provider reference to a provider the export does not hold sends no provider", () => {
        const requests = stateRequests(readStackExport(stateCases()["missing provider"]!, "f"), "f");
        expect(requests.perResource[1]!.analyze.provider).toBeUndefined();
        expect(requests.missingProviders).toBe(1);
    });

    it("a plaintext secret becomes its JSON-decoded value, as a secret", () => {
        const requests = stateRequests(readStackExport(stateCases()["plaintext secret endpoint"]!, "f"), "f");
        expect(requests.perResource[2]!.analyze.provider?.properties.endpoints).toEqual({
            [SIG_KEY]: SECRET_SIG,
            value: JSON.stringify([{ s3: OTC_HTTP }]),
        });
    });
});
