// Sensitive inputs (values the engine marks secret, or Terraform sensitive values): judged as any
// other, but no message shows anything derived from them: not the host, not the path, not the length.
import { describe, expect, it } from "vitest";
import { supportedAlgorithmPolicy } from "../../policies/rules/supportedAlgorithm";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { httpsHardeningPolicy } from "../../policies/rules/httpsHardening";
import { policies } from "../../policies/registry";
import type { WireProps, WireProvider, WireResource } from "../../engine/wire";
import { awsProvider, KMS_KEY, resource, secret, T } from "../helpers/fixtures";
import { huaweiProvider, otcProvider } from "../helpers/nativeFixtures";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { sdkAnalyze } from "../helpers/sdk";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { at } from "../support/items";

const SECRET_URL = "http://obs.eu-nl.otc.t-systems.com/tenant-SECRETPATH";
const kmsObject = { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY };
const self = (p: WireProvider): WireResource => ({ urn: p.urn, type: p.type, name: p.name, properties: p.properties });
const resourcePolicies = policies.filter((p): p is typeof p & ResourceValidationPolicy => "validateResource" in p);

/** Everything every resource policy says about `r`, diagnostics and not-applicable reasons. */
async function everything(r: WireResource): Promise<string> {
    return JSON.stringify(await sdkAnalyze(resourcePolicies, r));
}

/** Nothing of the secret URL: its host (the region in it), its path, its length. */
function expectNothingOf(text: string, url = SECRET_URL): void {
    expect(text).not.toMatch(/SECRETPATH|eu-nl|tenant/);
    expect(text).not.toContain(`${url.length} characters`);
}

