import { describe, expect, it } from "vitest";
import { editionFor } from "../../policies/edition";
import { PULUMI_TERMS, withTerms } from "../../policies/terms";
import { terraformTerms } from "../../cli/terraform/mapping";
import { readProvider } from "../../policies/providers";
import { huaweicloudProviderReader } from "../../policies/providers/huaweicloud";
import { opentelekomcloudProviderReader } from "../../policies/providers/opentelekomcloud";
import { asRuntimeProps } from "../helpers/runPolicy";
import { UNKNOWN } from "../helpers/fixtures";
import { huaweiProvider, otcProvider } from "../helpers/nativeFixtures";
import type { WireProps, WireProvider } from "../../engine/wire";

const otc = (p: WireProvider, api?: "s3" | "obs") =>
    opentelekomcloudProviderReader.read({ ...p, props: asRuntimeProps(p.properties) }, api);
const hw = (p: WireProvider, api?: "s3" | "obs") => huaweicloudProviderReader.read({ ...p, props: asRuntimeProps(p.properties) }, api);

describe("opentelekomcloud provider reader", () => {
    it("takes the catalog's public https OBS endpoint of OTC's identity service and region", () => {
        const s = otc(otcProvider({ region: "eu-nl", authUrl: "https://iam.eu-nl.otc.t-systems.com/v3" }));
        expect(s.endpoint).toEqual({
            state: "value",
            value: { kind: "url", protocol: "HTTPS", host: "obs.eu-nl.otc.t-systems.com", shown: "https://obs.eu-nl.otc.t-systems.com" },
        });
        expect(otc(otcProvider({ region: "eu-ch2", authUrl: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3" })).endpoint).toMatchObject({
            value: { host: "obs.eu-ch2.sc.otc.t-systems.com" },
        });
    });

    it("without region, uses the region the project name starts with", () => {
        expect(otc(otcProvider()).endpoint).toMatchObject({ state: "value", value: { host: "obs.eu-de.otc.t-systems.com" } });
    });

    it("answers per client: obs* resources native OBS-signed with certificates never verified, s3* resources SigV4 with insecure", () => {
        const p = otcProvider({ insecure: true });
        const native = otc(p, "obs");
        expect(native).toMatchObject({ api: "obs", signature: "OBS", insecure: { state: "absent" }, pathStyle: { state: "absent" } });
        expect(native.certificatesNeverVerified?.why).toMatch(/never verifies TLS certificates, whatever insecure says/);
        expect(otc(p)).toMatchObject({ api: "obs", signature: "OBS" });
        const s3 = otc(p, "s3");
        expect(s3).toMatchObject({ api: "s3", signature: "V4", insecure: { state: "value", value: true } });
        expect(s3.certificatesNeverVerified).toBeUndefined();
        // The edition follows the client's API family.
        expect(editionFor(native.api, "otc")).toBe("otc-obs");
        expect(editionFor(s3.api, "otc")).toBe("otc-s3");
    });

    it("words its advice in the terms in force when a finding is worded, though its reading is memoized", () => {
        // One provider object read twice hits the memo: the advice must still follow each front end's terms.
        const p = otcProvider({ region: "eu-de" });
        const ref = { ...p, props: asRuntimeProps(p.properties) };
        const first = withTerms(PULUMI_TERMS, () => readProvider(ref, "obs"));
        const second = withTerms(
            terraformTerms(() => new Map()),
            () => readProvider(ref, "obs"),
        );
        expect(second).toBe(first);
        const never = first?.certificatesNeverVerified;
        expect(withTerms(PULUMI_TERMS, () => never?.instead())).toContain("(S3BucketObject,");
        expect(
            withTerms(
                terraformTerms(() => new Map()),
                () => never?.instead(),
            ),
        ).toContain("(opentelekomcloud_s3_bucket_object,");
    });

    it("says the endpoint cannot be known, and why, instead of guessing", () => {
        const cases: Array<[WireProvider, RegExp]> = [
            [
                otcProvider({ authUrl: "https://keystone.example.org:5000/v3" }),
                /keystone\.example\.org, which is not Open Telekom Cloud's public identity service/,
            ],
            [otcProvider({ raw: { cloud: "otc-prod" } }), /clouds\.yaml/],
            [otcProvider({ raw: { endpointType: "internal" } }), /internal OBS entry/],
            [otcProvider({ raw: { authUrl: "" } }), /authUrl is not set/],
            [otcProvider({ raw: { tenantName: "" } }), /neither region nor tenantName/],
            [otcProvider({ region: "ap-southeast-1" }), /"ap-southeast-1" is not one that iam\.eu-de/],
        ];
        for (const [p, why] of cases) {
            const s = otc(p);
            expect(s.endpoint).toEqual({ state: "unknown" });
            expect(s.endpointUnknowable).toMatch(why);
        }
        expect(otc(otcProvider({ raw: { endpointType: "public" } })).endpoint.state).toBe("value");
        expect(otc(otcProvider({ raw: { endpointType: "adminURL" } })).endpointUnknowable).toMatch(/admin OBS entry/);
        // eu-nl projects authenticate at eu-nl's own identity service.
        expect(otc(otcProvider({ region: "eu-nl" })).endpointUnknowable).toMatch(
            /"eu-nl" is not one that iam\.eu-de\.otc\.t-systems\.com serves/,
        );
    });

    it("is unknown during preview while an input it needs is computed", () => {
        for (const raw of [{ authUrl: UNKNOWN.string }, { region: UNKNOWN.string }, { cloud: UNKNOWN.string }] as WireProps[]) {
            const s = otc(otcProvider({ raw }));
            expect(s.endpoint).toEqual({ state: "unknown" });
            expect(s.endpointUnknowable).toBeUndefined();
        }
    });

    it("names malformed inputs; an authUrl or endpointType the provider itself refuses is an unusable endpoint, named by that input", () => {
        expect(otc(otcProvider({ raw: { authUrl: "not a url" } })).endpoint).toEqual({
            state: "value",
            value: {
                kind: "invalid",
                form: "no-scheme",
                input: "authUrl",
                shown: "9 characters, host not",
                problem: "has no scheme (http:// or https://)",
                suggestion: expect.stringMatching(/^the https:\/\/ URL of the identity service/),
            },
        });
        expect(otc(otcProvider({ region: "eu-nl", raw: { authUrl: "iam.eu-nl.otc.t-systems.com/v3" } })).endpoint).toMatchObject({
            value: { suggestion: "https://iam.eu-nl.otc.t-systems.com/v3" },
        });
        expect(otc(otcProvider({ raw: { region: 5 } })).endpoint).toEqual({
            state: "invalid",
            problem: "region must be a string, got number 5",
        });
        expect(otc(otcProvider({ raw: { endpointType: "private" } })).endpoint).toEqual({
            state: "value",
            value: {
                kind: "invalid",
                form: "refused",
                input: "endpointType",
                shown: "endpointType",
                problem: "must be public, internal or admin (or publicURL, internalURL, adminURL), got a string of 7 characters",
                suggestion: "public (or remove it)",
            },
        });
        expect(otc(otcProvider({ raw: { insecure: "yes" } }), "s3").insecure.state).toBe("invalid");
    });

    it("never shows, as the identity host, text that may be part of credentials in authUrl", () => {
        // WHATWG URL reads "akiasecretkey" as the host here; the "@" after the "/" says it may be user info cut short.
        const s = otc(otcProvider({ raw: { authUrl: "https://AKIASECRETKEY/x@iam.eu-de.otc.t-systems.com/v3" } }));
        expect(s.endpoint).toMatchObject({
            state: "value",
            value: { kind: "invalid", input: "authUrl", problem: expect.stringMatching(/^has an @ after its host/) },
        });
        expect(JSON.stringify(s)).not.toMatch(/akiasecretkey/i);
        expect(otc(otcProvider({ raw: { authUrl: "https://user:pw@keystone.example.org/v3" } })).endpointUnknowable).toMatch(
            /^authUrl points at keystone\.example\.org, which/,
        );
    });

    it("reads the default provider built from opentelekomcloud:* stack config", () => {
        const p: WireProvider = {
            urn: "urn:pulumi:dev::p::pulumi:providers:opentelekomcloud::default",
            type: "pulumi:providers:opentelekomcloud",
            name: "default",
            properties: { authUrl: "https://iam.eu-de.otc.t-systems.com/v3", region: "eu-de", insecure: "true" },
        };
        expect(readProvider({ ...p, props: asRuntimeProps(p.properties) }, "s3")).toMatchObject({
            insecure: { state: "value", value: true },
            endpoint: { state: "value" },
        });
        // Readings per client are kept apart.
        expect(readProvider({ ...p, props: asRuntimeProps(p.properties) }, "obs")).toMatchObject({ signature: "OBS" });
        expect(readProvider({ ...p, props: asRuntimeProps(p.properties) }, "s3")).toMatchObject({ signature: "V4" });
    });
});

describe("huaweicloud provider reader", () => {
    it("takes endpoints.obs from the JSON-string map, http included", () => {
        const s = hw(huaweiProvider({ obsEndpoint: "http://obs.cn-north-4.myhuaweicloud.com" }));
        expect(s.endpoint).toEqual({
            state: "value",
            value: {
                kind: "url",
                protocol: "HTTP",
                host: "obs.cn-north-4.myhuaweicloud.com",
                shown: "http://obs.cn-north-4.myhuaweicloud.com",
            },
        });
        expect(s.endpointField).toBe("endpoints.obs");
    });

    it("prepends https:// to an endpoint without a scheme, as the provider does", () => {
        expect(hw(huaweiProvider({ obsEndpoint: "obs.ap-southeast-1.myhuaweicloud.com" })).endpoint).toMatchObject({
            value: { protocol: "HTTPS", host: "obs.ap-southeast-1.myhuaweicloud.com" },
        });
    });

    it("falls back to https://obs.<region>.<cloud>, cloud defaulting to myhuaweicloud.com", () => {
        expect(hw(huaweiProvider({ region: "cn-north-4" })).endpoint).toMatchObject({
            value: { shown: "https://obs.cn-north-4.myhuaweicloud.com" },
        });
        expect(hw(huaweiProvider({ region: "eu-west-101", raw: { cloud: "myhuaweicloud.eu" } })).endpoint).toMatchObject({
            value: { host: "obs.eu-west-101.myhuaweicloud.eu" },
        });
        expect(hw(huaweiProvider({ raw: { endpoints: JSON.stringify({ iam: "https://iam.example" }) } })).endpoint).toMatchObject({
            value: { host: "obs.cn-north-4.myhuaweicloud.com" },
        });
    });

    it("objects are V2-signed, the rest OBS-signed; every request falls under huawei-obs; insecure reaches OBS", () => {
        const p = huaweiProvider({ insecure: true });
        expect(hw(p, "s3")).toMatchObject({ api: "obs", signature: "V2", insecure: { state: "value", value: true } });
        expect(hw(p, "obs")).toMatchObject({ api: "obs", signature: "OBS" });
        expect(editionFor(hw(p, "s3").api, "huawei")).toBe("huawei-obs");
    });

    it("says unknowable without region, unknown while computed, and names malformed input", () => {
        const none = hw(huaweiProvider({ raw: { region: "" } }));
        expect(none.endpoint).toEqual({ state: "unknown" });
        expect(none.endpointUnknowable).toMatch(/HW_REGION_NAME/);
        expect(hw(huaweiProvider({ raw: { endpoints: UNKNOWN.string } })).endpoint).toEqual({ state: "unknown" });
        expect(hw(huaweiProvider({ raw: { endpoints: JSON.stringify({ obs: UNKNOWN.string }) } })).endpoint).toEqual({ state: "unknown" });
        expect(hw(huaweiProvider({ raw: { endpoints: "{obs:" } })).endpoint).toEqual({
            state: "invalid",
            problem: "endpoints is not valid JSON (5 characters)",
        });
        expect(hw(huaweiProvider({ raw: { endpoints: JSON.stringify({ obs: 7 }) } })).endpoint).toEqual({
            state: "invalid",
            problem: "endpoints.obs must be a URL string, got number 7",
        });
        expect(hw(huaweiProvider({ raw: { endpoints: "[1]" } })).endpoint).toEqual({
            state: "invalid",
            problem: "endpoints must be a map of service names to URLs, got an array of 1",
        });
    });

    it("upgrades endpoints.obs to https keeping the JSON-string form and the other entries", () => {
        const props: Record<string, unknown> = {
            endpoints: JSON.stringify({ iam: "http://iam.example", obs: "http://obs.cn-north-4.myhuaweicloud.com:80/" }),
        };
        expect(huaweicloudProviderReader.fixes.upgradeEndpointToHttps(props)).toBe(true);
        expect(props.endpoints).toBe('{"iam":"http://iam.example","obs":"https://obs.cn-north-4.myhuaweicloud.com/"}');
        // An explicit other port belongs to something whose TLS port the pack cannot know.
        const gw: Record<string, unknown> = { endpoints: JSON.stringify({ obs: "http://obs-gw.example:8080" }) };
        expect(huaweicloudProviderReader.fixes.upgradeEndpointToHttps(gw)).toBe(false);
        expect(huaweicloudProviderReader.fixes.upgradeEndpointToHttps({ endpoints: "{bad" })).toBe(false);
    });
});
