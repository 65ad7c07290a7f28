// The stack policies on the native providers' OBS resources, and the OBS bucket-policy dialect.
import { assert, describe, expect, it } from "vitest";
import { inheritedEncryptionPolicy } from "../../policies/rules/inheritedEncryption";
import { secureTransportPolicy } from "../../policies/rules/secureTransportPolicy";
import { OBS_POLICY_FORMAT, secureTransportVerdict } from "../../policies/stack/secureTransport";
import type { WireResource, WireValue } from "../../engine/wire";
import { resource } from "../helpers/fixtures";
import { HW, huaweiProvider, obsTlsOnlyPolicy, OTC, OTC_KMS_KEY, otcProvider } from "../helpers/nativeFixtures";
import { runStackPolicy as run } from "../helpers/runStack";
import { at } from "../support/items";

const otc = otcProvider({ name: "otc" });
const hwHttp = huaweiProvider({ name: "hw-http", obsEndpoint: "http://obs.cn-north-4.myhuaweicloud.com" });
const hwHttps = huaweiProvider({ name: "hw-https" });

function inBucket(r: WireResource, b: WireResource): WireResource {
    return { ...r, propertyDependencies: { bucket: [b.urn] }, dependencies: [b.urn] };
}
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

describe("obs-secure-transport-policy on native providers", () => {
    const hwBucket = (type: string, extra: Record<string, WireValue> = {}) =>
        resource(type, "hw-data", { bucket: "hw-data", encryption: true, sseAlgorithm: "kms", kmsKeyId: OTC_KMS_KEY, ...extra }, hwHttps);

    for (const [bucketType, policyType] of [
        [HW.bucket, HW.policy],
        [HW.obsBucket, HW.obsPolicy],
    ] as const) {
        it(`${bucketType}: a KMS-default bucket without a TLS-only policy gets the OBS-format statement to add`, async () => {
            const b = hwBucket(bucketType);
            const [v, ...rest] = (await run(secureTransportPolicy, [b])).violations;
            expect(rest).toEqual([]);
            assert(v);
            expect(v.urn).toBe(b.urn);
            expect(v.message).toContain("encrypts its objects with SSE-KMS by default");
            expect(v.message).toContain('"Principal":{"ID":["*"]}');
            expect(v.message).toContain('"Resource":["hw-data","hw-data/*"],"Condition":{"Bool":{"SecureTransport":["false"]}}');
        });

        it(`${policyType}: an OBS-format TLS-only policy satisfies it; an S3-format one does not unless policyFormat is s3`, async () => {
            const b = hwBucket(bucketType);
            const obs = inBucket(resource(policyType, "tls", { bucket: "hw-data", policy: obsTlsOnlyPolicy("hw-data") }, hwHttps), b);
            expect((await run(secureTransportPolicy, [b, obs])).violations).toEqual([]);
            const wrongDialect = inBucket(resource(policyType, "tls", { bucket: "hw-data", policy: s3TlsOnly("hw-data") }, hwHttps), b);
            expect((await run(secureTransportPolicy, [b, wrongDialect])).violations.map((v) => v.urn)).toEqual([b.urn]);
            const s3Format = inBucket(
                resource(policyType, "tls", { bucket: "hw-data", policy: s3TlsOnly("hw-data"), policyFormat: "s3" }, hwHttps),
                b,
            );
            expect((await run(secureTransportPolicy, [b, s3Format])).violations).toEqual([]);
        });
    }

    it("reads a Huawei bucket's inline OBS-format policy", async () => {
        expect((await run(secureTransportPolicy, [hwBucket(HW.bucket, { policy: obsTlsOnlyPolicy("hw-data") })])).violations).toEqual([]);
    });

    it("OTC: ObsBucket with ObsBucketPolicy (OBS format), S3Bucket with S3BucketPolicy (S3 format)", async () => {
        const ob = resource(
            OTC.obsBucket,
            "otc-data",
            { bucket: "otc-data", serverSideEncryption: { algorithm: "kms", kmsKeyId: OTC_KMS_KEY } },
            otc,
        );
        expect(at((await run(secureTransportPolicy, [ob])).violations, 0).message).toContain('"Principal":{"ID":["*"]}');
        const op = inBucket(resource(OTC.obsPolicy, "otc-tls", { bucket: "otc-data", policy: obsTlsOnlyPolicy("otc-data") }, otc), ob);
        expect((await run(secureTransportPolicy, [ob, op])).violations).toEqual([]);

        const sb = resource(OTC.s3Bucket, "s3-data", { bucket: "s3-data" }, otc);
        const so = inBucket(resource(OTC.s3Object, "s3-kms", { bucket: "s3-data", key: "k", serverSideEncryption: "aws:kms" }, otc), sb);
        const [v] = (await run(secureTransportPolicy, [sb, so])).violations;
        assert(v);
        expect(v.message).toContain('holds encrypted objects ("s3-kms")');
        expect(v.message).toContain('"aws:SecureTransport":"false"');
        const sp = inBucket(resource(OTC.s3Policy, "s3-tls", { bucket: "s3-data", policy: s3TlsOnly("s3-data") }, otc), sb);
        expect((await run(secureTransportPolicy, [sb, so, sp])).violations).toEqual([]);
    });

    it("stays quiet on unencrypted native buckets", async () => {
        const b = resource(HW.bucket, "plain", { bucket: "plain" }, hwHttps);
        const o = inBucket(resource(HW.object, "o", { bucket: "plain", key: "k" }, hwHttps), b);
        expect((await run(secureTransportPolicy, [b, o])).violations).toEqual([]);
    });
});

