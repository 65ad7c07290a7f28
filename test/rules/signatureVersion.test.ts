import { assert, describe, expect, it } from "vitest";
import { signatureVersionPolicy as policy } from "../../policies/rules/signatureVersion";
import { MATRIX } from "../../policies/matrix";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../helpers/fixtures";
import { at } from "../support/items";

const gw = awsProvider({ name: "gateway", endpoint: "https://obs.eu-de.otc.t-systems.com" });
const kmsObject = resource(T.objectV2, "o", { content: "x", kmsKeyId: KMS_KEY }, gw);
const sseCCopy = resource(T.copy, "c", { source: "b/k", customerAlgorithm: "AES256", customerKey: SSE_C_KEY }, gw);

describe("obs-sse-signature-version", () => {
    it("has nothing to say without providerSignatures: every S3-compatible row admits V4, which the aws provider signs with", async () => {
        // The invariant that makes the policy inert by default, stated so a matrix change that breaks it fails here.
        const rows = [...MATRIX["otc-s3"].objectTables, ...MATRIX["otc-s3"].copyTables].flatMap((t) => t.rows.map((r) => r.signature));
        expect(rows.length).toBe(32);
        expect(rows.filter((cell) => !(cell ?? "").split(" or ").includes("V4"))).toEqual([]);
        // So the policy can only fire through providerSignatures: the same resources fail once V2 is declared.
        expect((await run(policy, kmsObject)).violations).toEqual([]);
        expect((await run(policy, kmsObject, { providerSignatures: { gateway: "V2" } })).violations).toHaveLength(1);
    });

    it("fails V2-signed SSE-KMS uploads declared through providerSignatures by name", async () => {
        const { violations } = await run(policy, kmsObject, { providerSignatures: { gateway: "V2" } });
        expect(violations).toHaveLength(1);
        expect(at(violations, 0).enforcementLevel).toBe("mandatory");
        expect(at(violations, 0).message).toContain(
            'would send V2-signed requests (policy option providerSignatures["gateway"], aws provider "gateway")',
        );
        expect(at(violations, 0).message).toContain(
            "PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object: otc-s3 matrix table 2",
        );
        expect(at(violations, 0).message).toContain("Fix: sign these requests with V4");
    });

    it("allows V2 where the matrix does (SSE-C rows)", async () => {
        expect((await run(policy, sseCCopy, { providerSignatures: { gateway: "V2" } })).violations).toEqual([]);
    });

    it("resolves providerSignatures by URN before name before type", async () => {
        const byType = await run(policy, kmsObject, { providerSignatures: { "pulumi:providers:aws": "V2" } });
        expect(at(byType.violations, 0).message).toContain('providerSignatures["pulumi:providers:aws"]');
        const byUrn = await run(policy, kmsObject, { providerSignatures: { "pulumi:providers:aws": "V2", [gw.urn]: "V4", gateway: "V2" } });
        expect(byUrn.violations).toEqual([]);
    });

    it("judges V2/V4 by the OTC S3 table's signature column whatever edition judges the protocol, and says why", async () => {
        // Forcing a native edition no longer drops the signature check: the native tables have no signature column.
        expect((await run(policy, kmsObject, { edition: "otc-obs" })).violations).toEqual([]);
        const [forced] = (await run(policy, kmsObject, { edition: "otc-obs", providerSignatures: { gateway: "V2" } })).violations;
        assert(forced);
        expect(forced.enforcementLevel).toBe("mandatory");
        expect(forced.message).toContain(
            "PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object: otc-s3 matrix table 2",
        );
        expect(forced.message).toContain(
            "The native-API table (otc-obs) has no signature column, so the signature is judged by the same cloud's S3-compatible API table (otc-s3).",
        );
        // A Huawei host: Huawei publishes no signature column; the message says which table is cited and why.
        const hw = awsProvider({ name: "hw", endpoint: "https://obs.cn-north-4.myhuaweicloud.com" });
        const [v] = (
            await run(policy, resource(T.objectV2, "o", { content: "x", kmsKeyId: KMS_KEY }, hw), { providerSignatures: { hw: "V2" } })
        ).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain("otc-s3 matrix table 2");
        expect(v.message).toContain("Huawei Cloud publishes its SSE table (huawei-obs) without a signature column");
        // On an OTC host the S3 table is the protocol's own: no note.
        const [otc] = (await run(policy, kmsObject, { providerSignatures: { gateway: "V2" } })).violations;
        assert(otc);
        expect(otc.message).not.toContain("signature column");
    });

    it("is not applicable to the native OBS signature, which no published table has a column for", async () => {
        const r = await run(policy, kmsObject, { providerSignatures: { gateway: "OBS" } });
        expect(r.violations).toEqual([]);
        expect(r.notApplicable).toContain(
            'aws provider "gateway" signs with OBS (policy option providerSignatures["gateway"]): no published OBS table has a signature column',
        );
        expect((await run(policy, kmsObject, { edition: "huawei-obs", providerSignatures: { gateway: "OBS" } })).notApplicable).toMatch(
            /no published OBS table/,
        );
    });

    it("waits on an unknown serverSideEncryption", async () => {
        const r = resource(T.objectV2, "u", { content: "x", serverSideEncryption: UNKNOWN.string }, gw);
        const [v] = (await run(policy, r, { providerSignatures: { gateway: "V2" } })).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("serverSideEncryption is unknown during preview, so the signature check waits");
    });

    it("reports a malformed providerSignatures option and ignores it", async () => {
        const { violations } = await run(policy, kmsObject, { providerSignatures: { gateway: "V3" } });
        expect(violations).toHaveLength(1);
        expect(violations[0]).toMatchObject({
            enforcementLevel: "advisory",
            message: expect.stringContaining('providerSignatures["gateway"] must be V2, V4 or OBS, got a string of 2 characters'),
        });
        const list = await run(policy, kmsObject, { providerSignatures: ["V2"] });
        expect(at(list.violations, 0).message).toContain("must be a map of provider name, URN or type");
    });

    it("is not applicable to providers outside OBS", async () => {
        expect((await run(policy, resource(T.objectV2, "o", {}, awsProvider({ name: "aws" })))).notApplicable).toMatch(/go to AWS/);
    });
});
