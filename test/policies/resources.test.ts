import { describe, expect, it } from "vitest";
import { readResource } from "../../policies/resources";
import { asRuntimeProps } from "../helpers/runPolicy";
import { KMS_KEY, SSE_C_KEY, T, UNKNOWN } from "../helpers/fixtures";
import type { WireProps } from "../../engine/wire";
import { at } from "../support/items";

const plan = (type: string, props: WireProps) => readResource(type, asRuntimeProps(props))!;
const ifaces = (type: string, props: WireProps) => plan(type, props).calls.map((c) => c.iface);
const targetOf = (type: string, props: WireProps) => at(plan(type, props).calls, 0).target;

describe("aws S3 object reader", () => {
    for (const type of [T.object, T.objectV2]) {
        it(`${type}: encryption from serverSideEncryption and kmsKeyId`, () => {
            expect(targetOf(type, { bucket: "b", key: "k" })).toEqual({ values: ["none"] });
            expect(targetOf(type, { serverSideEncryption: "aws:kms" })).toEqual({ values: ["SSE-KMS"] });
            expect(targetOf(type, { kmsKeyId: KMS_KEY })).toEqual({ values: ["SSE-KMS"] });
            expect(targetOf(type, { serverSideEncryption: "AES256" })).toEqual({ values: ["SSE-OBS"] });
            expect(targetOf(type, { serverSideEncryption: "aws:kms:dsse" })).toEqual({ values: [] });
            expect(targetOf(type, { serverSideEncryption: "aws:fsx" })).toEqual({ values: [] });
        });
    }

    it("a kmsKeyId unknown during preview still settles SSE-KMS", () => {
        expect(targetOf(T.objectV2, { kmsKeyId: UNKNOWN.string })).toEqual({ values: ["SSE-KMS"] });
        expect(targetOf(T.objectV2, { serverSideEncryption: UNKNOWN.string, kmsKeyId: UNKNOWN.string })).toEqual({ values: ["SSE-KMS"] });
    });

    it("an unknown serverSideEncryption leaves every encryption open and says so", () => {
        expect(targetOf(T.objectV2, { serverSideEncryption: UNKNOWN.string })).toEqual({
            values: ["none", "SSE-KMS", "SSE-OBS"],
            waitingOn: "serverSideEncryption",
        });
        expect(plan(T.objectV2, { serverSideEncryption: UNKNOWN.string }).algorithms).toEqual([
            { field: "serverSideEncryption", value: undefined },
        ]);
    });

    it("reports a wrongly typed serverSideEncryption by name", () => {
        const p = plan(T.objectV2, { serverSideEncryption: 256 });
        expect(p.problems).toEqual(["serverSideEncryption must be a string, got number 256"]);
        expect(at(p.calls, 0).target.values).toEqual([]);
    });

    it("calls PUT Object for small bodies, multipart for large ones, both when the size is not known; HEAD Object to read", () => {
        expect(ifaces(T.objectV2, { content: "hello" })).toEqual(["PUT Object", "HEAD Object"]);
        expect(ifaces(T.objectV2, { content: "x".repeat(5 * 1024 * 1024) })).toEqual(["PUT Object", "HEAD Object"]);
        expect(ifaces(T.objectV2, { content: "x".repeat(5 * 1024 * 1024 + 1) })).toEqual([
            "Initiate Multipart Upload",
            "Upload Part",
            "Complete Multipart Upload",
            "HEAD Object",
        ]);
        expect(ifaces(T.objectV2, { contentBase64: Buffer.alloc(6 * 1024 * 1024).toString("base64") })).toEqual([
            "Initiate Multipart Upload",
            "Upload Part",
            "Complete Multipart Upload",
            "HEAD Object",
        ]);
        const all = ["PUT Object", "Initiate Multipart Upload", "Upload Part", "Complete Multipart Upload", "HEAD Object"];
        expect(
            ifaces(T.objectV2, { source: { "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17", path: "./big.bin" } }),
        ).toEqual(all);
        expect(ifaces(T.objectV2, { content: UNKNOWN.string })).toEqual(all);
    });

    it("marks the two upload paths as alternatives only when the size is unknown, and reads back after create/update", () => {
        const paths = (props: WireProps) => plan(T.objectV2, props).calls.map((c) => [c.iface, c.path ?? "always", c.when]);
        expect(paths({ content: UNKNOWN.string })).toEqual([
            ["PUT Object", "if the body is 5 MiB or less", "create/update, body up to 5 MiB"],
            ["Initiate Multipart Upload", "if the body is over 5 MiB", "create/update, body over 5 MiB"],
            ["Upload Part", "if the body is over 5 MiB", "create/update, body over 5 MiB"],
            ["Complete Multipart Upload", "if the body is over 5 MiB", "create/update, body over 5 MiB"],
            ["HEAD Object", "always", "after create/update, and on refresh"],
        ]);
        expect(paths({ content: "hello" })).toEqual([
            ["PUT Object", "always", "create/update, body up to 5 MiB"],
            ["HEAD Object", "always", "after create/update, and on refresh"],
        ]);
        expect(plan(T.copy, { source: "b/k" }).calls.map((c) => c.when)).toEqual([
            "create/update, via CopyObject",
            "after create/update, and on refresh",
        ]);
    });

    it("never plans the matrix rows no @pulumi/aws resource calls: GET Object, POST Object, Upload Part - Copy", () => {
        const planned = new Set(
            [T.object, T.objectV2, T.copy, T.bucket, T.bucketV2, T.sseConfig].flatMap((type) =>
                ([{}, { content: UNKNOWN.string, kmsKeyId: KMS_KEY }, { source: "b/k", customerKey: SSE_C_KEY }] as WireProps[]).flatMap(
                    (props) => plan(type, props).calls.map((c) => c.iface),
                ),
            ),
        );
        expect([...planned].sort()).toEqual([
            "Complete Multipart Upload",
            "HEAD Object",
            "Initiate Multipart Upload",
            "PUT Object",
            "PUT Object - Copy",
            "Upload Part",
        ]);
    });
});

