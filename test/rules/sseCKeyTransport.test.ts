import { assert, describe, expect, it } from "vitest";
import { sseCKeyTransportPolicy as policy } from "../../policies/rules/sseCKeyTransport";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, defaultAwsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../helpers/fixtures";
import { at } from "../support/items";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const https = awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" });
const insecure = awsProvider({ name: "obs-insecure", endpoint: "https://obs.eu-de.otc.t-systems.com", insecure: true });
const keys = {
    source: "b/k",
    customerAlgorithm: "AES256",
    customerKey: SSE_C_KEY,
    sourceCustomerAlgorithm: "AES256",
    sourceCustomerKey: SSE_C_KEY,
};

describe("obs-sse-c-key-transport", () => {
    it("fails SSE-C keys over HTTP, naming the inputs but never their values", async () => {
        const [v] = (await run(policy, resource(T.copy, "c", keys, http))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain(
            "customerKey and sourceCustomerKey in clear text over HTTP (PUT Object - Copy to http://obs.eu-de.otc.t-systems.com",
        );
        expect(v.message).not.toContain(SSE_C_KEY);
    });

    it("fails even where the matrix allows HTTP (SSE-C source copied to an unencrypted target)", async () => {
        const r = resource(T.copy, "c", { source: "b/k", sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY }, http);
        const [v] = (await run(policy, r)).violations;
        assert(v);
        expect(v.message).toContain("sourceCustomerKey in clear text over HTTP");
    });

    it("fails keys over TLS without certificate verification, also from the default provider", async () => {
        const [v] = (await run(policy, resource(T.copy, "c", keys, insecure))).violations;
        assert(v);
        expect(v.message).toContain('without certificate verification (aws provider "obs-insecure" sets insecure: true');
        const def = defaultAwsProvider({ endpoints: '[{"s3":"https://obs.eu-de.otc.t-systems.com"}]', insecure: "true" });
        expect((await run(policy, resource(T.copy, "c", keys, def))).violations).toHaveLength(1);
    });

    it("passes keys over verified HTTPS, and copies without keys", async () => {
        expect((await run(policy, resource(T.copy, "c", keys, https))).violations).toEqual([]);
        expect((await run(policy, resource(T.copy, "c", { source: "b/k", kmsKeyId: KMS_KEY }, http))).violations).toEqual([]);
    });

    it("treats a key unknown during preview as present", async () => {
        const [v] = (await run(policy, resource(T.copy, "c", { source: "b/k", customerKey: UNKNOWN.string }, http))).violations;
        assert(v);
        expect(v.message).toContain("customerKey in clear text");
    });

    it("waits on an unknown insecure, and reports a malformed one", async () => {
        const unknown = awsProvider({ endpoint: "https://obs.eu-de.otc.t-systems.com", raw: { insecure: UNKNOWN.boolean } });
        expect((await run(policy, resource(T.copy, "c", keys, unknown))).violations[0]).toMatchObject({ enforcementLevel: "advisory" });
        const bad = awsProvider({ endpoint: "https://obs.eu-de.otc.t-systems.com", raw: { insecure: '"sometimes"' } });
        expect(at((await run(policy, resource(T.copy, "c", keys, bad))).violations, 0).message).toContain(
            "insecure must be a boolean, got a string of 9 characters",
        );
    });
    it("sends no key through a provider whose endpoint has no scheme: not applicable, reported once elsewhere", async () => {
        const bare = awsProvider({ name: "bare", endpoint: "obs.eu-de.otc.t-systems.com" });
        const r = await run(policy, resource(T.copy, "c", keys, bare));
        expect(r.violations).toEqual([]);
        expect(r.notApplicable).toBe(
            'the S3 endpoint of aws provider "bare" cannot be used as written, so its requests do not reach OBS (reported by obs-sse-transfer-protocol on the provider)',
        );
    });
});
