import { describe, expect, it } from "vitest";
import { transferProtocolPolicy as policy } from "../../policies/rules/transferProtocol";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, defaultAwsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../helpers/fixtures";

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
        const [v] = violations;
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
        expect(violations[0].message).toContain('the default aws provider "default_7_48_0" [stack config aws:*]');
        expect(violations[0].message).toContain("Fix: set the s3 entry of stack config aws:endpoints to https://obs.eu-de.otc.t-systems.com.");
        // Size unknown: single PUT and the multipart path are both checked.
        expect(violations[0].message).toMatch(/PUT Object[\s\S]*Initiate Multipart Upload[\s\S]*Upload Part/);
    });

    it("checks SSE-C copies against table 3 and the read-back against table 1", async () => {
        const { violations } = await run(policy, resource(T.copy, "c", { source: "b/k", customerAlgorithm: "AES256", customerKey: SSE_C_KEY }, http));
        expect(violations[0].message).toContain("PUT Object - Copy (create/update, via CopyObject) from an unencrypted object to an SSE-C-encrypted object: otc-s3 matrix table 3");
        expect(violations[0].message).toContain("row 4: HTTPS, V2 or V4");
        expect(violations[0].message).toContain("HEAD Object (refresh/read) on an SSE-C-encrypted object: otc-s3 matrix table 1");
        expect(violations[0].message).not.toContain(SSE_C_KEY);
    });

    it("allows what the matrix allows over HTTP: unencrypted objects, copies into unencrypted targets", async () => {
        expect((await run(policy, resource(T.objectV2, "plain", { content: "x" }, http))).violations).toEqual([]);
        const copy = resource(T.copy, "c", { source: "b/k", sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY }, http);
        expect((await run(policy, copy)).violations).toEqual([]);
    });

    it("decides from a kmsKeyId that is unknown during preview", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "computed-key", { content: "x", kmsKeyId: UNKNOWN.string }, http));
        expect(violations).toHaveLength(1);
        expect(violations[0].enforcementLevel).toBe("mandatory");
    });

    it("waits, at advisory, on a serverSideEncryption unknown during preview", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "computed-sse", { content: "x", serverSideEncryption: UNKNOWN.string }, http));
        expect(violations).toHaveLength(1); // PUT Object waits; HEAD Object is allowed over HTTP either way
        expect(violations[0].enforcementLevel).toBe("advisory");
        expect(violations[0].message).toContain("serverSideEncryption is unknown during preview");
        expect(violations[0].message).toContain("table 2");
    });

    it("is not applicable off OBS (AWS itself, other hosts, no provider) and silent on other types", async () => {
        expect((await run(policy, resource(T.objectV2, "aws", kmsObject, awsProvider({ name: "aws" })))).notApplicable).toMatch(/sets no S3 endpoint.*go to AWS, not OBS/);
        expect((await run(policy, resource(T.objectV2, "minio", kmsObject, awsProvider({ endpoint: "http://minio.local:9000" })))).notApplicable).toMatch(/minio.local, which is not an OBS host/);
        // Types the pack never reads are passed silently: reporting "not applicable" costs an exception per resource.
        expect(await run(policy, resource("aws:ec2/instance:Instance", "vm", {}, http))).toEqual({ violations: [] });
        expect((await run(policy, resource(T.objectV2, "orphan", kmsObject))).notApplicable).toBe("the engine sent no provider for this resource");
        expect((await run(policy, resource(T.objectV2, "rnd", kmsObject, { ...http, type: "pulumi:providers:random" }))).notApplicable).toMatch(/pulumi:providers:random is not one the pack reads/);
    });

    it("takes extra OBS hosts from the obsHosts option", async () => {
        const gw = awsProvider({ name: "gw", endpoint: "http://obs-gw.corp.example" });
        expect((await run(policy, resource(T.objectV2, "o", kmsObject, gw))).notApplicable).toBeDefined();
        expect((await run(policy, resource(T.objectV2, "o", kmsObject, gw), { obsHosts: ["*.corp.example"] })).violations).toHaveLength(1);
    });

    it("reports endpoints it cannot read, naming the field, never guessing", async () => {
        const noScheme = awsProvider({ name: "bare", endpoint: "obs.eu-de.otc.t-systems.com" });
        const [v] = (await run(policy, resource(T.objectV2, "o", kmsObject, noScheme))).violations;
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain('aws provider "bare", whose endpoints[0].s3 (27 characters, host obs.eu-de.otc.t-systems.com) has no scheme');
        const badJson = awsProvider({ name: "bad", raw: { endpoints: "[{" } });
        expect((await run(policy, resource(T.objectV2, "o", kmsObject, badJson))).violations[0].message).toContain("whose endpoints is not valid JSON (2 characters)");
        // A scheme-less endpoint whose host is clearly not OBS is out of scope, not an error.
        expect((await run(policy, resource(T.objectV2, "o", kmsObject, awsProvider({ endpoint: "minio.local:9000" })))).notApplicable).toBeDefined();
    });

    it("waits, at advisory, on an endpoint unknown during preview", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "o", kmsObject, awsProvider({ endpoint: UNKNOWN.string })))).violations;
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("is computed and unknown during preview");
    });

    it("says so when its options are malformed, and carries on with the defaults", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "o", kmsObject, http), { obsHosts: "obs.example", edition: "aws" });
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["advisory", "advisory", "mandatory"]);
        expect(violations[0].message).toContain('policy option obsHosts must be a list of host names, got "obs.example"');
        expect(violations[1].message).toContain('policy option edition must be one of otc-s3, otc-obs, huawei-obs, got "aws"');
    });

    it("uses a forced matrix edition", async () => {
        const { violations } = await run(policy, resource(T.objectV2, "o", kmsObject, http), { edition: "huawei-obs" });
        expect(violations[0].message).toContain("huawei-obs matrix table 2");
    });
});
