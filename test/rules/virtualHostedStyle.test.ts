import { describe, expect, it } from "vitest";
import { virtualHostedStylePolicy as policy } from "../../policies/rules/virtualHostedStyle";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, defaultAwsProvider, resource, T, UNKNOWN } from "../helpers/fixtures";

const endpoint = "https://obs.eu-de.otc.t-systems.com";

describe("obs-virtual-hosted-style", () => {
    it("flags s3UsePathStyle on an OBS provider", async () => {
        const [v] = (await run(policy, resource(T.bucket, "b", {}, awsProvider({ name: "ps", endpoint, pathStyle: true })))).violations;
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain('aws provider "ps", which sets s3UsePathStyle: true');
        expect(v.message).toContain("403 VirtualHostDomainRequired");
        expect(v.message).toContain("Fix: remove s3UsePathStyle or set it to false.");
    });

    it("names the stack config key for the default provider", async () => {
        const def = defaultAwsProvider({ endpoints: JSON.stringify([{ s3: endpoint }]), s3UsePathStyle: "true" });
        expect((await run(policy, resource(T.objectV2, "o", {}, def))).violations[0].message).toContain("Fix: remove stack config aws:s3UsePathStyle");
    });

    it("passes virtual-hosted style, waits on unknown, reports malformed", async () => {
        expect((await run(policy, resource(T.bucket, "b", {}, awsProvider({ endpoint, pathStyle: false })))).violations).toEqual([]);
        expect((await run(policy, resource(T.bucket, "b", {}, awsProvider({ endpoint })))).violations).toEqual([]);
        expect((await run(policy, resource(T.bucket, "b", {}, awsProvider({ endpoint, raw: { s3UsePathStyle: UNKNOWN.boolean } })))).violations[0].enforcementLevel).toBe("advisory");
        expect((await run(policy, resource(T.bucket, "b", {}, awsProvider({ endpoint, raw: { s3UsePathStyle: "{" } })))).violations[0].message).toContain('s3UsePathStyle is not valid JSON: "{"');
    });

    it("does not apply to path style off OBS", async () => {
        expect((await run(policy, resource(T.bucket, "b", {}, awsProvider({ endpoint: "http://minio.local", pathStyle: true })))).notApplicable).toBeDefined();
    });
});
