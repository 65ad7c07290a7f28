// The native OTC and Huawei providers' OBS resources through the analyzer protocol, as
// `pulumi preview --policy-pack` drives the pack: every token passing and failing, the example
// programs captured under mocks and replayed, and remediation of the Huawei default provider.
import { beforeAll, describe, expect, it } from "vitest";
import { type CapturedProgram } from "../../engine/capture";
import { capturedExample } from "../support/captureCache";
import type { AnalyzeResult, PackProcess } from "../../engine/pack";
import { replayProgram, type ReplayResult } from "../../engine/replay";
import { SECRET_SIG, type WireResource } from "../../engine/wire";
import { resource } from "../helpers/fixtures";
import { HW, huaweiProvider, obsTlsOnlyPolicy, OTC, OTC_KMS_KEY, otcProvider } from "../helpers/nativeFixtures";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import { at, field } from "../support/items";

const otc = otcProvider({ name: "otc" });
const hwHttp = huaweiProvider({ name: "hw-http", obsEndpoint: "http://obs.cn-north-4.myhuaweicloud.com" });
const hwHttps = huaweiProvider({ name: "hw-https" });

const brief = (r: AnalyzeResult) => r.diagnostics.map((d) => `${d.enforcementLevel} ${d.policyName}`).sort();
const linked = (r: WireResource, b: WireResource): WireResource => ({
    ...r,
    propertyDependencies: { bucket: [b.urn] },
    dependencies: [b.urn],
});
const s3TlsOnly = (bucket: string) =>
    JSON.stringify({
        Statement: [
            {
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });

/** Per token: a resource the pack passes and one it fails, with what the failure is. */
const RESOURCE_CASES: Array<{ type: string; pass: WireResource; fail: WireResource; expected: string[] }> = [
    {
        type: OTC.obsBucket,
        pass: resource(OTC.obsBucket, "ok", { bucket: "b", acl: "private" }, otc),
        fail: resource(OTC.obsBucket, "bad", { bucket: "b", serverSideEncryption: { algorithm: "sm4", kmsKeyId: OTC_KMS_KEY } }, otc),
        expected: ["advisory obs-https-hardening", "mandatory obs-sse-supported-algorithm"],
    },
    {
        type: OTC.obsObject,
        pass: resource(OTC.obsObject, "ok", { bucket: "b", key: "k", content: "x" }, otc),
        fail: resource(OTC.obsObject, "bad", { bucket: "b", key: "k", content: "x", encryption: true, kmsKeyId: OTC_KMS_KEY }, otc),
        expected: ["advisory obs-https-hardening"],
    },
    {
        type: OTC.s3Bucket,
        pass: resource(OTC.s3Bucket, "ok", { bucket: "b" }, otc),
        fail: resource(OTC.s3Bucket, "bad", { bucket: "b" }, otcProvider({ name: "elsewhere", authUrl: "https://keystone.example/v3" })),
        expected: ["advisory obs-sse-transfer-protocol"],
    },
    {
        type: OTC.s3Object,
        pass: resource(
            OTC.s3Object,
            "ok",
            { bucket: "b", key: "k", content: "x", serverSideEncryption: "aws:kms", sseKmsKeyId: OTC_KMS_KEY },
            otc,
        ),
        fail: resource(OTC.s3Object, "bad", { bucket: "b", key: "k", content: "x", serverSideEncryption: "AES256" }, otc),
        expected: ["mandatory obs-sse-supported-algorithm"],
    },
    ...[HW.bucket, HW.obsBucket].map((type) => ({
        type,
        pass: resource(type, "ok", { bucket: "b", encryption: true, sseAlgorithm: "AES256" }, hwHttps),
        fail: resource(type, "bad", { bucket: "b", encryption: true, sseAlgorithm: "SM4" }, hwHttps),
        expected: ["mandatory obs-sse-supported-algorithm"],
    })),
    ...[HW.object, HW.obsObject].map((type) => ({
        type,
        pass: resource(type, "ok", { bucket: "b", key: "k", content: "x", encryption: true, kmsKeyId: OTC_KMS_KEY }, hwHttps),
        fail: resource(type, "bad", { bucket: "b", key: "k", content: "x", encryption: true, kmsKeyId: OTC_KMS_KEY }, hwHttp),
        expected: ["advisory obs-https-hardening", "mandatory obs-sse-transfer-protocol"],
    })),
];

/** Per bucket-policy token: a stack whose bucket it guards (no finding) and one where it does not. */
const POLICY_CASES: Array<{ type: string; bucket: WireResource; good: string; bad: string }> = [
    {
        type: OTC.obsPolicy,
        bucket: resource(OTC.obsBucket, "data", { bucket: "data", serverSideEncryption: { algorithm: "kms", kmsKeyId: OTC_KMS_KEY } }, otc),
        good: obsTlsOnlyPolicy("data"),
        bad: s3TlsOnly("data"),
    },
    {
        type: OTC.s3Policy,
        bucket: resource(OTC.s3Bucket, "data", { bucket: "data" }, otc),
        good: s3TlsOnly("data"),
        bad: obsTlsOnlyPolicy("data"),
    },
    {
        type: HW.policy,
        bucket: resource(HW.bucket, "data", { bucket: "data", encryption: true }, hwHttps),
        good: obsTlsOnlyPolicy("data"),
        bad: obsTlsOnlyPolicy("other"),
    },
    {
        type: HW.obsPolicy,
        bucket: resource(HW.obsBucket, "data", { bucket: "data", encryption: true }, hwHttps),
        good: obsTlsOnlyPolicy("data"),
        bad: JSON.stringify({ Statement: [] }),
    },
];

describe("native OBS resources through the analyzer protocol", { timeout: PROCESS_TIMEOUT_MS }, () => {
    let pack: PackProcess;
    const programs: Record<string, CapturedProgram> = {};
    beforeAll(async () => {
        const [p, otcNative, huawei] = await Promise.all([sharedPack(), capturedExample("otc-native"), capturedExample("huawei")]);
        pack = p;
        programs["otc-native"] = otcNative;
        programs.huawei = huawei;
        await pack.configureStack({ stack: "dev", project: "obs-app", dryRun: true });
        await pack.configure({});
    }, PROCESS_TIMEOUT_MS);

    for (const c of RESOURCE_CASES) {
        it(`${c.type}: passes the compliant resource, reports the failing one`, async () => {
            const ok = await pack.analyze(c.pass);
            expect(ok.diagnostics).toEqual([]);
            // Judged, not skipped: at least the transfer-protocol rule ran on it.
            expect(ok.notApplicable.map((n) => n.policyName)).not.toContain("obs-sse-transfer-protocol");
            expect(brief(await pack.analyze(c.fail))).toEqual(c.expected);
        });
    }

    for (const c of POLICY_CASES) {
        it(`${c.type}: a TLS-only policy in its dialect guards the bucket's encrypted objects; otherwise the stack policy reports`, async () => {
            const guarded = linked(resource(c.type, "tls", { bucket: "data", policy: c.good }, c.bucket.provider), c.bucket);
            const unguarded = linked(resource(c.type, "tls", { bucket: "data", policy: c.bad }, c.bucket.provider), c.bucket);
            const encrypted =
                c.type === OTC.s3Policy
                    ? [linked(resource(OTC.s3Object, "kms", { bucket: "data", key: "k", serverSideEncryption: "aws:kms" }, otc), c.bucket)]
                    : [];
            expect((await pack.analyzeStack([c.bucket, ...encrypted, guarded])).diagnostics).toEqual([]);
            const bad = await pack.analyzeStack([c.bucket, ...encrypted, unguarded]);
            expect(bad.diagnostics.map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn}`)).toEqual([
                `advisory obs-secure-transport-policy ${c.bucket.urn}`,
            ]);
        });
    }

    it("non-OBS resources of these providers get no answer at all", async () => {
        for (const r of [
            resource("opentelekomcloud:index/computeInstanceV2:ComputeInstanceV2", "vm", { name: "vm" }, otc),
            resource("huaweicloud:Ecs/instance:Instance", "ecs", { name: "ecs" }, hwHttp),
            resource("huaweicloud:index/vpc:Vpc", "vpc", { name: "vpc" }, hwHttp),
        ])
            expect(await pack.analyze(r)).toEqual({ diagnostics: [], notApplicable: [] });
    });

    it("says why the signature rule does not apply to native-signed and Huawei requests", async () => {
        const r = await pack.analyze(RESOURCE_CASES.find((c) => c.type === HW.object)!.pass);
        const na = r.notApplicable.find((n) => n.policyName === "obs-sse-signature-version");
        expect(na?.reason).toMatch(/Huawei Cloud publishes its SSE table \(huawei-obs\) with a transfer-protocol column only/);
    });

    async function run(name: string, config = {}): Promise<ReplayResult> {
        const program = field(programs, name);
        await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
        await pack.configure(config);
        return replayProgram(pack, program);
    }
    const summary = (r: ReplayResult) =>
        r.diagnostics.map((d) => `${d.phase} ${d.enforcementLevel} ${d.policyName} ${d.resourceName}`).sort();

    it("examples/otc-native: exactly the expected diagnostics", async () => {
        const r = await run("otc-native");
        expect(summary(r)).toEqual([
            "analyze advisory obs-https-hardening data",
            "analyze advisory obs-https-hardening legacy-kms",
            "analyze advisory obs-https-hardening report",
            "analyze advisory obs-sse-transfer-protocol elsewhere",
            "analyze mandatory obs-sse-supported-algorithm legacy-aes",
            "analyzeStack advisory obs-secure-transport-policy legacy",
        ]);
        // The VPC gets no answer from any policy.
        expect([...r.diagnostics, ...r.notApplicable].filter((x) => x.urn.endsWith("::net"))).toEqual([]);
    });

    it("examples/huawei: exactly the expected diagnostics", async () => {
        const r = await run("huawei");
        expect(summary(r)).toEqual([
            "analyze advisory obs-https-hardening archive-kms",
            "analyze mandatory obs-sse-transfer-protocol archive-kms",
            "analyzeStack advisory obs-secure-transport-policy archive",
            "analyzeStack advisory obs-sse-inherited-encryption archive-plain",
        ]);
        expect([...r.diagnostics, ...r.notApplicable].filter((x) => x.urn.endsWith("::net"))).toEqual([]);
    });

    it("examples/huawei with remediation: the default provider's endpoints.obs becomes https, as a JSON string", async () => {
        const r = await run("huawei", { "obs-sse-transfer-protocol": "remediate" });
        expect(r.remediated.map((x) => x.urn.split("::").pop())).toEqual(["default"]);
        expect(at(r.remediated, 0).properties.endpoints).toBe('{"obs":"https://obs.cn-north-4.myhuaweicloud.com"}');
        expect(summary(r)).toEqual(["analyzeStack advisory obs-secure-transport-policy archive"]);
    });

    it("keeps the examples' secrets out of every message", async () => {
        for (const name of ["otc-native", "huawei"]) {
            const r = await run(name);
            const text = JSON.stringify(r.diagnostics);
            for (const v of Object.values(field(programs, name).config)) if (/FAKE|fake-/.test(v)) expect(text).not.toContain(v);
            expect(text).not.toContain(SECRET_SIG);
        }
    });
});
