// Regression tests for the leaks found by the review of ff5d820 (§3.1): text the pack could not
// parse reached mandatory messages, credentials included. Messages now name the input and what is
// wrong, with at most a strictly scanned host.
import { assert, describe, expect, it } from "vitest";
import { policies } from "../../policies/registry";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, KMS_KEY, resource, T } from "../helpers/fixtures";
import type { ResourceValidationPolicy } from "@pulumi/policy";

const kmsObject = { bucket: "b", key: "k", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: KMS_KEY };
const resourcePolicies = policies.filter((p): p is typeof p & ResourceValidationPolicy => "validateResource" in p);

async function allMessages(r: ReturnType<typeof resource>): Promise<string[]> {
    const out: string[] = [];
    for (const p of resourcePolicies) {
        const run1 = await run(p, r);
        out.push(...run1.violations.map((v) => v.message), run1.notApplicable ?? "");
    }
    return out;
}

describe("no text the pack could not parse reaches a message", () => {
    it.each([
        "http://AKIAEXAMPLE:se'cret@obs.eu-de.otc.t-systems.com:99999",
        'http://AKIAEXAMPLE:wJal"rXUtn@obs.eu-de.otc.t-systems.com:99999',
        "http://AKIAEXAMPLE:se cret@obs.eu-de.otc.t-systems.com:99999",
    ])("an endpoint that fails to parse is named with its host only: %s", async (endpoint) => {
        const p = awsProvider({ name: "leaky", endpoint });
        // Reported once on the provider (nothing reaches OBS through it), and on the resource where rows need HTTPS.
        const self: ReturnType<typeof resource> = { urn: p.urn, type: p.type, name: p.name, properties: p.properties };
        const [onProvider] = (await run(transferProtocolPolicy, self)).violations;
        assert(onProvider);
        expect(onProvider.message).toContain("its S3 endpoint endpoints[0].s3 is not a valid URL");
        const [v] = (await run(transferProtocolPolicy, resource(T.objectV2, "o", kmsObject, p))).violations;
        assert(v);
        expect(v.message).toContain('uses aws provider "leaky", whose S3 endpoint is not a valid URL and cannot be used as written');
        for (const m of [...(await allMessages(resource(T.objectV2, "o", kmsObject, p))), ...(await allMessages(self))])
            expect(m).not.toMatch(/AKIA|cret|wJal|rXUtn/);
    });

    it("a truncated endpoints JSON is described by its length, not quoted (its sibling sts token stays out)", async () => {
        const endpoints = '[{"s3":"https://obs.eu-de.otc.t-systems.com","sts":"SECRETSTSTOKEN0123456789abcdef';
        const p = awsProvider({ name: "truncated", raw: { endpoints } });
        const [v] = (await run(transferProtocolPolicy, resource(T.objectV2, "o", kmsObject, p))).violations;
        assert(v);
        expect(v.message).toContain(`whose endpoints is not valid JSON (${endpoints.length} characters)`);
        for (const m of await allMessages(resource(T.objectV2, "o", kmsObject, p))) expect(m).not.toMatch(/SECRE|sts/);
    });

    it("a JSON string nested in endpoints is described, not quoted", async () => {
        const endpoints = JSON.stringify(JSON.stringify([{ s3: "https://AKIANESTED:SECRETNESTED@obs.eu-de.otc.t-systems.com" }]));
        const p = awsProvider({ name: "nested", raw: { endpoints } });
        const [v] = (await run(transferProtocolPolicy, resource(T.objectV2, "o", kmsObject, p))).violations;
        assert(v);
        expect(v.message).toMatch(/endpoints must be a list of endpoint maps, got a string of \d+ characters/);
        for (const m of await allMessages(resource(T.objectV2, "o", kmsObject, p))) expect(m).not.toMatch(/NESTED/);
    });

    it("values of the wrong form in insecure, s3UsePathStyle, serverSideEncryption and customerAlgorithm are not quoted", async () => {
        const p = awsProvider({
            name: "odd",
            endpoint: "https://obs.eu-de.otc.t-systems.com",
            raw: { insecure: '"MARKERINSECURE"', s3UsePathStyle: '"MARKERPATHSTYLE"' },
        });
        const copy = resource(
            T.copy,
            "c",
            {
                bucket: "b",
                key: "k",
                source: "b/src",
                serverSideEncryption: "MARKERSSEVALUE",
                customerAlgorithm: "MARKERCUSTOMER",
                customerKey: "k",
            },
            p,
        );
        const object = resource(T.objectV2, "o", { bucket: "b", key: "k", content: "x", serverSideEncryption: "MARKERSSE'\" x" }, p);
        const messages = [...(await allMessages(copy)), ...(await allMessages(object))];
        expect(messages.join("\n")).toMatch(/not an algorithm name \(\d+ characters\)/);
        for (const m of messages) expect(m).not.toMatch(/MARKER/i);
    });
});
