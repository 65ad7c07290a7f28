import { describe, expect, it } from "vitest";
import { policyDialectOf, readResource, roleOf } from "../../policies/resources";
import { asRuntimeProps } from "../helpers/runPolicy";
import { UNKNOWN } from "../helpers/fixtures";
import { HW, OTC, OTC_KMS_KEY } from "../helpers/nativeFixtures";
import type { WireProps } from "../../engine/wire";
import { at } from "../support/items";

const plan = (type: string, props: WireProps, shape: "inputs" | "outputs" = "inputs") => readResource(type, asRuntimeProps(props), shape)!;
const ifaces = (type: string, props: WireProps) => plan(type, props).calls.map((c) => c.iface);

describe("opentelekomcloud OBS resource reader", () => {
    it("ObsBucketObject: one PUT Object, native API, read back by listing (no HEAD, no GET)", () => {
        expect(ifaces(OTC.obsObject, { bucket: "b", key: "k", content: "x" })).toEqual(["PUT Object"]);
        expect(ifaces(OTC.obsObject, { bucket: "b", key: "k", source: "./big.iso" })).toEqual(["PUT Object"]);
        expect(plan(OTC.obsObject, { bucket: "b", key: "k" }).api).toBe("obs");
    });

    it("ObsBucketObject: encryption true is SSE-KMS (kms), kmsKeyId alone changes nothing", () => {
        const kms = plan(OTC.obsObject, { bucket: "b", key: "k", encryption: true, kmsKeyId: OTC_KMS_KEY });
        expect(kms.encryption).toEqual({ values: ["SSE-KMS"] });
        expect(at(kms.calls, 0).target).toEqual({ values: ["SSE-KMS"] });
        expect(kms.algorithms).toEqual([{ field: "encryption", value: "kms" }]);
        expect(plan(OTC.obsObject, { kmsKeyId: OTC_KMS_KEY }).encryption).toEqual({ values: ["none"] });
        expect(plan(OTC.obsObject, { encryption: false }).encryption).toEqual({ values: ["none"] });
        expect(plan(OTC.obsObject, { encryption: UNKNOWN.boolean }).encryption).toEqual({
            values: ["none", "SSE-KMS"],
            waitingOn: "encryption",
        });
        const bad = plan(OTC.obsObject, { encryption: "yes" });
        expect(bad.problems).toEqual(["encryption must be a boolean, got a string of 3 characters"]);
        expect(bad.encryption).toEqual({ values: [] });
    });

    it("S3BucketObject: one PutObject and HEAD Object, S3 API; serverSideEncryption and sseKmsKeyId", () => {
        expect(ifaces(OTC.s3Object, { bucket: "b", key: "k", content: "x".repeat(6 * 1024 * 1024) })).toEqual([
            "PUT Object",
            "HEAD Object",
        ]);
        const p = plan(OTC.s3Object, { serverSideEncryption: "aws:kms", sseKmsKeyId: OTC_KMS_KEY });
        expect(p).toMatchObject({
            api: "s3",
            encryption: { values: ["SSE-KMS"] },
            algorithms: [{ field: "serverSideEncryption", value: "aws:kms" }],
        });
        expect(plan(OTC.s3Object, { serverSideEncryption: "AES256" }).encryption).toEqual({ values: ["SSE-OBS"] });
        expect(plan(OTC.s3Object, { serverSideEncryption: "aws:kms:dsse" }).encryption).toEqual({ values: [] });
        expect(plan(OTC.s3Object, {}).encryption).toEqual({ values: ["none"] });
        expect(plan(OTC.s3Object, { serverSideEncryption: UNKNOWN.string }).encryption).toEqual({
            values: ["none", "SSE-KMS", "SSE-OBS"],
            waitingOn: "serverSideEncryption",
        });
        expect(plan(OTC.s3Object, { serverSideEncryption: 3 }).problems).toEqual(["serverSideEncryption must be a string, got number 3"]);
    });

    it("ObsBucket: the single serverSideEncryption object; no matrix calls", () => {
        const p = plan(OTC.obsBucket, { bucket: "b", serverSideEncryption: { algorithm: "kms", kmsKeyId: OTC_KMS_KEY } });
        expect(p).toMatchObject({ api: "obs", calls: [], algorithms: [{ field: "serverSideEncryption.algorithm", value: "kms" }] });
        expect(plan(OTC.obsBucket, { serverSideEncryption: [{ algorithm: "kms" }] }).algorithms).toEqual([
            { field: "serverSideEncryption[0].algorithm", value: "kms" },
        ]);
        expect(plan(OTC.obsBucket, { serverSideEncryption: { algorithm: UNKNOWN.string } }).algorithms).toEqual([
            { field: "serverSideEncryption.algorithm", value: undefined },
        ]);
        // Computed in preview outputs when the program did not set it.
        expect(plan(OTC.obsBucket, { serverSideEncryption: UNKNOWN.object }, "outputs").algorithms).toEqual([]);
        expect(plan(OTC.obsBucket, { serverSideEncryption: "kms" }).problems).toEqual([
            "serverSideEncryption must be an object with algorithm and kmsKeyId, got a string of 3 characters",
        ]);
        expect(plan(OTC.obsBucket, {}).algorithms).toEqual([]);
    });

    it("S3Bucket has no encryption inputs and calls no matrix interface", () => {
        expect(plan(OTC.s3Bucket, { bucket: "b", acl: "private" })).toMatchObject({ api: "s3", calls: [], algorithms: [], problems: [] });
    });

    it("bucket policies are stack roles only, in the dialect of their API", () => {
        expect(readResource(OTC.obsPolicy, {})).toBeUndefined();
        expect(readResource(OTC.s3Policy, {})).toBeUndefined();
        expect([OTC.obsBucket, OTC.obsObject, OTC.obsPolicy, OTC.s3Bucket, OTC.s3Object, OTC.s3Policy].map(roleOf)).toEqual([
            "bucket",
            "object",
            "bucket-policy",
            "bucket",
            "object",
            "bucket-policy",
        ]);
        expect(policyDialectOf(OTC.obsPolicy, {})).toBe("obs");
        expect(policyDialectOf(OTC.s3Policy, {})).toBe("s3");
        expect(policyDialectOf(OTC.s3Bucket, {})).toBe("s3");
    });

    it("knows nothing of the provider's other resources", () => {
        for (const t of [
            "opentelekomcloud:index/computeInstanceV2:ComputeInstanceV2",
            "opentelekomcloud:index/obsBucketAcl:ObsBucketAcl",
        ]) {
            expect(readResource(t, {})).toBeUndefined();
            expect(roleOf(t)).toBeUndefined();
        }
    });
});

