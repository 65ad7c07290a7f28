import { assert, describe, expect, it } from "vitest";
import { copySourcePolicy } from "../../policies/rules/copySource";
import { inheritedEncryptionPolicy } from "../../policies/rules/inheritedEncryption";
import { secureTransportPolicy } from "../../policies/rules/secureTransportPolicy";
import { runStackPolicy as run } from "../helpers/runStack";
import { awsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../helpers/fixtures";
import type { WireResource, WireValue } from "../../engine/wire";
import { at } from "../support/items";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const https = awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" });
const aws = awsProvider({ name: "aws" });

/** How outputs look during preview: attributes the provider computes are unknown unless set. */
function previewObject(props: Record<string, WireValue>): Record<string, WireValue> {
    return { serverSideEncryption: UNKNOWN.string, kmsKeyId: UNKNOWN.string, ...props };
}
/** How outputs look after an update: unset attributes come back empty. */
function updatedObject(props: Record<string, WireValue>): Record<string, WireValue> {
    return { serverSideEncryption: "", kmsKeyId: "", ...props };
}

function bucket(name: string, provider = http, sse?: string, extra: Record<string, WireValue> = {}): WireResource {
    const props: Record<string, WireValue> = { bucket: name, ...extra };
    if (sse) props.serverSideEncryptionConfiguration = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: sse } } };
    return resource(T.bucket, name, props, provider);
}
function inBucket(r: WireResource, b: WireResource): WireResource {
    return { ...r, propertyDependencies: { bucket: [b.urn] }, dependencies: [b.urn] };
}

describe("obs-sse-inherited-encryption", () => {
    for (const [shape, outputs] of [
        ["preview outputs", previewObject],
        ["updated outputs", updatedObject],
    ] as const) {
        it(`${shape}: an unencrypted object in a KMS-default bucket over HTTP breaks the SSE-KMS rows`, async () => {
            const b = bucket("data", http, "aws:kms");
            const o = inBucket(resource(T.objectV2, "plain", outputs({ bucket: UNKNOWN.string, key: "a.txt", content: "x" }), http), b);
            const { violations } = await run(inheritedEncryptionPolicy, [b, o]);
            expect(violations).toHaveLength(1);
            expect(at(violations, 0).urn).toBe(o.urn);
            expect(at(violations, 0).enforcementLevel).toBe("advisory");
            expect(at(violations, 0).message).toContain("OBS documents no transfer rule for objects that inherit their encryption");
            expect(at(violations, 0).message).toContain(
                "PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object over HTTP: otc-s3 matrix table 2",
            );
        });
    }

    it("links by bucket name, and via a separate BucketServerSideEncryptionConfiguration", async () => {
        const b = bucket("named", http);
        const cfg = {
            ...resource(
                T.sseConfig,
                "named-sse",
                { bucket: "named", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS_KEY } }] },
                http,
            ),
        };
        const o = resource(T.object, "by-name", updatedObject({ bucket: "named", key: "k", content: "x" }), http);
        const { violations } = await run(inheritedEncryptionPolicy, [b, cfg, o]);
        expect(violations.map((v) => v.urn)).toEqual([o.urn]);
    });

    it("stays quiet for HTTPS, for encrypted objects, for buckets without KMS default, and off OBS", async () => {
        const b = bucket("s", https, "aws:kms");
        expect(
            (
                await run(inheritedEncryptionPolicy, [
                    b,
                    inBucket(resource(T.objectV2, "o", updatedObject({ key: "k", content: "x" }), https), b),
                ])
            ).violations,
        ).toEqual([]);
        const bh = bucket("h", http, "aws:kms");
        expect(
            (
                await run(inheritedEncryptionPolicy, [
                    bh,
                    inBucket(resource(T.objectV2, "o", { key: "k", content: "x", kmsKeyId: KMS_KEY }, http), bh),
                ])
            ).violations,
        ).toEqual([]);
        const plain = bucket("p", http);
        expect(
            (await run(inheritedEncryptionPolicy, [plain, inBucket(resource(T.objectV2, "o", updatedObject({ key: "k" }), http), plain)]))
                .violations,
        ).toEqual([]);
        const awsB = bucket("a", aws, "aws:kms");
        expect(
            (await run(inheritedEncryptionPolicy, [awsB, inBucket(resource(T.objectV2, "o", updatedObject({ key: "k" }), aws), awsB)]))
                .violations,
        ).toEqual([]);
    });

    it("says so when the link or the bucket default cannot be known during preview", async () => {
        const orphan = resource(T.objectV2, "orphan", previewObject({ bucket: UNKNOWN.string, key: "k" }), http);
        const [v] = (await run(inheritedEncryptionPolicy, [orphan])).violations;
        assert(v);
        expect(v).toMatchObject({ urn: orphan.urn, enforcementLevel: "advisory" });
        expect(v.message).toContain("cannot tell which bucket it is in, because its bucket input is computed");
        const b = bucket("u", http, undefined, {
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: UNKNOWN.string } } },
        });
        const [w] = (await run(inheritedEncryptionPolicy, [b, inBucket(resource(T.objectV2, "o", updatedObject({ key: "k" }), http), b)]))
            .violations;
        assert(w);
        expect(w.message).toContain("default encryption of its bucket");
    });
});

