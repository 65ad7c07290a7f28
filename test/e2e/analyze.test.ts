// The pack through the analyzer protocol, as `pulumi preview --policy-pack` drives it.
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/registry";
import { type PackProcess, PolicyConfigError } from "../../testing";
import { awsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN, secret } from "../helpers/fixtures";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import { at } from "../support/items";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const kmsOverHttp = resource(T.objectV2, "report", { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY }, http);

// The worker's pack process (test/support/sharedPack.ts): each test configures it as it needs.
let pack: PackProcess;
beforeAll(async () => {
    pack = await sharedPack();
    await pack.configureStack({ stack: "dev", project: "obs-app", dryRun: true });
}, PROCESS_TIMEOUT_MS);

describe("analyzer protocol", { timeout: PROCESS_TIMEOUT_MS }, () => {
    it("GetAnalyzerInfo lists every policy with its metadata and config schema", async () => {
        const info = await pack.getAnalyzerInfo();
        expect(info.policies).toHaveLength(policies.length);
        for (const p of policies) {
            const got = info.policies.find((i) => i.name === p.name)!;
            expect(got).toMatchObject({
                description: p.description,
                enforcementLevel: p.enforcementLevel,
                severity: p.severity,
                tags: [...p.tags],
                remediationSteps: p.remediationSteps,
                url: p.url,
                policyType: "validateStack" in p ? "stack" : "resource",
            });
            expect(got.configSchema!.properties).toEqual(JSON.parse(JSON.stringify(p.configSchema.properties)));
        }
    });

    it("reports a mandatory violation with the default config", async () => {
        await pack.configure({});
        const res = await pack.analyze(kmsOverHttp);
        const d = res.diagnostics.find((x) => x.policyName === "obs-sse-transfer-protocol")!;
        expect(d).toMatchObject({ policyPackName: "obs-sse", enforcementLevel: "mandatory", severity: "high" });
        expect(d.message).toContain("row 1: HTTPS, V4");
    });

    it("applies enforcement overrides from policy config", async () => {
        await pack.configure({ "obs-sse-transfer-protocol": "advisory", "obs-https-hardening": "disabled" });
        const res = await pack.analyze(kmsOverHttp);
        expect(res.diagnostics.find((x) => x.policyName === "obs-sse-transfer-protocol")!.enforcementLevel).toBe("advisory");
        expect(res.diagnostics.some((x) => x.policyName === "obs-https-hardening")).toBe(false);
        await pack.configure({ all: "disabled" });
        expect((await pack.analyze(kmsOverHttp)).diagnostics).toEqual([]);
        await pack.configure({});
    });

    it("passes policy options through Configure (obsHosts)", async () => {
        const gw = resource(
            T.objectV2,
            "gw",
            { content: "x", kmsKeyId: KMS_KEY },
            awsProvider({ name: "gw", endpoint: "http://obs-gw.corp.example" }),
        );
        expect((await pack.analyze(gw)).diagnostics).toEqual([]);
        await pack.configure({ "obs-sse-transfer-protocol": { obsHosts: ["obs-gw.corp.example"] } });
        expect((await pack.analyze(gw)).diagnostics.map((d) => d.policyName)).toEqual(["obs-sse-transfer-protocol"]);
        await pack.configure({});
    });

    it("rejects invalid config the way the engine does, before the pack sees it", async () => {
        await expect(pack.configure({ "obs-sse-signature-version": { providerSignatures: { gw: "V3" } } })).rejects.toThrow(
            PolicyConfigError,
        );
        await expect(pack.configure({ "obs-sse-transfer-protocol": { obsHosts: "x" } })).rejects.toThrow(
            /validating policy config: obs-sse .*obs-sse-transfer-protocol: obsHosts: Invalid type\. Expected: array, given: string/,
        );
        await expect(pack.configure({ "obs-sse-transfer-protocol": "sometimes" as never })).rejects.toThrow(
            /parsing enforcement level for "obs-sse-transfer-protocol": a string of 9 characters is not a valid enforcement level/,
        );
    });

    it("decides on unknowns where their presence settles it, and is advisory where it waits", async () => {
        const computedKey = resource(T.objectV2, "k", { content: "x", kmsKeyId: UNKNOWN.string }, http);
        expect(
            (await pack.analyze(computedKey)).diagnostics.find((d) => d.policyName === "obs-sse-transfer-protocol")!.enforcementLevel,
        ).toBe("mandatory");
        const computedSse = resource(T.objectV2, "s", { content: "x", serverSideEncryption: UNKNOWN.string }, http);
        const res = await pack.analyze(computedSse);
        const d = res.diagnostics.find((x) => x.policyName === "obs-sse-transfer-protocol")!;
        expect(d.enforcementLevel).toBe("advisory");
        expect(d.message).toContain("serverSideEncryption is unknown during preview");
        // The SDK's own "can't run policy during preview" fallback never fires: the pack reads unknowns itself.
        expect(res.diagnostics.some((x) => x.message.includes("can't run policy"))).toBe(false);
    });

    it("never echoes secrets that reach it unwrapped", async () => {
        const marker = "SSE-C-SECRET-MARKER-0123456789abcdef";
        const p = awsProvider({
            name: "obs-http",
            endpoint: "http://obs.eu-de.otc.t-systems.com",
            raw: { accessKey: secret("AKIA-MARKER-ACCESS"), token: secret("TOKEN-MARKER") },
        });
        const copy = resource(
            T.copy,
            "c",
            { source: "b/k", customerAlgorithm: "AES256", customerKey: secret(marker), sourceCustomerKey: secret(SSE_C_KEY) },
            p,
        );
        const res = await pack.analyze(copy);
        expect(res.diagnostics.length).toBeGreaterThan(0);
        const all = JSON.stringify(res);
        for (const s of [marker, SSE_C_KEY, "AKIA-MARKER-ACCESS", "TOKEN-MARKER", "fake/secret/key"]) expect(all).not.toContain(s);
    });

    it("sees which inputs the engine marks secret: a secret endpoints input is judged, and no host, path or length of it is shown", async () => {
        const url = "http://obs.eu-nl.otc.t-systems.com/tenant-SECRETPATH";
        const hidden = awsProvider({ name: "hidden", raw: { endpoints: secret(JSON.stringify([{ s3: url }])) } });
        const res = await pack.analyze(resource(T.objectV2, "o", { bucket: "b", content: "x", kmsKeyId: KMS_KEY }, hidden));
        const d = res.diagnostics.find((x) => x.policyName === "obs-sse-transfer-protocol")!;
        expect(d.enforcementLevel).toBe("mandatory");
        expect(d.message).toContain("Endpoint seen: endpoints[0].s3 (sensitive) is an http:// URL");
        const all = JSON.stringify(res);
        expect(all).not.toMatch(/SECRETPATH|eu-nl|tenant/);
        expect(all).not.toContain(`${url.length} characters`);
    });

    it("marks S3 resources off OBS not applicable, with the reason, and stays silent on unrelated types", async () => {
        const res = await pack.analyze(resource(T.bucket, "aws-bucket", {}, awsProvider({ name: "aws" })));
        expect(res.diagnostics).toEqual([]);
        // Every resource rule says why; the provider rule stays silent on a bucket (it judges providers).
        expect(res.notApplicable.map((n) => n.policyName)).toEqual(
            policies.filter((p) => "validateResource" in p && p.name !== "obs-virtual-hosted-style").map((p) => p.name),
        );
        expect(at(res.notApplicable, 0).reason).toMatch(/go to AWS, not OBS/);
        const vm = await pack.analyze(resource("aws:ec2/instance:Instance", "vm", {}, awsProvider({ name: "aws" })));
        expect(vm).toEqual({ diagnostics: [], notApplicable: [] });
    });
});