describe("huaweicloud OBS resource reader", () => {
    for (const [objectType, bucketType, policyType] of [
        [HW.object, HW.bucket, HW.policy],
        [HW.obsObject, HW.obsBucket, HW.obsPolicy],
    ] as const) {
        it(`${objectType}: one PUT Object and HEAD Object, V2 client; encryption true is aws:kms`, () => {
            expect(ifaces(objectType, { bucket: "b", key: "k", content: "x".repeat(6 * 1024 * 1024) })).toEqual([
                "PUT Object",
                "HEAD Object",
            ]);
            const p = plan(objectType, { bucket: "b", key: "k", encryption: true, kmsKeyId: OTC_KMS_KEY });
            expect(p).toMatchObject({
                api: "s3",
                encryption: { values: ["SSE-KMS"] },
                algorithms: [{ field: "encryption", value: "aws:kms" }],
            });
            expect(plan(objectType, { bucket: "b", key: "k" }).encryption).toEqual({ values: ["none"] });
            expect(at(plan(objectType, { encryption: UNKNOWN.boolean }).calls, 1).target).toEqual({
                values: ["none", "SSE-KMS"],
                waitingOn: "encryption",
            });
        });

        it(`${bucketType}: flat encryption, sseAlgorithm defaulting to kms, AES256 declared as is`, () => {
            expect(plan(bucketType, { bucket: "b" }).algorithms).toEqual([]);
            expect(plan(bucketType, { bucket: "b", encryption: false, sseAlgorithm: "kms" }).algorithms).toEqual([]);
            expect(plan(bucketType, { bucket: "b", encryption: true }).algorithms).toEqual([{ field: "sseAlgorithm", value: "kms" }]);
            expect(plan(bucketType, { bucket: "b", encryption: true, sseAlgorithm: "AES256" })).toMatchObject({
                api: "obs",
                calls: [],
                algorithms: [{ field: "sseAlgorithm", value: "AES256" }],
            });
            expect(plan(bucketType, { bucket: "b", encryption: true, sseAlgorithm: UNKNOWN.string }).algorithms).toEqual([
                { field: "sseAlgorithm", value: undefined },
            ]);
            expect(plan(bucketType, { bucket: "b", encryption: true, sseAlgorithm: UNKNOWN.string }, "outputs").algorithms).toEqual([
                { field: "sseAlgorithm", value: "kms" },
            ]);
            expect(plan(bucketType, { encryption: "on" }).problems).toEqual(["encryption must be a boolean, got a string of 2 characters"]);
        });

        it(`${policyType}: a bucket-policy role whose dialect follows policyFormat (default obs)`, () => {
            expect(roleOf(policyType)).toBe("bucket-policy");
            expect(roleOf(bucketType)).toBe("bucket");
            expect(roleOf(objectType)).toBe("object");
            expect(policyDialectOf(policyType, {})).toBe("obs");
            expect(policyDialectOf(policyType, asRuntimeProps({ policyFormat: "s3" }))).toBe("s3");
            expect(policyDialectOf(bucketType, asRuntimeProps({ policyFormat: "obs" }))).toBe("obs");
        });
    }

    it("knows nothing of the provider's other resources", () => {
        for (const t of ["huaweicloud:Ecs/instance:Instance", "huaweicloud:index/vpc:Vpc", "huaweicloud:index/obsBucketAcl:ObsBucketAcl"]) {
            expect(readResource(t, {})).toBeUndefined();
            expect(roleOf(t)).toBeUndefined();
        }
    });
});