describe("signatures in the stack policies (providerSignatures)", () => {
    const kmsBucketWithPlainObject = (p: WireResource["provider"]): [WireResource, WireResource] => {
        const b = bucket("sig", p, "aws:kms");
        return [b, inBucket(resource(T.objectV2, "plain", updatedObject({ key: "a.txt", content: "x" }), p), b)];
    };

    it("obs-sse-inherited-encryption: a V2-signed upload that inherits SSE-KMS breaks table 2 even over HTTPS", async () => {
        const [b, o] = kmsBucketWithPlainObject(https);
        const { violations } = await run(inheritedEncryptionPolicy, [b, o], { providerSignatures: { "obs-https": "V2" } });
        expect(violations).toHaveLength(1);
        expect(violations[0]).toMatchObject({ urn: o.urn, enforcementLevel: "advisory" });
        expect(at(violations, 0).message).toContain(
            'PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object signed V2 (policy option providerSignatures["obs-https"]): otc-s3 matrix table 2',
        );
        expect(at(violations, 0).message).toContain("row 1: HTTPS, V4");
        expect(at(violations, 0).message).toContain("sign these requests with V4");
        expect(at(violations, 0).message).not.toContain("to an https:// endpoint");
        // Signed V4 (what the aws provider sends), nothing breaks.
        expect((await run(inheritedEncryptionPolicy, [b, o], { providerSignatures: { "obs-https": "V4" } })).violations).toEqual([]);
    });

    it("obs-sse-inherited-encryption: a forced native edition still judges the signature, and says by which table", async () => {
        const [b, o] = kmsBucketWithPlainObject(https);
        for (const edition of ["huawei-obs", "otc-obs"]) {
            const { violations } = await run(inheritedEncryptionPolicy, [b, o], { edition, providerSignatures: { "obs-https": "V2" } });
            expect(violations).toHaveLength(1);
            expect(at(violations, 0).message).toContain("signed V2");
            expect(at(violations, 0).message).toContain("otc-s3 matrix table 2");
            expect(at(violations, 0).message).toContain(`(${edition})`);
        }
    });

    it("obs-sse-inherited-encryption: an OBS-signed request is reported as not judged, never dropped silently", async () => {
        const [b, o] = kmsBucketWithPlainObject(http);
        const [v] = (await run(inheritedEncryptionPolicy, [b, o], { providerSignatures: { "obs-http": "OBS" } })).violations;
        assert(v);
        expect(v.message).toContain("over HTTP: otc-s3 matrix table 2");
        expect(v.message).toContain(
            'The OBS signature (policy option providerSignatures["obs-http"]) is not judged: no published OBS table has a signature column',
        );
    });

    it("obs-sse-copy-source: a V2 copy into SSE-KMS is the copy's own row, reported per resource, not again here", async () => {
        const b = bucket("src", https);
        const src = resource(T.objectV2, "kms-src", updatedObject({ bucket: "src", key: "k", kmsKeyId: KMS_KEY }), https);
        const copy = resource(T.copy, "dup", { bucket: "dst", key: "d", source: "src/k", kmsKeyId: KMS_KEY }, https);
        expect((await run(copySourcePolicy, [b, src, copy], { providerSignatures: { "obs-https": "V2" } })).violations).toEqual([]);
        // Over HTTP, the copy from an SSE-C source into an unencrypted target breaks nothing by protocol or V2 signature.
        const sealed = resource(
            T.copy,
            "sealed",
            { bucket: "src", key: "s", source: "other/x", customerAlgorithm: "AES256", customerKey: SSE_C_KEY },
            http,
        );
        const plain = resource(
            T.copy,
            "plain",
            { bucket: "dst", key: "p", source: "src/s", sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY },
            http,
        );
        expect((await run(copySourcePolicy, [b, sealed, plain], { providerSignatures: { "obs-http": "V2" } })).violations).toEqual([]);
    });
});

