// Messages about native (opentelekomcloud, huaweicloud) providers say what those providers are: an OBS
// endpoint, not the aws provider's S3 endpoint; their own inputs and region in fixes; native algorithm
// names; and nothing of their inputs the pack could not read.
import { assert, describe, expect, it } from "vitest";
import { huaweicloudProviderReader } from "../../policies/providers/huaweicloud";
import { endpointInput } from "../../policies/report";
import { secureTransportPolicy } from "../../policies/rules/secureTransportPolicy";
import { signatureVersionPolicy } from "../../policies/rules/signatureVersion";
import { inheritedEncryptionPolicy } from "../../policies/rules/inheritedEncryption";
import { supportedAlgorithmPolicy } from "../../policies/rules/supportedAlgorithm";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { readProvider } from "../../policies/providers";
import { readResource } from "../../policies/resources";
import { httpsHardeningPolicy } from "../../policies/rules/httpsHardening";
import type { WireProvider, WireResource } from "../../engine/wire";
import { resource, UNKNOWN } from "../helpers/fixtures";
import { HW, huaweiProvider, OTC, OTC_KMS_KEY, otcProvider } from "../helpers/nativeFixtures";
import { asRuntimeProps, runResourcePolicy as run } from "../helpers/runPolicy";
import { runStackPolicy as runStack } from "../helpers/runStack";

const self = (p: WireProvider): WireResource => ({ urn: p.urn, type: p.type, name: p.name, properties: p.properties });
const hwKms = (p: WireProvider) =>
    resource(HW.object, "h", { bucket: "b", key: "k", content: "x", encryption: true, kmsKeyId: OTC_KMS_KEY }, p);
const hw = (p: WireProvider) => huaweicloudProviderReader.read({ ...p, props: asRuntimeProps(p.properties) });

describe("huaweicloud: the inputs the OBS host is built from", () => {
    it("reads only a region name and a domain name into https://obs.<region>.<cloud>, and shows neither otherwise", () => {
        // "x@evil" would make "obs.x" user info and evil.myhuaweicloud.com the host: not an OBS host, so silently not applicable.
        for (const [raw, field] of [
            [{ region: "x@evil" }, "region"],
            [{ region: "cn-north-4", cloud: "evil.example/x?" }, "cloud"],
        ] as const) {
            const s = hw(huaweiProvider({ raw }));
            expect(s.endpoint).toEqual({
                state: "invalid",
                problem: expect.stringMatching(
                    new RegExp(`^${field} must be a (region|domain) name such as "[^"]+", got a string of \\d+ characters$`),
                ),
            });
        }
        expect(hw(huaweiProvider({ region: "eu-west-101", raw: { cloud: "myhuaweicloud.eu" } })).endpoint).toMatchObject({
            state: "value",
            value: { host: "obs.eu-west-101.myhuaweicloud.eu" },
        });
    });

    it("fails closed on the resources of such a provider instead of calling its host not OBS", async () => {
        const [v, ...rest] = (await run(transferProtocolPolicy, hwKms(huaweiProvider({ name: "odd", raw: { region: "x@evil" } }))))
            .violations;
        expect(rest).toEqual([]);
        assert(v);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain('uses huaweicloud provider "odd", whose region must be a region name');
        expect(v.message).not.toMatch(/evil/);
        expect(v.message).toContain("Fix: correct the provider input the problem names");
    });

    it("suggests the provider's own Huawei region in fixes for an unreadable endpoints.obs", async () => {
        const p = huaweiProvider({ name: "hw-bad", region: "ap-southeast-1", raw: { endpoints: "{not json" } });
        expect(hw(p).region).toBe("ap-southeast-1");
        const [v] = (await run(transferProtocolPolicy, hwKms(p))).violations;
        assert(v);
        expect(v.message).toContain("endpoints is not valid JSON (9 characters)");
        expect(v.message).toContain(
            "Fix: give the provider a valid OBS endpoint URL, scheme included, for example https://obs.ap-southeast-1.myhuaweicloud.com.",
        );
    });
});

