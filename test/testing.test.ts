// The testing entry point's own API (obs-sse-policy-pack/testing), as a user's test calls it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
    analyzeResources, awsProvider, KMS_KEY, launchPack, packageRoot, PackProcess, PolicyConfigError, previewProgram, readPolicyConfig, resource, T,
} from "../testing";

const ROOT = path.resolve(__dirname, "..");
const EXAMPLES = path.join(ROOT, "examples");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("obs-sse-policy-pack/testing", () => {
    let pack: PackProcess;
    let scratch: string;
    beforeAll(async () => {
        pack = await launchPack();
        scratch = mkdtempSync(path.join(os.tmpdir(), "obs-sse-testing-"));
    });
    afterAll(async () => {
        await pack?.close();
        rmSync(scratch, { recursive: true, force: true });
    });

    it("finds this package's root, which holds the pack", () => {
        expect(packageRoot()).toBe(ROOT);
        expect(pack.dir).toBe(ROOT);
    });

    it("previewProgram: a compliant program has no mandatory violation and the CLI's policy section says so", async () => {
        const result = await previewProgram(path.join(EXAMPLES, "compliant"), { pack });
        expect(result.mandatory).toEqual([]);
        expect(result.diagnostics).toEqual([]);
        expect(result.project).toBe("obs-sse-compliant");
        expect(result.resourceCount).toBeGreaterThan(3);
        expect(result.output.startsWith(`Policies:\n    ✅ obs-sse@v${VERSION} (local: `)).toBe(true);
    });

    it("previewProgram: the violations program fails as a preview would, and a config file changes the levels", async () => {
        const result = await previewProgram(path.join(EXAMPLES, "violations"), { pack });
        expect(result.mandatory.map((d) => d.policyName)).toContain("obs-sse-transfer-protocol");
        expect(result.output).toContain("[mandatory]  obs-sse-transfer-protocol  (aws:s3/bucketObjectv2:BucketObjectv2: kms-over-http)");
        const file = path.join(scratch, "all-advisory.json");
        writeFileSync(file, JSON.stringify({ all: "advisory" }));
        const relaxed = await previewProgram(path.join(EXAMPLES, "violations"), { pack, policyConfig: file });
        expect(relaxed.mandatory).toEqual([]);
        expect(relaxed.diagnostics.length).toBe(result.diagnostics.length);
    });

    it("previewProgram launches and closes a pack of its own when none is given", async () => {
        const result = await previewProgram(path.join(EXAMPLES, "compliant"));
        expect(result.mandatory).toEqual([]);
    });

    it("analyzeResources: one result per engine-shaped resource, in order", async () => {
        const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
        const https = awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" });
        const [overHttp, overHttps] = await analyzeResources([
            resource(T.objectV2, "over-http", { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY }, http),
            resource(T.objectV2, "over-https", { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY }, https),
        ], { pack });
        expect(overHttp.diagnostics.find((d) => d.policyName === "obs-sse-transfer-protocol")?.enforcementLevel).toBe("mandatory");
        expect(overHttps.diagnostics).toEqual([]);
    });

    it("rejects invalid policy config as the CLI does, naming the policy and option", async () => {
        await expect(analyzeResources([], { pack, policyConfig: { "obs-sse-transfer-protocol": { obsHosts: "not-a-list" } } }))
            .rejects.toThrow(PolicyConfigError);
        await expect(analyzeResources([], { pack, policyConfig: { "obs-sse-transfer-protocol": { obsHosts: "not-a-list" } } }))
            .rejects.toThrow(/obs-sse-transfer-protocol: obsHosts/);
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