describe("obs-sse-copy-source", () => {
    const sseCSource = (p = https) =>
        resource(
            T.copy,
            "sealed",
            { bucket: "src", key: "sealed.bin", source: "other/x", customerAlgorithm: "AES256", customerKey: SSE_C_KEY },
            p,
        );

    it("fails a copy of an SSE-C source that lacks the source key, naming what to add", async () => {
        const b = bucket("src", https);
        const src = sseCSource();
        const copy = resource(T.copy, "dup", { bucket: "dst", key: "dup.bin", source: "src/sealed.bin" }, https);
        const { violations } = await run(copySourcePolicy, [b, src, copy]);
        expect(violations).toHaveLength(1);
        expect(violations[0]).toMatchObject({ urn: copy.urn, enforcementLevel: "mandatory" });
        expect(at(violations, 0).message).toContain(
            'copies aws:s3/objectCopy:ObjectCopy "sealed", which is SSE-C encrypted, but does not set sourceCustomerAlgorithm and sourceCustomerKey',
        );
        expect(at(violations, 0).message).toContain("the pack will not invent it");
        expect(at(violations, 0).message).not.toContain(SSE_C_KEY);
    });

    it("passes when the source key is given; links by propertyDependencies too", async () => {
        const src = sseCSource();
        const copy = {
            ...resource(
                T.copy,
                "dup",
                { bucket: "dst", key: "d", source: UNKNOWN.string, sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY },
                https,
            ),
            propertyDependencies: { source: [src.urn] },
        };
        expect((await run(copySourcePolicy, [src, copy])).violations).toEqual([]);
        const bare = { ...copy, properties: { bucket: "dst", key: "d", source: UNKNOWN.string } };
        expect(at((await run(copySourcePolicy, [src, bare])).violations, 0).message).toContain(
            "does not set sourceCustomerAlgorithm and sourceCustomerKey",
        );
    });

    it("uses the source's real encryption to pick the Huawei SSE-OBS row", async () => {
        const b = bucket("hw", http);
        const src = resource(T.objectV2, "obs-managed", updatedObject({ bucket: "hw", key: "k", serverSideEncryption: "AES256" }), http);
        const copy = resource(T.copy, "to-plain", { bucket: "hw", key: "k2", source: "hw/k" }, http);
        // huawei-obs table 3 row 11 (SSE-OBS source -> unencrypted target) allows HTTP: nothing to say.
        expect((await run(copySourcePolicy, [b, src, copy], { edition: "huawei-obs" })).violations).toEqual([]);
        const toKms = resource(T.copy, "to-kms", { bucket: "hw", key: "k3", source: "hw/k", kmsKeyId: KMS_KEY }, http);
        // Table 3 row 3 (SSE-OBS -> SSE-KMS) needs HTTPS, but the copy's own row already says so: reported per resource, not twice.
        expect((await run(copySourcePolicy, [b, src, toKms], { edition: "huawei-obs" })).violations).toEqual([]);
    });

    it("waits on a source link or encryption it cannot know, and ignores sources outside the stack", async () => {
        const copy = resource(T.copy, "c", { bucket: "dst", key: "d", source: UNKNOWN.string }, https);
        expect((await run(copySourcePolicy, [copy])).violations[0]).toMatchObject({
            enforcementLevel: "advisory",
            message: expect.stringContaining("cannot tell which object it copies"),
        });
        const outside = resource(T.copy, "c", { bucket: "dst", key: "d", source: "elsewhere/x" }, https);
        expect((await run(copySourcePolicy, [outside])).violations).toEqual([]);
    });
});

