import { assert, describe, expect, it } from "vitest";
import { httpsHardeningPolicy as policy } from "../../policies/rules/httpsHardening";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, KMS_KEY, resource, SSE_C_KEY, T } from "../helpers/fixtures";
import { at } from "../support/items";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const insecure = awsProvider({ name: "obs-insecure", endpoint: "https://obs.eu-de.otc.t-systems.com", insecure: true });
const https = awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" });

describe("obs-https-hardening", () => {
    it("lists what the matrix allows over HTTP for encrypted data (HEAD Object on SSE-KMS)", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "o", { content: "x", kmsKeyId: KMS_KEY }, http))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("HEAD Object (after create/update, and on refresh) on an SSE-KMS-encrypted object");
        expect(v.message).not.toContain("PUT Object"); // a breach, reported by obs-sse-transfer-protocol
        // HEAD carries no object body: the message must not claim that object data is exposed.
        expect(v.message).toContain(
            '"o" would make requests on encrypted objects over plain HTTP (http://obs.eu-de.otc.t-systems.com), which the OBS SSE matrix allows ' +
                "but which exposes metadata and request headers (no object body travels in these calls) in transit:",
        );
        expect(v.message).not.toContain("object data");
    });

    it("covers copies into encrypted targets over HTTP only where the row allows it (the read-back)", async () => {
        const [v] = (await run(policy, resource(T.copy, "c", { source: "b/k", kmsKeyId: KMS_KEY }, http))).violations;
        assert(v);
        expect(v.message).toContain("HEAD Object (after create/update, and on refresh) on an SSE-KMS-encrypted object");
        expect(v.message).not.toContain("PUT Object - Copy");
    });

    it("lists every encrypted call over unverified TLS", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "o", { content: "x", kmsKeyId: KMS_KEY }, insecure))).violations;
        assert(v);
        expect(v.message).toContain("over TLS without certificate verification");
        expect(v.message).toContain("PUT Object");
        // Uploads over unverified TLS do carry the body.
        expect(v.message).toContain("which exposes object data, metadata and request headers in transit:");
        expect(v.message).toContain("Fix: remove insecure");
    });

    it("lists the upload paths of a body of unknown size as alternatives", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "asset", { source: "./f", kmsKeyId: KMS_KEY }, insecure))).violations;
        assert(v);
        expect(v.message).toContain(
            "  - HEAD Object (after create/update, and on refresh) on an SSE-KMS-encrypted object\n" +
                "  - if the body is 5 MiB or less (its size is unknown to the pack), it may call:\n" +
                "      - PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object\n" +
                "  - if the body is over 5 MiB (its size is unknown to the pack), it may call:\n" +
                "      - Initiate Multipart Upload (create/update, body over 5 MiB) on an SSE-KMS-encrypted object\n",
        );
    });

    it("leaves key-carrying requests to obs-sse-c-key-transport and plain data alone", async () => {
        expect((await run(policy, resource(T.copy, "c", { source: "b/k", sourceCustomerKey: SSE_C_KEY }, http))).violations).toEqual([]);
        expect((await run(policy, resource(T.objectV2, "o", { content: "x" }, http))).violations).toEqual([]);
        expect((await run(policy, resource(T.objectV2, "o", { content: "x", kmsKeyId: KMS_KEY }, https))).violations).toEqual([]);
    });
});

describe("obs-https-hardening on guesses", () => {
    it("only notes, at advisory, what depends on an unknown (a plain copy whose source may be encrypted)", async () => {
        const res = await run(policy, resource(T.copy, "c", { source: "b/k" }, http), {}, "mandatory");
        expect(res.violations).toHaveLength(1);
        expect(at(res.violations, 0).enforcementLevel).toBe("advisory");
        expect(at(res.violations, 0).message).toContain("may make requests on encrypted objects over plain HTTP");
        expect(at(res.violations, 0).message).toContain("depending on the source object's encryption");
    });
});