describe("aws S3 copy reader", () => {
    it("SSE-C target and source from the customer inputs; key fields listed by name", () => {
        const p = plan(T.copy, {
            source: "b/k",
            customerAlgorithm: "AES256",
            customerKey: SSE_C_KEY,
            sourceCustomerAlgorithm: "AES256",
            sourceCustomerKey: SSE_C_KEY,
        });
        expect(p.calls[0]).toMatchObject({
            iface: "PUT Object - Copy",
            target: { values: ["SSE-C"] },
            source: { values: ["SSE-C"] },
            keyFields: ["customerKey", "sourceCustomerKey"],
        });
        expect(p.calls[1]).toMatchObject({ iface: "HEAD Object", target: { values: ["SSE-C"] }, keyFields: [] });
        expect(JSON.stringify(p)).not.toContain(SSE_C_KEY);
    });

    it("a source without SSE-C inputs is unencrypted or SSE-KMS", () => {
        const p = plan(T.copy, { source: "b/k", serverSideEncryption: "aws:kms" });
        expect(at(p.calls, 0).source).toEqual({ values: ["none", "SSE-KMS"], waitingOn: "the source object's encryption" });
        expect(at(p.calls, 0).target).toEqual({ values: ["SSE-KMS"] });
    });

    it("rejects SSE-C mixed with SSE-KMS, and SSE-C algorithms other than AES256", () => {
        expect(plan(T.copy, { customerKey: SSE_C_KEY, kmsKeyId: KMS_KEY }).problems[0]).toMatch(/both set/);
        expect(plan(T.copy, { customerAlgorithm: "AES128", customerKey: SSE_C_KEY }).problems).toEqual([
            'customerAlgorithm is not "AES256", the only SSE-C algorithm OBS supports',
        ]);
        // A key pasted into the algorithm input is not echoed back.
        expect(JSON.stringify(plan(T.copy, { customerAlgorithm: SSE_C_KEY, customerKey: "AES256" }))).not.toContain(SSE_C_KEY);
        expect(plan(T.copy, { sourceCustomerAlgorithm: 5 }).problems).toEqual(["sourceCustomerAlgorithm must be a string, got number 5"]);
    });
});

describe("aws S3 bucket readers", () => {
    it("Bucket: the inline default encryption", () => {
        const p = plan(T.bucket, {
            serverSideEncryptionConfiguration: {
                rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS_KEY } },
            },
        });
        expect(p.encryption).toBeUndefined();
        expect(p).toMatchObject({
            calls: [],
            algorithms: [
                { field: "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm", value: "aws:kms" },
            ],
        });
    });

    it("BucketV2: the list-shaped default encryption", () => {
        const p = plan(T.bucketV2, {
            serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] }],
        });
        expect(p.algorithms).toEqual([
            {
                field: "serverSideEncryptionConfigurations[0].rules[0].applyServerSideEncryptionByDefaults[0].sseAlgorithm",
                value: "AES256",
            },
        ]);
    });

    it("BucketServerSideEncryptionConfiguration: every rule, unknowns and bad types", () => {
        const p = plan(T.sseConfig, {
            bucket: "b",
            rules: [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: UNKNOWN.string } },
                { applyServerSideEncryptionByDefault: { sseAlgorithm: 3 } },
            ],
        });
        expect(p.encryption).toBeUndefined();
        expect(p.algorithms).toEqual([{ field: "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", value: undefined }]);
        expect(p.problems).toEqual(["rules[1].applyServerSideEncryptionByDefault.sseAlgorithm must be a string, got number 3"]);
    });

    it("in preview outputs, a bucket's unset (hence unknown) encryption block reads as unset; a computed algorithm does not", () => {
        const outputs = (type: string, props: WireProps) => readResource(type, asRuntimeProps(props), "outputs")!;
        expect(outputs(T.bucket, { bucket: "b", serverSideEncryptionConfiguration: UNKNOWN.object }).algorithms).toEqual([]);
        expect(outputs(T.bucketV2, { bucket: "b", serverSideEncryptionConfigurations: UNKNOWN.array }).algorithms).toEqual([]);
        expect(
            outputs(T.bucket, {
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: UNKNOWN.string } } },
            }).algorithms,
        ).toEqual([{ field: "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm", value: undefined }]);
        expect(outputs(T.sseConfig, { bucket: "b", rules: UNKNOWN.array }).algorithms).toEqual([{ field: "rules", value: undefined }]);
    });

    it("a bucket without default encryption declares none", () => {
        expect(plan(T.bucket, { bucket: "b" }).algorithms).toEqual([]);
        expect(plan(T.bucket, { serverSideEncryptionConfiguration: UNKNOWN.object }).algorithms).toEqual([
            { field: "serverSideEncryptionConfiguration", value: undefined },
        ]);
    });

    it("other types are not read", () => {
        expect(readResource("aws:ec2/instance:Instance", {})).toBeUndefined();
    });
});