describe("obs-secure-transport-policy", () => {
    const denyHttp = (name: string) =>
        JSON.stringify({
            Version: "2008-10-17",
            Statement: [
                {
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });

    it("flags a bucket of SSE-KMS objects without a deny-HTTP policy, with a statement to add", async () => {
        const b = bucket("vault", https);
        const o = inBucket(resource(T.objectV2, "secret-report", updatedObject({ key: "k", kmsKeyId: KMS_KEY }), https), b);
        const [v] = (await run(secureTransportPolicy, [b, o])).violations;
        assert(v);
        expect(v.urn).toBe(b.urn);
        expect(v.message).toContain(
            'holds encrypted objects ("secret-report"), but it has no bucket policy that denies every request to the bucket and its objects where aws:SecureTransport is false',
        );
        expect(v.message).toContain('"Condition":{"Bool":{"aws:SecureTransport":"false"}}');
        expect(v.message).toContain("arn:aws:s3:::vault/*");
    });

    it("accepts the policy as a JSON string or an object, attached by dependency or by name, or inline", async () => {
        const b = bucket("vault", https, "aws:kms");
        const byDep = {
            ...resource(T.policy, "p", { bucket: UNKNOWN.string, policy: denyHttp("vault") }, https),
            propertyDependencies: { bucket: [b.urn] },
        };
        expect((await run(secureTransportPolicy, [b, byDep])).violations).toEqual([]);
        const asObject = resource(T.policy, "p", { bucket: "vault", policy: JSON.parse(denyHttp("vault")) }, https);
        expect((await run(secureTransportPolicy, [b, asObject])).violations).toEqual([]);
        const inline = bucket("vault", https, "aws:kms", { policy: denyHttp("vault") });
        expect((await run(secureTransportPolicy, [inline])).violations).toEqual([]);
    });

    it("reports policies that allow HTTP, invalid JSON, and waits on computed ones", async () => {
        const b = bucket("vault", https, "aws:kms");
        const allow = resource(
            T.policy,
            "p",
            { bucket: "vault", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject" }] }) },
            https,
        );
        expect(at((await run(secureTransportPolicy, [b, allow])).violations, 0).message).toContain(
            "none of its bucket policies denies every request",
        );
        const broken = resource(T.policy, "broken", { bucket: "vault", policy: "{not json" }, https);
        const out = (await run(secureTransportPolicy, [b, broken])).violations;
        expect(out[0]).toMatchObject({ urn: broken.urn, message: expect.stringContaining("policy is not valid JSON (9 characters)") });
        const computed = resource(T.policy, "c", { bucket: "vault", policy: UNKNOWN.string }, https);
        expect((await run(secureTransportPolicy, [b, computed])).violations[0]).toMatchObject({
            enforcementLevel: "advisory",
            message: expect.stringContaining("unknown during preview"),
        });
    });

    it("in preview outputs, an unset (unknown) inline policy and encryption block are not waited on", async () => {
        const b = bucket("fresh", https, undefined, { policy: UNKNOWN.string, serverSideEncryptionConfiguration: UNKNOWN.object });
        const o = inBucket(resource(T.objectV2, "kms", previewObject({ key: "k", kmsKeyId: KMS_KEY }), https), b);
        const [v] = (await run(secureTransportPolicy, [b, o])).violations;
        assert(v);
        expect(v).toMatchObject({ urn: b.urn, enforcementLevel: "advisory" });
        expect(v.message).toContain("it has no bucket policy that denies every request");
        const plain = inBucket(resource(T.objectV2, "plain", previewObject({ key: "p" }), http), {
            ...b,
            properties: { ...b.properties },
            provider: http,
        });
        expect((await run(inheritedEncryptionPolicy, [{ ...b, provider: http }, plain])).violations).toEqual([]);
    });

    it("ignores buckets without encrypted objects and buckets off OBS", async () => {
        const b = bucket("plain", https);
        expect(
            (await run(secureTransportPolicy, [b, inBucket(resource(T.objectV2, "o", updatedObject({ key: "k" }), https), b)])).violations,
        ).toEqual([]);
        expect((await run(secureTransportPolicy, [bucket("aws", aws, "aws:kms")])).violations).toEqual([]);
    });
});

describe("the stack view", () => {
    it("maps each bucket to exactly its own objects, across hundreds of buckets", async () => {
        const { StackView } = await import("../../policies/stack/view.js");
        const { stackResources } = await import("../helpers/runStack.js");
        const wires: WireResource[] = [];
        for (let i = 0; i < 300; i++) {
            const b = bucket(`b${i}`, https, "aws:kms");
            wires.push(b, inBucket(resource(T.objectV2, `o${i}`, updatedObject({ key: "k" }), https), b));
        }
        const view = new StackView(stackResources(wires) as never);
        expect(view.buckets).toHaveLength(300);
        for (const b of view.buckets) expect(view.objectsIn(b).map((o) => o.resource.name)).toEqual([`o${b.resource.name.slice(1)}`]);
    });
});
