import { assert, describe, expect, it } from "vitest";
import { transferProtocolPolicy as policy } from "../../policies/rules/transferProtocol";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, defaultAwsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../helpers/fixtures";
import type { WireProvider, WireResource } from "../../engine/wire";
import { at, only } from "../support/items";

/** The provider resource itself, as the engine analyzes it. */
const self = (p: WireProvider): WireResource => ({ urn: p.urn, type: p.type, name: p.name, properties: p.properties });

const https = awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" });
const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const kmsObject = { bucket: "b", key: "k", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: KMS_KEY };

describe("obs-sse-transfer-protocol", () => {
    it("passes SSE-KMS uploads over HTTPS", async () => {
        expect(await run(policy, resource(T.objectV2, "ok", kmsObject, https))).toEqual({ violations: [] });
    });

    it("fails an SSE-KMS upload over HTTP, citing interface, table, row, endpoint and fix", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "report", kmsObject, http));
        expect(violations).toHaveLength(1);
        const v = only(violations);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain('aws:s3/bucketObjectv2:BucketObjectv2 "report" would call OBS over HTTP');
        expect(v.message).toContain("PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object: otc-s3 matrix table 2");
        expect(v.message).toContain("row 1: HTTPS, V4");
        expect(v.message).toContain('Endpoint seen: http://obs.eu-de.otc.t-systems.com (aws provider "obs-http")');
        expect(v.message).toContain('Fix: set endpoints[0].s3 of provider "obs-http" to https://obs.eu-de.otc.t-systems.com.');
        // HEAD Object on SSE-KMS allows HTTP (table 2 row 4), so it is not listed.
        expect(v.message).not.toContain("HEAD Object");
    });

    it("names the stack config key when the default provider is at fault", async () => {
        const def = defaultAwsProvider({ region: "eu-de", endpoints: '[{"s3":"http://obs.eu-de.otc.t-systems.com"}]' });
        const { violations } = await run(policy, resource(T.object, "legacy", { kmsKeyId: KMS_KEY, source: "./f" }, def));
        expect(at(violations, 0).message).toContain('the default aws provider "default_7_48_0" [stack config aws:*]');
        expect(at(violations, 0).message).toContain(
            "Fix: set the s3 entry of stack config aws:endpoints to https://obs.eu-de.otc.t-systems.com.",
        );
        // Size unknown: the two upload paths are listed as alternatives, each a "may call"; both
        // break their rows, so the finding stays mandatory.
        expect(at(violations, 0).enforcementLevel).toBe("mandatory");
        expect(at(violations, 0).message).toContain(
            '"legacy" would call OBS over HTTP, which the OBS SSE matrix does not allow for:\n' +
                "  - if the body is 5 MiB or less (its size is unknown to the pack), it may call:\n" +
                "      - PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object: otc-s3 matrix table 2",
        );
        expect(at(violations, 0).message).toContain(
            "  - if the body is over 5 MiB (its size is unknown to the pack), it may call:\n" +
                "      - Initiate Multipart Upload (create/update, body over 5 MiB) on an SSE-KMS-encrypted object: otc-s3 matrix table 2",
        );
        expect(at(violations, 0).message).toMatch(
            /row 3: HTTPS, V4\n {6}- Upload Part \(create\/update, body over 5 MiB\) on an SSE-KMS-encrypted part/,
        );
    });

    it("checks SSE-C copies against table 3 and the read-back against table 1", async () => {
        const { violations } = await run(
            policy,
            resource(T.copy, "c", { source: "b/k", customerAlgorithm: "AES256", customerKey: SSE_C_KEY }, http),
        );
        // The copy's inputs do not say how its source is encrypted: every candidate breaks its row, and the message says the source is unknown.
        expect(at(violations, 0).message).toContain(
            "PUT Object - Copy (create/update, via CopyObject) from a source object whose encryption is unknown to the pack (unencrypted or SSE-KMS-encrypted; each breaks its row) to an SSE-C-encrypted object: otc-s3 matrix table 3",
        );
        expect(at(violations, 0).message).toContain("row 4: HTTPS, V2 or V4 (for an unencrypted source); otc-s3 matrix table 3");
        expect(at(violations, 0).message).toContain("row 5: HTTPS, V2 or V4 (for an SSE-KMS-encrypted source)");
        expect(at(violations, 0).message).not.toContain("from an unencrypted object");
        // HEAD Object runs right after create and update too, not only on refresh.
        expect(at(violations, 0).message).toContain(
            "HEAD Object (after create/update, and on refresh) on an SSE-C-encrypted object: otc-s3 matrix table 1",
        );
        expect(at(violations, 0).message).not.toContain(SSE_C_KEY);
    });

    it("allows what the matrix allows over HTTP: unencrypted objects, copies into unencrypted targets", async () => {
        expect((await run(policy, resource(T.objectV2, "plain", { content: "x" }, http))).violations).toEqual([]);
        const copy = resource(T.copy, "c", { source: "b/k", sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY }, http);
        expect((await run(policy, copy)).violations).toEqual([]);
    });

    it("decides from a kmsKeyId that is unknown during preview", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "computed-key", { content: "x", kmsKeyId: UNKNOWN.string }, http));
        expect(violations).toHaveLength(1);
        expect(at(violations, 0).enforcementLevel).toBe("mandatory");
    });

    it("waits, at advisory, on a serverSideEncryption unknown during preview", async () => {
        const { violations } = await run(
            policy,
            resource(T.objectV2, "computed-sse", { content: "x", serverSideEncryption: UNKNOWN.string }, http),
        );
        expect(violations).toHaveLength(1); // PUT Object waits; HEAD Object is allowed over HTTP either way
        expect(at(violations, 0).enforcementLevel).toBe("advisory");
        expect(at(violations, 0).message).toContain("serverSideEncryption is unknown during preview");
        expect(at(violations, 0).message).toContain("table 2");
    });

    it("is not applicable off OBS (AWS itself, other hosts, no provider) and silent on other types", async () => {
        expect((await run(policy, resource(T.objectV2, "aws", kmsObject, awsProvider({ name: "aws" })))).notApplicable).toMatch(
            /sets no S3 endpoint.*go to AWS, not OBS/,
        );
        expect(
            (await run(policy, resource(T.objectV2, "minio", kmsObject, awsProvider({ endpoint: "http://minio.local:9000" }))))
                .notApplicable,
        ).toMatch(/minio.local, which is not an OBS host/);
        // Types the pack never reads are passed silently: reporting "not applicable" costs an exception per resource.
        expect(await run(policy, resource("aws:ec2/instance:Instance", "vm", {}, http))).toEqual({ violations: [] });
        expect((await run(policy, resource(T.objectV2, "orphan", kmsObject))).notApplicable).toBe(
            "the engine sent no provider for this resource",
        );
        expect(
            (await run(policy, resource(T.objectV2, "rnd", kmsObject, { ...http, type: "pulumi:providers:random" }))).notApplicable,
        ).toMatch(/pulumi:providers:random is not one the pack reads/);
    });

    it("takes extra OBS hosts from the obsHosts option", async () => {
        const gw = awsProvider({ name: "gw", endpoint: "http://obs-gw.corp.example" });
        expect((await run(policy, resource(T.objectV2, "o", kmsObject, gw))).notApplicable).toMatch(
            /host obs-gw\.corp\.example, which is not an OBS host \(list it in the obsHosts option/,
        );
        expect((await run(policy, resource(T.objectV2, "o", kmsObject, gw), { obsHosts: ["*.corp.example"] })).violations).toHaveLength(1);
    });

    it("reports an endpoint without a scheme once, on the provider, at advisory, with the provider's own host", async () => {
        // aws-sdk-go-v2's S3 endpoint rules refuse an endpoint whose scheme is not http or https: nothing is sent.
        const bare = awsProvider({ name: "bare", endpoint: "obs.eu-nl.otc.t-systems.com" });
        const { violations } = await run(policy, self(bare));
        expect(violations).toHaveLength(1);
        expect(at(violations, 0).enforcementLevel).toBe("advisory");
        expect(at(violations, 0).message).toContain(
            'aws provider "bare": its S3 endpoint endpoints[0].s3 (host obs.eu-nl.otc.t-systems.com) has no scheme (http:// or https://)',
        );
        expect(at(violations, 0).message).toContain("refuses this one before sending any request");
        expect(at(violations, 0).message).toContain('Fix: set endpoints[0].s3 of provider "bare" to https://obs.eu-nl.otc.t-systems.com.');
        // Unencrypted objects through it get nothing, exactly as with an explicit http:// endpoint.
        expect(await run(policy, resource(T.objectV2, "plain", { content: "x" }, bare))).toEqual({ violations: [] });
        expect(await run(policy, resource(T.objectV2, "plain", { content: "x" }, http))).toEqual({ violations: [] });
        // Encrypted ones: only the calls whose rows need HTTPS, at advisory, for when the scheme is written.
        const [v] = (await run(policy, resource(T.objectV2, "o", kmsObject, bare))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("When its scheme is written, it must be https://");
        expect(v.message).toContain("PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object: otc-s3 matrix table 2");
        expect(v.message).not.toContain("HEAD Object");
    });

    it("treats https:/host and https:host as endpoints without a host, not as a host called https", async () => {
        for (const endpoint of ["https:/obs.eu-ch2.sc.otc.t-systems.com", "https:obs.eu-ch2.sc.otc.t-systems.com"]) {
            const p = awsProvider({ name: "typo", endpoint });
            const [v] = (await run(policy, self(p))).violations;
            assert(v);
            expect(v.enforcementLevel).toBe("advisory");
            expect(v.message).toContain('(host obs.eu-ch2.sc.otc.t-systems.com) has "https:" without the "//" that introduces a host');
            expect(v.message).toContain("to https://obs.eu-ch2.sc.otc.t-systems.com.");
            expect(at((await run(policy, resource(T.objectV2, "o", kmsObject, p))).violations, 0).message).toContain("must be https://");
        }
    });

    it("points the default provider's fix at the aws:endpoints stack config, with its own Huawei host", async () => {
        const def = defaultAwsProvider({ region: "cn-north-4", endpoints: '[{"s3":"obs.cn-north-4.myhuaweicloud.com"}]' });
        const [v] = (await run(policy, self(def))).violations;
        assert(v);
        expect(v.message).toContain('the default aws provider "default_7_48_0" [stack config aws:*]');
        expect(v.message).toContain("Fix: set the s3 entry of stack config aws:endpoints to https://obs.cn-north-4.myhuaweicloud.com.");
        // Its encrypted objects cite the table Huawei publishes.
        expect(at((await run(policy, resource(T.objectV2, "o", kmsObject, def))).violations, 0).message).toContain(
            "huawei-obs matrix table 2 (SSE-KMS-related interfaces), row 1: HTTPS",
        );
    });

    it("suggests the host of the provider's region when the endpoint names none it can read", async () => {
        const broken = awsProvider({ name: "broken", endpoint: "http://[obs.eu-nl", raw: { region: "eu-nl" } });
        const [v] = (await run(policy, self(broken))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("is not a valid URL");
        expect(v.message).toContain("to https://obs.eu-nl.otc.t-systems.com.");
        const nowhere = awsProvider({ name: "nowhere", endpoint: "http://[obs", raw: { region: "mars-1" } });
        expect(at((await run(policy, self(nowhere))).violations, 0).message).toContain(
            "https://obs.<region>.otc.t-systems.com (Open Telekom Cloud) or https://obs.<region>.myhuaweicloud.com (Huawei Cloud)",
        );
    });

    it("reports endpoints inputs it cannot read, and leaves hosts that are clearly not OBS out of scope", async () => {
        const badJson = awsProvider({ name: "bad", raw: { endpoints: "[{" } });
        expect(at((await run(policy, resource(T.objectV2, "o", kmsObject, badJson))).violations, 0).message).toContain(
            "whose endpoints is not valid JSON (2 characters)",
        );
        expect(
            (await run(policy, resource(T.objectV2, "o", kmsObject, awsProvider({ endpoint: "minio.local:9000" })))).notApplicable,
        ).toMatch(/minio.local, which is not an OBS host/);
        expect((await run(policy, self(awsProvider({ endpoint: "minio.local:9000" })))).notApplicable).toMatch(
            /minio.local, which is not an OBS host/,
        );
        // A provider with a usable endpoint has nothing to report about it.
        expect(await run(policy, self(http))).toEqual({ violations: [] });
    });

    it("cites the Huawei table for an http:// Huawei host and fixes to its own host", async () => {
        const hw = awsProvider({ name: "hw", endpoint: "http://obs.ap-southeast-1.myhuaweicloud.com" });
        const [v] = (await run(policy, resource(T.objectV2, "o", kmsObject, hw))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain("huawei-obs matrix table 2 (SSE-KMS-related interfaces), row 1: HTTPS");
        expect(v.message).toContain('Fix: set endpoints[0].s3 of provider "hw" to https://obs.ap-southeast-1.myhuaweicloud.com.');
    });

    it("waits, at advisory, on an endpoint unknown during preview", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "o", kmsObject, awsProvider({ endpoint: UNKNOWN.string })))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("is computed and unknown during preview");
    });

    it("says so when its options are malformed, and carries on with the defaults", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "o", kmsObject, http), { obsHosts: "obs.example", edition: "aws" });
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["advisory", "advisory", "mandatory"]);
        expect(at(violations, 0).message).toContain("policy option obsHosts must be a list of host names, got a string of 11 characters");
        expect(at(violations, 1).message).toContain(
            "policy option edition must be one of otc-s3, otc-obs, huawei-obs, got a string of 3 characters",
        );
        // Option values are described, never quoted: a value in the wrong option may be a credential.
        expect(`${at(violations, 0).message}\n${at(violations, 1).message}`).not.toMatch(/"obs\.example"|got "aws"/);
    });

    it("uses a forced matrix edition", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "o", kmsObject, http), { edition: "huawei-obs" });
        expect(at(violations, 0).message).toContain("huawei-obs matrix table 2");
    });
});