describe("obs-sse-inherited-encryption on native providers", () => {
    it("a plain Huawei object in a KMS-default bucket over http breaks the huawei-obs SSE-KMS rows (protocol only)", async () => {
        const b = resource(HW.bucket, "kms-default", { bucket: "kms-default", encryption: true }, hwHttp);
        const o = inBucket(resource(HW.object, "plain", { bucket: "kms-default", key: "a.txt", content: "x" }, hwHttp), b);
        const [v, ...rest] = (await run(inheritedEncryptionPolicy, [b, o])).violations;
        expect(rest).toEqual([]);
        assert(v);
        expect(v.urn).toBe(o.urn);
        expect(v.message).toContain(
            "PUT Object (create/update, one PUT of content or source) on an SSE-KMS-encrypted object over HTTP: huawei-obs matrix table 2",
        );
        expect(v.message).not.toContain("signed");
    });

    it("links an OTC obs object to its bucket by name; https passes", async () => {
        const b = resource(OTC.obsBucket, "otc-kms", { bucket: "otc-kms", serverSideEncryption: { algorithm: "kms" } }, otc);
        const o = resource(OTC.obsObject, "plain", { bucket: "otc-kms", key: "a.txt" }, otc);
        expect((await run(inheritedEncryptionPolicy, [b, o])).violations).toEqual([]);
        // The same pair over http through Huawei's provider is reported, so the link is made.
        const hb = resource(HW.obsBucket, "hw-kms", { bucket: "hw-kms", encryption: true, sseAlgorithm: "kms" }, hwHttp);
        const ho = resource(HW.obsObject, "hw-plain", { bucket: "hw-kms", key: "a.txt" }, hwHttp);
        expect((await run(inheritedEncryptionPolicy, [hb, ho])).violations.map((v) => v.urn)).toEqual([ho.urn]);
        // SSE-OBS default: no SSE-KMS rows to inherit.
        const sseObs = resource(HW.obsBucket, "hw-kms", { bucket: "hw-kms", encryption: true, sseAlgorithm: "AES256" }, hwHttp);
        expect((await run(inheritedEncryptionPolicy, [sseObs, ho])).violations).toEqual([]);
    });
});

describe("OBS-format bucket policies", () => {
    const base = {
        Effect: "Deny",
        Principal: { ID: ["*"] },
        Action: ["*"],
        Resource: ["data", "data/*"],
        Condition: { Bool: { SecureTransport: ["false"] } },
    };
    const verdict = (doc: Record<string, unknown>, bucket?: string) => secureTransportVerdict(doc, bucket, OBS_POLICY_FORMAT).kind;
    const denies = (st: Record<string, unknown>) => verdict({ Statement: [st] }, "data") === "denies-http";

    it("accepts the strict statement in its spellings", () => {
        expect(denies(base)).toBe(true);
        expect(denies({ ...base, Principal: { ID: "*" }, Action: "*", Condition: { BoolIfExists: { SecureTransport: false } } })).toBe(
            true,
        );
        expect(denies({ ...base, Action: ["PutObject", "GetObject", "DeleteObject"] })).toBe(true);
        expect(denies({ ...base, Action: ["*Object"] })).toBe(true);
        expect(denies({ ...base, Resource: "*" })).toBe(true);
        expect(denies({ ...base, Resource: ["data*", "data/*"] })).toBe(true);
        expect(verdict({ Statement: base }, "data")).toBe("denies-http");
        // Without a known bucket name, a statement that names some bucket waits for the name; one covering every bucket counts.
        expect(verdict({ Statement: [{ ...base, Resource: ["other", "other/*"] }] })).toBe("bucket-name-unknown");
        expect(verdict({ Statement: [{ ...base, Resource: "*" }] })).toBe("denies-http");
    });

    it("rejects anything that narrows it", () => {
        expect(denies({ ...base, Effect: "Allow" })).toBe(false);
        expect(denies({ ...base, Principal: { ID: ["domain/0123:user/alice"] } })).toBe(false);
        expect(denies({ ...base, Principal: "*" })).toBe(false);
        expect(denies({ ...base, NotPrincipal: { ID: ["domain/0123"] } })).toBe(false);
        expect(denies({ ...base, Action: ["GetObject"] })).toBe(false);
        expect(denies({ ...base, NotAction: ["PutObject"] })).toBe(false);
        expect(denies({ ...base, Resource: ["data/*"] })).toBe(false);
        expect(denies({ ...base, Resource: ["data"] })).toBe(false);
        expect(denies({ ...base, Resource: ["other", "other/*"] })).toBe(false);
        expect(denies({ ...base, Resource: ["data/logs/*", "data"] })).toBe(false);
        expect(denies({ ...base, Condition: { Bool: { SecureTransport: ["true"] } } })).toBe(false);
        expect(denies({ ...base, Condition: { Bool: { "aws:SecureTransport": "false" } } })).toBe(false);
        expect(denies({ ...base, Condition: { Bool: { SecureTransport: "false" }, IpAddress: { SourceIp: "10.0.0.0/8" } } })).toBe(false);
        expect(denies({ ...base, Condition: { Bool: { SecureTransport: "false", SourceIp: "x" } } })).toBe(false);
        expect(denies({ ...base, Condition: { StringEquals: { SecureTransport: "false" } } })).toBe(false);
        expect(denies({ ...base, Condition: undefined })).toBe(false);
        expect(verdict({}, "data")).toBe("allows-http");
    });
});
