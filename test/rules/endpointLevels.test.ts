// How endpoint problems are graded: mandatory only where a matrix row of the resource's own calls
// needs HTTPS; an input the provider's own client refuses (aws endpoint without a scheme, OTC authUrl
// without one) is one rule: advisory, reported once on the provider, and listed at advisory on the
// resources whose rows need HTTPS.
import { describe, expect, it } from "vitest";
import { transferProtocolPolicy as policy } from "../../policies/rules/transferProtocol";
import type { WireProvider, WireResource } from "../../engine/wire";
import { awsProvider, KMS_KEY, resource, T } from "../helpers/fixtures";
import { OTC, otcProvider } from "../helpers/nativeFixtures";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { at } from "../support/items";

const self = (p: WireProvider): WireResource => ({ urn: p.urn, type: p.type, name: p.name, properties: p.properties });
const levels = async (r: WireResource) => (await run(policy, r)).violations.map((v) => v.enforcementLevel);

describe("endpoint problems on unencrypted resources", () => {
    const notJson = awsProvider({ name: "bad", raw: { endpoints: "[{" } });
    it("an endpoints input that is not JSON is advisory on a plain bucket and a plain object", async () => {
        const { violations } = await run(policy, resource(T.bucketV2, "plain", { bucket: "b" }, notJson));
        expect(violations).toEqual([
            { enforcementLevel: "advisory", message: expect.stringContaining("whose endpoints is not valid JSON (2 characters)") },
        ]);
        expect(at(violations, 0).message).toContain("None of its own calls uses a matrix row that needs HTTPS");
        expect(await levels(resource(T.objectV2, "plain", { bucket: "b", content: "x" }, notJson))).toEqual(["advisory"]);
    });

    it("stays mandatory where a row of the resource's calls needs HTTPS", async () => {
        expect(await levels(resource(T.objectV2, "kms", { bucket: "b", content: "x", kmsKeyId: KMS_KEY }, notJson))).toEqual(["mandatory"]);
    });
});

describe("an OTC authUrl the provider cannot use is graded as the aws provider's unusable endpoint", () => {
    const noScheme = otcProvider({ name: "otc", region: "eu-de", raw: { authUrl: "iam.eu-de.otc.t-systems.com/v3" } });
    const awsNoScheme = awsProvider({ name: "aws", endpoint: "obs.eu-de.otc.t-systems.com" });
    const kmsObs = resource(OTC.obsObject, "o", { bucket: "b", key: "k", content: "x", encryption: true }, noScheme);

    it("advisory on the provider, naming authUrl and the identity URL to set", async () => {
        const { violations } = await run(policy, self(noScheme));
        expect(violations).toHaveLength(1);
        expect(at(violations, 0).enforcementLevel).toBe("advisory");
        expect(at(violations, 0).message).toContain('opentelekomcloud provider "otc": its authUrl has no scheme (http:// or https://)');
        expect(at(violations, 0).message).toContain("fails to authenticate before any request reaches OBS");
        expect(at(violations, 0).message).toContain('Fix: set authUrl of provider "otc" to https://iam.eu-de.otc.t-systems.com/v3.');
        // The same class on the aws provider, for comparison.
        expect(await levels(self(awsNoScheme))).toEqual(["advisory"]);
    });

    it("advisory on the resources whose rows need HTTPS, silent on the others (was mandatory on every resource)", async () => {
        const { violations } = await run(policy, kmsObs);
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        expect(at(violations, 0).message).toContain("whose authUrl has no scheme");
        expect(await levels(resource(OTC.obsObject, "plain", { bucket: "b", key: "k", content: "x" }, noScheme))).toEqual([]);
        expect(await levels(resource(T.objectV2, "kms", { bucket: "b", content: "x", kmsKeyId: KMS_KEY }, awsNoScheme))).toEqual([
            "advisory",
        ]);
    });

    it("an endpointType the provider refuses is graded the same way", async () => {
        const refused = otcProvider({ name: "otc", raw: { endpointType: "private" } });
        const { violations } = await run(policy, self(refused));
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        expect(at(violations, 0).message).toContain("its endpointType must be public, internal or admin");
        expect(await levels(resource(OTC.obsObject, "o", { bucket: "b", key: "k", content: "x", encryption: true }, refused))).toEqual([
            "advisory",
        ]);
    });
});