describe("sensitive endpoints", () => {
    const secretList = awsProvider({ name: "s", raw: { endpoints: secret(JSON.stringify([{ s3: SECRET_URL }])) } });
    const secretEntry = awsProvider({ name: "t", raw: { endpoints: [{ s3: secret(SECRET_URL) }] } });

    for (const [how, provider] of [
        ["the whole endpoints input", secretList],
        ["one URL in the object form", secretEntry],
    ] as const) {
        it(`an http:// endpoint is still mandatory with SSE-KMS, named only by its input (${how})`, async () => {
            const { violations } = await run(transferProtocolPolicy, resource(T.objectV2, "o", kmsObject, provider));
            expect(violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
            expect(at(violations, 0).message).toContain("Endpoint seen: endpoints[0].s3 (sensitive) is an http:// URL");
            // The fix suggests the OBS host of the provider's own (plain) region, eu-de, not the secret one's.
            expect(at(violations, 0).message).toContain(
                `Fix: set endpoints[0].s3 of provider "${provider.name}" to https://obs.eu-de.otc.t-systems.com.`,
            );
            expectNothingOf(await everything(resource(T.objectV2, "o", kmsObject, provider)));
            expectNothingOf(await everything(self(provider)));
        });
    }

    it("suggests a pattern when the region is sensitive too", async () => {
        const p = awsProvider({ name: "r", raw: { region: secret("eu-nl"), endpoints: secret(JSON.stringify([{ s3: SECRET_URL }])) } });
        const { violations } = await run(transferProtocolPolicy, resource(T.objectV2, "o", kmsObject, p));
        expect(at(violations, 0).message).toContain("to https://obs.<region>.otc.t-systems.com (Open Telekom Cloud)");
        expectNothingOf(await everything(resource(T.objectV2, "o", kmsObject, p)));
    });

    it("a plain and a sensitive provider with the same URN and endpoint get their own readings", async () => {
        const plain = awsProvider({ name: "same", endpoint: SECRET_URL });
        const hidden = awsProvider({ name: "same", raw: { endpoints: secret(JSON.stringify([{ s3: SECRET_URL }])) } });
        expect(await everything(resource(T.objectV2, "o", kmsObject, plain))).toContain("SECRETPATH");
        expectNothingOf(await everything(resource(T.objectV2, "o", kmsObject, hidden)));
    });

    it("a sensitive endpoint that is not JSON, not a URL, or not an OBS host says so without its length or host", async () => {
        for (const endpoints of [
            secret("[{"),
            secret(JSON.stringify([{ s3: "obs.eu-nl.otc.t-systems.com/tenant-SECRETPATH" }])),
            secret(JSON.stringify([{ s3: "http://tenant-SECRETPATH.eu-nl.example" }])),
        ]) {
            const p = awsProvider({ name: "bad", raw: { endpoints } });
            expectNothingOf(await everything(resource(T.objectV2, "o", kmsObject, p)));
            expectNothingOf(await everything(self(p)));
        }
        const { violations } = await run(
            transferProtocolPolicy,
            resource(T.objectV2, "o", kmsObject, awsProvider({ name: "bad", raw: { endpoints: secret("[{") } })),
        );
        expect(violations[0]).toMatchObject({
            enforcementLevel: "mandatory",
            message: expect.stringContaining("whose endpoints (sensitive) is not valid JSON."),
        });
    });

    it("huaweicloud: a sensitive endpoints.obs, or a sensitive region the endpoint is built from", async () => {
        const obj = { bucket: "b", key: "k", content: "x", encryption: true };
        const h1 = huaweiProvider({
            name: "h1",
            raw: { endpoints: secret(JSON.stringify({ obs: "http://obs.ap-southeast-1.myhuaweicloud.com/tenant-SECRETPATH" })) },
        });
        const h2 = huaweiProvider({ name: "h2", raw: { region: secret("ap-southeast-1") } });
        for (const p of [h1, h2]) {
            const text =
                (await everything(resource("huaweicloud:Obs/bucketObject:BucketObject", "o", obj, p))) + (await everything(self(p)));
            expect(text).not.toMatch(/SECRETPATH|ap-southeast-1/);
        }
        // Still judged: an http:// endpoint with SSE-KMS breaks its row.
        const { violations } = await run(transferProtocolPolicy, resource("huaweicloud:Obs/bucketObject:BucketObject", "o", obj, h1));
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
        expect(at(violations, 0).message).toContain("endpoints.obs (sensitive) is an http:// URL");
    });

    it("opentelekomcloud: a sensitive authUrl or region is not shown, and an unusable sensitive authUrl is named only", async () => {
        const obj = { bucket: "b", key: "k", content: "x", encryption: true };
        for (const raw of [
            { authUrl: secret("https://iam.eu-nl.otc.t-systems.com/tenant-SECRETPATH") },
            { authUrl: secret("iam.eu-nl.otc.t-systems.com/tenant-SECRETPATH") },
            { region: secret("eu-nl"), authUrl: "https://iam.eu-nl.otc.t-systems.com/v3" },
        ] as WireProps[]) {
            const p = otcProvider({ name: "o", raw: { ...raw, tenantName: "x" } });
            const r = resource("opentelekomcloud:index/obsBucketObject:ObsBucketObject", "o", obj, p);
            expectNothingOf(await everything(r), "https://iam.eu-nl.otc.t-systems.com/tenant-SECRETPATH");
            expectNothingOf(await everything(self(p)), "https://iam.eu-nl.otc.t-systems.com/tenant-SECRETPATH");
        }
    });

    it("a sensitive algorithm is judged and not quoted", async () => {
        const p = awsProvider({ name: "https", endpoint: "https://obs.eu-de.otc.t-systems.com" });
        const { violations } = await run(
            supportedAlgorithmPolicy,
            resource(T.objectV2, "o", { bucket: "b", content: "x", serverSideEncryption: secret("AES256") }, p),
        );
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
        expect(at(violations, 0).message).toContain("serverSideEncryption (sensitive) is a sensitive value (not shown)");
        expect(at(violations, 0).message).not.toContain("AES256");
    });

    it("https hardening over a sensitive http:// endpoint suggests the region's host", async () => {
        const obj = resource(
            T.objectV2,
            "o",
            { bucket: "b", content: "x", serverSideEncryption: "AES256" },
            awsProvider({ name: "s", raw: { endpoints: secret(JSON.stringify([{ s3: SECRET_URL }])) } }),
        );
        const text = JSON.stringify(await run(httpsHardeningPolicy, obj));
        expectNothingOf(text);
    });
});
