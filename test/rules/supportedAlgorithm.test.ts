import { assert, describe, expect, it } from "vitest";
import { supportedAlgorithmPolicy as policy } from "../../policies/rules/supportedAlgorithm";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../helpers/fixtures";
import { at } from "../support/items";

const otc = awsProvider({ name: "otc", endpoint: "https://obs.eu-de.otc.t-systems.com" });
const huawei = awsProvider({ name: "hw", endpoint: "https://obs.cn-north-4.myhuaweicloud.com" });
const swiss = awsProvider({ name: "ch", endpoint: "https://obs.eu-ch2.sc.otc.t-systems.com" });

describe("obs-sse-supported-algorithm", () => {
    it("accepts aws:kms and objects without encryption", async () => {
        expect(
            (await run(policy, resource(T.objectV2, "o", { serverSideEncryption: "aws:kms", kmsKeyId: KMS_KEY }, otc))).violations,
        ).toEqual([]);
        expect((await run(policy, resource(T.objectV2, "o", { content: "x" }, otc))).violations).toEqual([]);
    });

    it("refuses AES256 (SSE-S3) on OTC, naming the field and the fix", async () => {
        const [v] = (await run(policy, resource(T.object, "aes", { serverSideEncryption: "AES256" }, otc))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain(
            'aws:s3/bucketObject:BucketObject "aes": serverSideEncryption is "AES256". OTC OBS does not support SSE-S3 (AES256)',
        );
        expect(v.message).toContain('Fix: set serverSideEncryption to "aws:kms"');
    });

    it("accepts AES256 on Huawei Cloud, where it is SSE-OBS", async () => {
        expect((await run(policy, resource(T.object, "aes", { serverSideEncryption: "AES256" }, huawei))).violations).toEqual([]);
    });

    it("flags kmsKeyId with AES256 as a contradictory request, at advisory, on every cloud", async () => {
        const props = { content: "x", kmsKeyId: KMS_KEY, serverSideEncryption: "AES256" };
        const [hw] = (await run(policy, resource(T.objectV2, "mixed", props, huawei))).violations;
        assert(hw);
        expect(hw.enforcementLevel).toBe("advisory");
        expect(hw.message).toContain(
            'aws:s3/bucketObjectv2:BucketObjectv2 "mixed": kmsKeyId is set together with serverSideEncryption "AES256", a contradictory request: ' +
                "the provider sends the KMS key id but replaces the aws:kms algorithm that goes with it by AES256.",
        );
        expect(hw.message).toContain('Fix: set serverSideEncryption to "aws:kms" (or remove it: kmsKeyId alone already asks for SSE-KMS).');
        expect(hw.message).not.toContain(KMS_KEY);
        // On OTC the AES256 value is refused on its own (mandatory); the contradiction is still said.
        const otcRun = await run(policy, resource(T.objectV2, "mixed", props, otc));
        expect(otcRun.violations.map((v) => v.enforcementLevel)).toEqual(["mandatory", "advisory"]);
        expect(at(otcRun.violations, 1).message).toContain("a contradictory request");
        // Neither alone, nor aws:kms with a key, is a contradiction.
        expect(
            (await run(policy, resource(T.objectV2, "o", { kmsKeyId: KMS_KEY, serverSideEncryption: "aws:kms" }, huawei))).violations,
        ).toEqual([]);
        expect((await run(policy, resource(T.objectV2, "o", { kmsKeyId: KMS_KEY }, huawei))).violations).toEqual([]);
    });

    it.each(["aws:kms:dsse", "aws:fsx", "sm4"])("refuses %s everywhere", async (alg) => {
        for (const p of [otc, huawei]) {
            const [v] = (await run(policy, resource(T.objectV2, "o", { serverSideEncryption: alg }, p))).violations;
            assert(v);
            expect(v.message).toContain(`OBS does not support the server-side encryption "${alg}"`);
        }
    });

    it("checks bucket default encryption in Bucket, BucketV2 and BucketServerSideEncryptionConfiguration", async () => {
        const b = await run(
            policy,
            resource(
                T.bucket,
                "b",
                { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } },
                otc,
            ),
        );
        expect(at(b.violations, 0).message).toContain(
            'serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm is "AES256"',
        );
        const v2 = await run(
            policy,
            resource(
                T.bucketV2,
                "b",
                {
                    serverSideEncryptionConfigurations: [
                        { rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms:dsse" }] }] },
                    ],
                },
                otc,
            ),
        );
        expect(v2.violations).toHaveLength(1);
        const cfg = await run(
            policy,
            resource(T.sseConfig, "e", { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, otc),
        );
        expect(cfg.violations).toEqual([]);
    });

    it("waits, at advisory, on an algorithm unknown during preview", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "o", { serverSideEncryption: UNKNOWN.string }, otc))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("serverSideEncryption is unknown during preview");
    });

    it("reports malformed encryption inputs by field", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "o", { serverSideEncryption: ["aws:kms"] }, otc))).violations;
        assert(v);
        expect(v.message).toContain("serverSideEncryption must be a string, got an array of 1");
        const [c] = (
            await run(policy, resource(T.copy, "c", { customerAlgorithm: "AES256", customerKey: SSE_C_KEY, kmsKeyId: KMS_KEY }, otc))
        ).violations;
        assert(c);
        expect(c.message).toContain("are both set");
    });

    it("is advisory about any SSE requested through the eu-ch2 S3 API", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "o", { serverSideEncryption: "aws:kms" }, swiss));
        expect(violations).toHaveLength(1);
        expect(violations[0]).toMatchObject({ enforcementLevel: "advisory", message: expect.stringContaining("eu-ch2 (Swiss) S3 API") });
        expect((await run(policy, resource(T.objectV2, "o", { content: "x" }, swiss))).violations).toEqual([]);
        expect((await run(policy, resource(T.copy, "c", { customerKey: SSE_C_KEY }, swiss))).violations).toHaveLength(1);
    });
});