describe("parallel analyzer calls", { timeout: PROCESS_TIMEOUT_MS }, () => {
    it("answer every resource as sequential calls do (the engine analyzes in parallel)", async () => {
        await pack.configure({ "obs-sse-transfer-protocol": { obsHosts: ["obs-gw.corp.example"] } });
        const providers = [
            http,
            awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com", pathStyle: true }),
            awsProvider({ name: "gw", endpoint: "http://obs-gw.corp.example" }),
            awsProvider({ name: "aws" }),
        ];
        const kinds: Array<Record<string, string>> = [
            { content: "x", kmsKeyId: KMS_KEY },
            { content: "x" },
            { serverSideEncryption: "AES256" },
            { content: "x", serverSideEncryption: UNKNOWN.string },
        ];
        const resources = Array.from({ length: 120 }, (_, i) =>
            resource(
                i % 5 === 0 ? T.copy : T.objectV2,
                `r${i}`,
                i % 5 === 0 ? { source: "b/k", customerKey: SSE_C_KEY } : at(kinds, i % kinds.length),
                providers[i % providers.length],
            ),
        );
        const sequential = [];
        for (const r of resources) sequential.push(await pack.analyze(r));
        const parallel = await Promise.all(resources.map((r) => pack.analyze(r)));
        expect(parallel).toEqual(sequential);
        expect(sequential.some((s) => s.diagnostics.length > 0)).toBe(true);
    });
});
