// The testing entry point's own API (obs-sse-policy-pack/testing), as a user's test calls it.
// previewProgram runs small programs written here (the examples are captured once per run by the
// files that check them: test/e2e/examples.test.ts and test/capture.test.ts).
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, assert, beforeAll, describe, expect, it } from "vitest";
import {
    analyzeResources,
    awsProvider,
    KMS_KEY,
    packageRoot,
    type PackProcess,
    PolicyConfigError,
    previewProgram,
    readPolicyConfig,
    resource,
    T,
} from "../testing";
import { KMS_ARN, KMS_OBJECT_PROGRAM, obsStackConfig, ScratchPrograms } from "./support/programs";
import { sharedPack } from "./support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "./support/timeouts";

const ROOT = path.resolve(__dirname, "..");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("obs-sse-policy-pack/testing", { timeout: PROCESS_TIMEOUT_MS }, () => {
    let pack: PackProcess;
    const programs = new ScratchPrograms();
    const scratch = programs.root;
    // One SSE-KMS object through the default provider: over http (a mandatory violation) or https.
    const overHttp = programs.write("obs-over-http", {
        files: { "Pulumi.dev.yaml": obsStackConfig("http://obs.eu-de.otc.t-systems.com"), "index.ts": KMS_OBJECT_PROGRAM },
    });
    const overHttps = programs.write("obs-over-https", {
        files: {
            "Pulumi.dev.yaml": obsStackConfig("https://obs.eu-de.otc.t-systems.com"),
            // Compliant: https, and a bucket that denies plain http.
            "index.ts": [
                'import * as aws from "@pulumi/aws";',
                'const bucket = new aws.s3.Bucket("data", { bucket: "obs-sse-test" });',
                'new aws.s3.BucketPolicy("data-tls-only", { bucket: bucket.bucket, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::obs-sse-test", "arn:aws:s3:::obs-sse-test/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }] }) });',
                `new aws.s3.BucketObjectv2("kms-object", { bucket: bucket.bucket, key: "k.txt", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: "${KMS_ARN}" });`,
            ].join("\n"),
        },
    });
    // The worker's pack (test/support/sharedPack.ts); previewProgram without one launches its own (below).
    beforeAll(async () => {
        pack = await sharedPack();
    }, PROCESS_TIMEOUT_MS);
    afterAll(() => {
        programs.remove();
    });

    it("finds this package's root, which holds the pack", () => {
        expect(packageRoot()).toBe(ROOT);
        expect(pack.dir).toBe(ROOT);
    });

    it("previewProgram launches and closes a pack of its own: a compliant program has no violation and the CLI's policy section says so", async () => {
        const result = await previewProgram(overHttps, { timeoutMs: PROCESS_TIMEOUT_MS });
        expect(result.mandatory).toEqual([]);
        expect(result.diagnostics).toEqual([]);
        expect(result.project).toBe("obs-over-https");
        expect(result.stack).toBe("dev");
        expect(result.stackConfigFile).toBe("Pulumi.dev.yaml");
        // The stack, the default provider, the bucket, its policy and the object.
        expect(result.resourceCount).toBe(5);
        expect(result.output.startsWith(`Policies:\n    ✅ obs-sse@v${VERSION} (local: `)).toBe(true);
    });

    it("previewProgram: a violating program fails as a preview would, and a config file changes the levels", async () => {
        const result = await previewProgram(overHttp, { pack });
        expect(result.mandatory.map((d) => d.policyName)).toContain("obs-sse-transfer-protocol");
        expect(result.output).toContain("[mandatory]  obs-sse-transfer-protocol  (aws:s3/bucketObjectv2:BucketObjectv2: kms-object)");
        const file = path.join(scratch, "all-advisory.json");
        writeFileSync(file, JSON.stringify({ all: "advisory" }));
        const relaxed = await previewProgram(overHttp, { pack, policyConfig: file });
        expect(relaxed.mandatory).toEqual([]);
        expect(relaxed.diagnostics.length).toBe(result.diagnostics.length);
    });

    it("analyzeResources: one result per engine-shaped resource, in order", async () => {
        const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
        const https = awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" });
        const [overHttp, overHttps] = await analyzeResources(
            [
                resource(T.objectV2, "over-http", { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY }, http),
                resource(T.objectV2, "over-https", { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY }, https),
            ],
            { pack },
        );
        assert(overHttp && overHttps);
        expect(overHttp.diagnostics.find((d) => d.policyName === "obs-sse-transfer-protocol")?.enforcementLevel).toBe("mandatory");
        expect(overHttps.diagnostics).toEqual([]);
    });

    it("rejects invalid policy config as the CLI does, naming the policy and option", async () => {
        await expect(
            analyzeResources([], { pack, policyConfig: { "obs-sse-transfer-protocol": { obsHosts: "not-a-list" } } }),
        ).rejects.toThrow(PolicyConfigError);
        await expect(
            analyzeResources([], { pack, policyConfig: { "obs-sse-transfer-protocol": { obsHosts: "not-a-list" } } }),
        ).rejects.toThrow(/obs-sse-transfer-protocol: obsHosts/);
    });

    it("readPolicyConfig: names the file and what is wrong, without echoing its content", () => {
        const bad = path.join(scratch, "bad.json");
        writeFileSync(bad, "{ secret-looking: text");
        expect(() => readPolicyConfig(bad)).toThrow(`policy config ${bad}: not valid JSON`);
        expect(() => readPolicyConfig(bad)).not.toThrow(/secret-looking/);
        const list = path.join(scratch, "list.json");
        writeFileSync(list, "[1]");
        expect(() => readPolicyConfig(list)).toThrow(/expected a JSON object of policy names/);
        expect(readPolicyConfig({ all: "advisory" })).toEqual({ all: "advisory" });
        expect(readPolicyConfig(undefined)).toEqual({});
    });
});
