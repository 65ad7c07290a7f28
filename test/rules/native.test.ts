// The resource policies on the opentelekomcloud and huaweicloud providers' OBS resources.
import type { ResourceValidationArgs } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { assert, describe, expect, it } from "vitest";
import { policies } from "../../policies/registry";
import { httpsHardeningPolicy } from "../../policies/rules/httpsHardening";
import { signatureVersionPolicy } from "../../policies/rules/signatureVersion";
import { supportedAlgorithmPolicy } from "../../policies/rules/supportedAlgorithm";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { virtualHostedStylePolicy } from "../../policies/rules/virtualHostedStyle";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SECRET_SIG, SIG_KEY, type WireProps, type WireProvider, type WireResource } from "../../engine/wire";
import { resource, secret, UNKNOWN } from "../helpers/fixtures";
import { HW, huaweiProvider, OTC, OTC_KMS_KEY, otcProvider } from "../helpers/nativeFixtures";
import { resourceArgs, runResourcePolicy as run } from "../helpers/runPolicy";
import { at } from "../support/items";

const otc = otcProvider({ name: "otc" });
const otcInsecure = otcProvider({ name: "otc-insecure", insecure: true });
const otcCh2 = otcProvider({ name: "otc-ch2", authUrl: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3", region: "eu-ch2" });
const otcPrivate = otcProvider({ name: "otc-private", authUrl: "https://iam.private.example/v3" });
const hwHttp = huaweiProvider({ name: "hw-http", obsEndpoint: "http://obs.cn-north-4.myhuaweicloud.com" });
const hwHttps = huaweiProvider({ name: "hw-https" });
const hwInsecure = huaweiProvider({ name: "hw-insecure", insecure: true });

const obsKms = (p: WireProvider, name = "o") =>
    resource(OTC.obsObject, name, { bucket: "b", key: "k", content: "x", encryption: true, kmsKeyId: OTC_KMS_KEY }, p);
const s3Kms = (p: WireProvider) =>
    resource(OTC.s3Object, "s", { bucket: "b", key: "k", content: "x", serverSideEncryption: "aws:kms", sseKmsKeyId: OTC_KMS_KEY }, p);
const hwKms = (p: WireProvider, type: string = HW.object) =>
    resource(type, "h", { bucket: "b", key: "k", content: "x", encryption: true, kmsKeyId: OTC_KMS_KEY }, p);

describe("obs-sse-transfer-protocol on native providers", () => {
    it("fails an encrypted Huawei object over http by the huawei-obs rows, under both token families", async () => {
        for (const type of [HW.object, HW.obsObject]) {
            const [v, ...rest] = (await run(transferProtocolPolicy, hwKms(hwHttp, type))).violations;
            expect(rest).toEqual([]);
            assert(v);
            expect(v.enforcementLevel).toBe("mandatory");
            expect(v.message).toContain(
                "PUT Object (create/update, one PUT of content or source) on an SSE-KMS-encrypted object: huawei-obs matrix table 2",
            );
            expect(v.message).toContain('Fix: set endpoints.obs of provider "hw-http" to https://obs.cn-north-4.myhuaweicloud.com.');
            expect(v.message).not.toContain("HEAD Object"); // allowed over HTTP by its row
        }
    });

    it("passes encrypted objects over https: Huawei, OTC obs* and s3*", async () => {
        for (const r of [hwKms(hwHttps), hwKms(hwHttps, HW.obsObject), obsKms(otc), s3Kms(otc)]) {
            const out = await run(transferProtocolPolicy, r);
            expect(out).toEqual({ violations: [] });
        }
    });

    it("says at advisory, and why, when the OTC endpoint cannot be known from the inputs", async () => {
        const [v] = (await run(transferProtocolPolicy, obsKms(otcPrivate))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain(
            'opentelekomcloud provider "otc-private", whose OBS endpoint cannot be known from its inputs: authUrl points at iam.private.example',
        );
        expect(v.message).toContain("does not guess it");
        // The other rules say not applicable.
        expect((await run(signatureVersionPolicy, obsKms(otcPrivate))).notApplicable).toMatch(/cannot be known from its inputs/);
    });
});

describe("unknowns during preview on native providers", () => {
    it("waits, at advisory, on a computed authUrl or endpoints input", async () => {
        const [v] = (await run(transferProtocolPolicy, obsKms(otcProvider({ name: "computed", raw: { authUrl: UNKNOWN.string } }))))
            .violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain(
            'opentelekomcloud provider "computed", whose object-storage endpoint (from the identity catalog of authUrl and region) is computed and unknown during preview',
        );
        const [h] = (await run(transferProtocolPolicy, hwKms(huaweiProvider({ name: "hw-computed", raw: { endpoints: UNKNOWN.string } }))))
            .violations;
        assert(h);
        expect(h.message).toContain('huaweicloud provider "hw-computed", whose endpoints.obs is computed and unknown during preview');
    });
});

describe("obs-sse-signature-version on native providers", () => {
    it("is not applicable where the edition has no signature column, and says why", async () => {
        const hw = await run(signatureVersionPolicy, hwKms(hwHttps));
        expect(hw.violations).toEqual([]);
        expect(hw.notApplicable).toBe(
            'huaweicloud provider "hw-https" signs with V2 (what pulumi:providers:huaweicloud signs with): Huawei Cloud publishes its SSE table (huawei-obs) with a transfer-protocol column only and publishes no S3-compatible table; ' +
                "the V2/V4 column belongs to Open Telekom Cloud's S3-compatible API table, so there is no signature rule to check (declare the signature in providerSignatures, or force the otc-s3 edition, to judge it by that column)",
        );
        expect((await run(signatureVersionPolicy, obsKms(otc))).notApplicable).toMatch(
            /signs with OBS .*no published OBS table has a signature column for requests signed with the native OBS signature/,
        );
        // Declared, the V2 signature is judged by the only signature column there is.
        expect(
            (await run(signatureVersionPolicy, hwKms(hwHttps), { providerSignatures: { "hw-https": "V2" } })).violations.map(
                (v) => v.enforcementLevel,
            ),
        ).toEqual(["mandatory"]);
    });

    it("judges the OTC S3 client's SigV4 requests by otc-s3, and a declared V2 fails", async () => {
        expect(await run(signatureVersionPolicy, s3Kms(otc))).toEqual({ violations: [] });
        const [v] = (await run(signatureVersionPolicy, s3Kms(otc), { providerSignatures: { otc: "V2" } })).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain("otc-s3 matrix table 2");
    });

    it("judges Huawei's V2 requests when the user forces the S3 edition", async () => {
        const [v] = (await run(signatureVersionPolicy, hwKms(hwHttps), { edition: "otc-s3" })).violations;
        assert(v);
        expect(v.message).toContain("would send V2-signed requests (what pulumi:providers:huaweicloud signs with");
    });
});

describe("obs-sse-supported-algorithm per cloud and API", () => {
    it("refuses AES256 through OTC's S3 API (S3BucketObject)", async () => {
        const [v] = (
            await run(
                supportedAlgorithmPolicy,
                resource(OTC.s3Object, "aes", { bucket: "b", key: "k", serverSideEncryption: "AES256" }, otc),
            )
        ).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain("OTC OBS does not support SSE-S3 (AES256) through the S3-compatible API");
    });

    it("accepts SSE-OBS (sseAlgorithm AES256) and kms on Huawei buckets, and kms on OTC ObsBucket", async () => {
        for (const r of [
            resource(HW.bucket, "sse-obs", { bucket: "b", encryption: true, sseAlgorithm: "AES256" }, hwHttps),
            resource(HW.obsBucket, "kms", { bucket: "b", encryption: true, sseAlgorithm: "kms", kmsKeyId: OTC_KMS_KEY }, hwHttps),
            resource(OTC.obsBucket, "kms", { bucket: "b", serverSideEncryption: { algorithm: "kms", kmsKeyId: OTC_KMS_KEY } }, otc),
            obsKms(otc),
            hwKms(hwHttps),
        ])
            expect(await run(supportedAlgorithmPolicy, r)).toEqual({ violations: [] });
    });

    it("refuses what the native API does not name, without echoing odd values", async () => {
        const [v] = (
            await run(supportedAlgorithmPolicy, resource(HW.bucket, "sm4", { bucket: "b", encryption: true, sseAlgorithm: "SM4" }, hwHttps))
        ).violations;
        assert(v);
        expect(v.message).toContain(
            'sseAlgorithm is "SM4". OBS does not support the server-side encryption "SM4"; its OBS API accepts kms (SSE-KMS) and AES256 (SSE-OBS)',
        );
    });

    it("adds the eu-ch2 advisory for encryption requested there", async () => {
        const [v] = (await run(supportedAlgorithmPolicy, obsKms(otcCh2))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("eu-ch2");
        expect(
            (await run(supportedAlgorithmPolicy, resource(OTC.obsObject, "plain", { bucket: "b", key: "k" }, otcCh2))).violations,
        ).toEqual([]);
    });
});

describe("obs-https-hardening on native providers", () => {
    it("says at advisory that the OTC OBS client never verifies certificates, whatever insecure says, and what to use instead", async () => {
        for (const p of [otc, otcInsecure, otcProvider({ name: "otc-verify", insecure: false })]) {
            const [v, ...rest] = (await run(httpsHardeningPolicy, obsKms(p))).violations;
            expect(rest).toEqual([]);
            assert(v);
            expect(v.enforcementLevel).toBe("advisory");
            expect(v.message).toContain(
                "makes requests on encrypted objects (PUT Object) to https://obs.eu-de.otc.t-systems.com over TLS without certificate verification",
            );
            expect(v.message).toContain("never verifies TLS certificates, whatever insecure says");
            expect(v.message).toMatch(
                /Fix: manage encrypted objects with the provider's s3\* resources .* or with the aws provider pointed at OBS\./,
            );
        }
        // Advisory even where the user raised the policy to mandatory: there is no setting to fix.
        const [m] = (await run(httpsHardeningPolicy, obsKms(otc), {}, "mandatory")).violations;
        assert(m);
        expect(m.enforcementLevel).toBe("advisory");
    });

    it("says the same of an OTC ObsBucket with default encryption, nothing of one without", async () => {
        const [v] = (
            await run(
                httpsHardeningPolicy,
                resource(OTC.obsBucket, "kms", { bucket: "b", serverSideEncryption: { algorithm: "kms", kmsKeyId: OTC_KMS_KEY } }, otc),
            )
        ).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain(
            'encrypts its objects by default (serverSideEncryption.algorithm), and objects written or read through opentelekomcloud provider "otc"\'s OBS client travel to https://obs.eu-de.otc.t-systems.com over TLS without certificate verification',
        );
        expect((await run(httpsHardeningPolicy, resource(OTC.obsBucket, "plain", { bucket: "b" }, otc))).violations).toEqual([]);
        // Huawei buckets: their client verifies certificates.
        expect(
            (await run(httpsHardeningPolicy, resource(HW.bucket, "kms", { bucket: "b", encryption: true }, hwHttps))).violations,
        ).toEqual([]);
    });

    it("says may for an encryption unknown during preview, nothing for unencrypted objects", async () => {
        const [v] = (
            await run(httpsHardeningPolicy, resource(OTC.obsObject, "u", { bucket: "b", key: "k", encryption: UNKNOWN.boolean }, otc))
        ).violations;
        assert(v);
        expect(v.message).toContain("may make, depending on encryption,");
        expect((await run(httpsHardeningPolicy, resource(OTC.obsObject, "p", { bucket: "b", key: "k" }, otc))).violations).toEqual([]);
    });

    it("the S3 client verifies unless insecure is set; Huawei's insecure reaches OBS", async () => {
        expect((await run(httpsHardeningPolicy, s3Kms(otc))).violations).toEqual([]);
        expect(at((await run(httpsHardeningPolicy, s3Kms(otcInsecure))).violations, 0).message).toContain(
            "over TLS without certificate verification (insecure: true",
        );
        expect(at((await run(httpsHardeningPolicy, hwKms(hwInsecure))).violations, 0).message).toContain(
            "over TLS without certificate verification (insecure: true",
        );
        expect((await run(httpsHardeningPolicy, hwKms(hwHttps))).violations).toEqual([]);
    });
});

describe("silence on what is not OBS", () => {
    it("non-OBS resources of these providers get no answer at all", async () => {
        const vm = resource("opentelekomcloud:index/computeInstanceV2:ComputeInstanceV2", "vm", { name: "vm" }, otc);
        const ecs = resource("huaweicloud:Ecs/instance:Instance", "ecs", { name: "ecs" }, hwHttp);
        for (const policy of policies) {
            if (!("validateResource" in policy)) continue;
            for (const r of [vm, ecs]) expect(await run(policy as ResourceValidationPolicy, r)).toEqual({ violations: [] });
        }
    });

    it("the provider rule reads native providers without findings (no path-style input)", async () => {
        for (const p of [otc, hwHttp]) {
            expect(await run(virtualHostedStylePolicy, { urn: p.urn, type: p.type, name: p.name, properties: p.properties })).toEqual({
                violations: [],
            });
        }
    });
});

// The SDK's (internal) deserializer and serializer, as its Remediate handler uses them.
const { deserializeProperties, serializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties: (s: Struct, proxySecrets: boolean) => Record<string, unknown>;
    serializeProperties: (o: unknown) => Promise<WireProps>;
};
const proxy = unknownCheckingProxy as unknown as <T>(v: T) => T;

async function remediate(r: WireResource): Promise<WireProps | undefined> {
    const args = {
        ...resourceArgs(r),
        props: proxy(deserializeProperties(Struct.fromJavaScript(r.properties as never), true)),
    } as ResourceValidationArgs;
    const result = await transferProtocolPolicy.remediateResource!(args);
    return result ? serializeProperties(result) : undefined;
}

describe("remediation of Huawei providers", () => {
    it("upgrades endpoints.obs to https, keeping the JSON-string map and the secrets", async () => {
        const p = huaweiProvider({
            name: "hw-http",
            raw: {
                endpoints: JSON.stringify({
                    iam: "https://iam.cn-north-4.myhuaweicloud.com",
                    obs: "http://obs.cn-north-4.myhuaweicloud.com",
                }),
            },
        });
        const out = (await remediate({ urn: p.urn, type: p.type, name: p.name, properties: p.properties }))!;
        expect(out.endpoints).toBe('{"iam":"https://iam.cn-north-4.myhuaweicloud.com","obs":"https://obs.cn-north-4.myhuaweicloud.com"}');
        expect(out.accessKey).toEqual({ [SIG_KEY]: SECRET_SIG, value: "HWFAKEACCESSKEY0000001" });
        expect(Object.keys(out).sort()).toEqual(Object.keys(p.properties).sort());
    });

    it("keeps a secret endpoints input secret; leaves https, non-OBS hosts and OTC providers alone", async () => {
        const s = huaweiProvider({
            name: "hw-secret",
            raw: { endpoints: secret(JSON.stringify({ obs: "http://obs.ap-southeast-1.myhuaweicloud.com" })) },
        });
        expect((await remediate({ urn: s.urn, type: s.type, name: s.name, properties: s.properties }))!.endpoints).toEqual({
            [SIG_KEY]: SECRET_SIG,
            value: JSON.stringify({ obs: "https://obs.ap-southeast-1.myhuaweicloud.com" }),
        });
        const other = huaweiProvider({ name: "hw-other", obsEndpoint: "http://minio.internal:9000" });
        for (const p of [hwHttps, other, otc])
            expect(await remediate({ urn: p.urn, type: p.type, name: p.name, properties: p.properties })).toBeUndefined();
    });
});