describe("unusable endpoints of native providers", () => {
    it("are called OBS endpoints, and only what may happen is said of the client", async () => {
        const p = huaweiProvider({ name: "hw-slash", obsEndpoint: "http:obs.cn-north-4.myhuaweicloud.com" });
        const [onProvider] = (await run(transferProtocolPolicy, self(p))).violations;
        assert(onProvider);
        expect(onProvider.enforcementLevel).toBe("advisory");
        expect(onProvider.message).toContain(
            'huaweicloud provider "hw-slash": its OBS endpoint endpoints.obs (host obs.cn-north-4.myhuaweicloud.com) has "http:" without the "//"',
        );
        expect(onProvider.message).toContain("The provider's client may refuse it or fail to connect");
        // The aws SDK's endpoint rules are not claimed for another provider's client.
        expect(onProvider.message).not.toMatch(/S3 endpoint|provider's SDK/);
        const [onObject] = (await run(transferProtocolPolicy, hwKms(p))).violations;
        assert(onObject);
        expect(onObject.message).toContain('uses huaweicloud provider "hw-slash", whose OBS endpoint has "http:" without');
        expect(onObject.message).not.toContain("S3 endpoint");
    });

    it("name the input a computed Huawei endpoint waits on", async () => {
        const [v] = (await run(transferProtocolPolicy, hwKms(huaweiProvider({ name: "hw-cloud", raw: { cloud: UNKNOWN.string } }))))
            .violations;
        assert(v);
        expect(v.message).toContain(
            'huaweicloud provider "hw-cloud", whose cloud (the OBS endpoint is https://obs.<region>.<cloud>) is computed and unknown during preview',
        );
    });

    it("are not-applicable reasons that name an OBS endpoint", async () => {
        const p = huaweiProvider({ name: "hw-computed", raw: { endpoints: UNKNOWN.string } });
        expect((await run(supportedAlgorithmPolicy, hwKms(p))).notApplicable).toBe(
            'the OBS endpoint of huaweicloud provider "hw-computed" is unknown during preview',
        );
    });
});

describe("fix texts for default native providers", () => {
    it("name the endpoint as the reader describes it when no single stack config key holds it", () => {
        const wire = otcProvider({ name: "default_1_2_3" });
        const otc = readProvider({ ...wire, props: asRuntimeProps(wire.properties) }, "s3")!;
        expect(endpointInput(otc)).toBe(
            'object-storage endpoint (from the identity catalog of authUrl and region) of the default opentelekomcloud provider "default_1_2_3" [stack config opentelekomcloud:*]',
        );
        const hwWire = huaweiProvider({ name: "default", obsEndpoint: "http://obs.cn-north-4.myhuaweicloud.com" });
        expect(endpointInput(readProvider({ ...hwWire, props: asRuntimeProps(hwWire.properties) })!)).toBe(
            "the obs entry of stack config huaweicloud:endpoints",
        );
    });
});

describe("native algorithm names in fixes", () => {
    it("tells a native-API bucket to use kms, not the S3 name aws:kms", async () => {
        const [v] = (
            await run(
                supportedAlgorithmPolicy,
                resource(HW.bucket, "sm4", { bucket: "b", encryption: true, sseAlgorithm: "SM4" }, huaweiProvider({ name: "hw" })),
            )
        ).violations;
        assert(v);
        expect(v.message).toContain('Fix: set sseAlgorithm to "kms" and give an OBS KMS key id, or remove it.');
        const [u] = (
            await run(
                supportedAlgorithmPolicy,
                resource(
                    OTC.obsBucket,
                    "computed",
                    { bucket: "b", serverSideEncryption: { algorithm: UNKNOWN.string } },
                    otcProvider({ name: "otc" }),
                ),
            )
        ).violations;
        assert(u);
        expect(u.enforcementLevel).toBe("advisory");
        expect(u.message).toContain(
            'opentelekomcloud:index/obsBucket:ObsBucket "computed": serverSideEncryption.algorithm is unknown during preview. If it resolves to anything but kms (SSE-KMS) or AES256 (SSE-OBS), OBS\'s native API will refuse it.',
        );
    });
});

describe("obs-sse-inherited-encryption's signature fix", () => {
    it("says which signature the requests carry and where the pack learned it, not what the aws provider does", async () => {
        const hwHttps = huaweiProvider({ name: "hw-https" });
        const b = resource(HW.obsBucket, "hw-kms", { bucket: "hw-kms", encryption: true, sseAlgorithm: "kms" }, hwHttps);
        const o = resource(HW.obsObject, "hw-plain", { bucket: "hw-kms", key: "a.txt" }, hwHttps);
        const [v] = (await runStack(inheritedEncryptionPolicy, [b, o], { providerSignatures: { "hw-https": "V2" } })).violations;
        assert(v);
        expect(v.message).toContain(
            'sign these requests with V4 instead of V2 (policy option providerSignatures["hw-https"]), through a client or re-signing gateway that signs V4',
        );
        expect(v.message).not.toContain("aws provider");
    });
});

describe("HEAD Object of native objects", () => {
    it("runs after every create and update, as for aws (the resources' create and update end with their read)", async () => {
        const head = (type: string) =>
            readResource(type, { bucket: "b", key: "k", content: "x" })?.calls.find((c) => c.iface === "HEAD Object")?.when;
        for (const type of [OTC.s3Object, HW.object, HW.obsObject]) expect(head(type)).toBe("after create/update, and on refresh");
        const [v] = (
            await run(
                httpsHardeningPolicy,
                hwKms(huaweiProvider({ name: "hw-http", obsEndpoint: "http://obs.cn-north-4.myhuaweicloud.com" })),
            )
        ).violations;
        assert(v);
        expect(v.message).toContain("HEAD Object (after create/update, and on refresh) on an SSE-KMS-encrypted object");
    });
});

describe("a huaweicloud provider pointed at a host listed in obsHosts", () => {
    it("is judged by Huawei's own table, not by OTC's native one", async () => {
        const gw = huaweiProvider({ name: "hw-gw", obsEndpoint: "http://obs-gw.corp.example" });
        const config = { obsHosts: ["obs-gw.corp.example"] };
        const [v] = (await run(transferProtocolPolicy, hwKms(gw), config)).violations;
        assert(v);
        expect(v.message).toContain("huawei-obs matrix table 2");
        expect(v.message).not.toContain("otc-obs");
        expect((await run(signatureVersionPolicy, hwKms(gw), config)).notApplicable).toMatch(
            /Huawei Cloud publishes its SSE table \(huawei-obs\)/,
        );
    });
});

describe("obs-secure-transport-policy on a bucket whose policies are in another format than its own", () => {
    it("names the TLS key the short statements test in their own format", async () => {
        const hwHttps = huaweiProvider({ name: "hw-https" });
        const b = resource(HW.bucket, "hw-data", { bucket: "hw-data", encryption: true, sseAlgorithm: "kms" }, hwHttps);
        // An S3-format policy (policyFormat s3) that denies one principal only.
        const doc = JSON.stringify({
            Statement: [
                {
                    Effect: "Deny",
                    Principal: { AWS: ["arn:aws:iam::1:root"] },
                    Action: "s3:*",
                    Resource: ["arn:aws:s3:::hw-data", "arn:aws:s3:::hw-data/*"],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
        const p = {
            ...resource(HW.policy, "tls", { bucket: "hw-data", policy: doc, policyFormat: "s3" }, hwHttps),
            propertyDependencies: { bucket: [b.urn] },
        };
        const [v] = (await runStack(secureTransportPolicy, [b, p])).violations;
        assert(v);
        expect(v.message).toContain("These statements test aws:SecureTransport but leave some plain-HTTP requests allowed");
        // The statement to add is in the bucket's own (OBS) format.
        expect(v.message).toContain('"Condition":{"Bool":{"SecureTransport":["false"]}}');
    });
});

describe("the edition option's promise about huaweicloud signatures", () => {
    it("forcing otc-s3 judges a Huawei provider's V2 object requests by its signature column", async () => {
        const hw = huaweiProvider({ name: "hw-https" });
        expect((await run(signatureVersionPolicy, hwKms(hw))).violations).toEqual([]);
        const [v] = (await run(signatureVersionPolicy, hwKms(hw), { edition: "otc-s3" })).violations;
        assert(v);
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain("would send V2-signed requests (what pulumi:providers:huaweicloud signs with");
    });
});
