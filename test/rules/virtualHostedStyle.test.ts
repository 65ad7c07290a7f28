import { assert, describe, expect, it } from "vitest";
import { virtualHostedStylePolicy as policy } from "../../policies/rules/virtualHostedStyle";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { awsProvider, defaultAwsProvider, resource, T, UNKNOWN } from "../helpers/fixtures";
import type { WireProvider, WireResource } from "../../engine/wire";
import { at } from "../support/items";

const endpoint = "https://obs.eu-de.otc.t-systems.com";
/** The provider resource itself, as the engine analyzes it (no provider of its own). */
const self = (p: WireProvider): WireResource => ({ urn: p.urn, type: p.type, name: p.name, properties: p.properties });

describe("obs-virtual-hosted-style", () => {
    it("flags s3UsePathStyle on the OBS provider resource, once", async () => {
        const [v] = (await run(policy, self(awsProvider({ name: "ps", endpoint, pathStyle: true })))).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("advisory");
        expect(v.message).toContain(
            'aws provider "ps" sets s3UsePathStyle: true (endpoint https://obs.eu-de.otc.t-systems.com). ' +
                "OBS documents virtual-hosted-style access (the bucket in the host name) for its S3-compatible API, which this provider speaks, " +
                "and suggests path access only for bucket names with dots; the 403 VirtualHostDomainRequired refusal is documented for its native API. " +
                "Whether path-style S3 requests are served is not documented, so bucket and object calls through this provider may fail.\n",
        );
        // The S3-compatible API documents no refusal: the message must not say every call fails.
        expect(v.message).not.toMatch(/every bucket and object call .* fails|answers path-style requests with 403/);
        expect(v.message).toContain("Fix: remove s3UsePathStyle or set it to false.");
        // The buckets and objects it serves are not reported again.
        expect(await run(policy, resource(T.bucket, "b", {}, awsProvider({ name: "ps", endpoint, pathStyle: true })))).toEqual({
            violations: [],
        });
    });

    it("names the stack config key for the default provider", async () => {
        const def = defaultAwsProvider({ endpoints: JSON.stringify([{ s3: endpoint }]), s3UsePathStyle: "true" });
        expect(at((await run(policy, self(def))).violations, 0).message).toContain("Fix: remove stack config aws:s3UsePathStyle");
    });

    it("passes virtual-hosted style, waits on unknown, reports malformed", async () => {
        expect((await run(policy, self(awsProvider({ endpoint, pathStyle: false })))).violations).toEqual([]);
        expect((await run(policy, self(awsProvider({ endpoint })))).violations).toEqual([]);
        const [unknown] = (await run(policy, self(awsProvider({ endpoint, raw: { s3UsePathStyle: UNKNOWN.boolean } })), {}, "mandatory"))
            .violations;
        assert(unknown);
        expect(unknown.enforcementLevel).toBe("advisory");
        expect(unknown.message).toContain("is unknown during preview; if it does: OBS documents virtual-hosted-style access");
        expect(at((await run(policy, self(awsProvider({ endpoint, raw: { s3UsePathStyle: "{" } })))).violations, 0).message).toContain(
            "s3UsePathStyle is not valid JSON (1 character)",
        );
    });

    it("does not apply to path style off OBS, nor to other provider types", async () => {
        expect((await run(policy, self(awsProvider({ endpoint: "http://minio.local", pathStyle: true })))).notApplicable).toMatch(
            /not an OBS host/,
        );
        expect((await run(policy, self(awsProvider({ name: "aws", pathStyle: true })))).notApplicable).toMatch(/go to AWS/);
        expect(await run(policy, { urn: "u", type: "pulumi:providers:random", name: "r", properties: {} })).toEqual({ violations: [] });
    });
});
