import { describe, expect, it } from "vitest";
import { httpsHardeningPolicy as policy } from "../../policies/rules/httpsHardening";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, KMS_KEY, resource, SSE_C_KEY, T } from "../helpers/fixtures";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const insecure = awsProvider({ name: "obs-insecure", endpoint: "https://obs.eu-de.otc.t-systems.com", insecure: true });
const https = awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" });

describe("obs-https-hardening", () => {
    it("lists what the matrix allows over HTTP for encrypted data (HEAD Object on SSE-KMS)", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "o", { content: "x", kmsKeyId: KMS_KEY }, http))).violations;
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain("HEAD Object (refresh/read) on an SSE-KMS-encrypted object");
        expect(v.message).not.toContain("PUT Object"); // a breach, reported by obs-sse-transfer-protocol
    });

    it("covers copies from an encrypted source into an unencrypted target over HTTP", async () => {
        const [v] = (await run(policy, resource(T.copy, "c", { source: "b/k" }, http))).violations;
        expect(v.message).toContain("PUT Object - Copy (create/update, via CopyObject) from an SSE-KMS-encrypted object to an unencrypted object");
    });

    it("lists every encrypted call over unverified TLS", async () => {
        const [v] = (await run(policy, resource(T.objectV2, "o", { content: "x", kmsKeyId: KMS_KEY }, insecure))).violations;
        expect(v.message).toContain("over TLS without certificate verification");
        expect(v.message).toContain("PUT Object");
        expect(v.message).toContain("Fix: remove insecure");
    });

    it("leaves key-carrying requests to obs-sse-c-key-transport and plain data alone", async () => {
        expect((await run(policy, resource(T.copy, "c", { source: "b/k", sourceCustomerKey: SSE_C_KEY }, http))).violations).toEqual([]);
        expect((await run(policy, resource(T.objectV2, "o", { content: "x" }, http))).violations).toEqual([]);
        expect((await run(policy, resource(T.objectV2, "o", { content: "x", kmsKeyId: KMS_KEY }, https))).violations).toEqual([]);
    });
});
