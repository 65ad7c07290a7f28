import { describe, expect, it } from "vitest";
import { awsProviderReader } from "../../policies/providers/aws";
import { readProvider } from "../../policies/providers";
import { asRuntimeProps } from "../helpers/runPolicy";
import { awsProvider, defaultAwsProvider, UNKNOWN } from "../helpers/fixtures";
import type { WireProvider } from "../../engine/wire";

const read = (p: WireProvider) => awsProviderReader.read({ ...p, props: asRuntimeProps(p.properties) });

describe("aws provider reader", () => {
    it("reads the S3 endpoint, insecure and s3UsePathStyle from the SDK's JSON strings", () => {
        const s = read(awsProvider({ endpoint: "http://obs.eu-de.otc.t-systems.com", insecure: true, pathStyle: true }));
        expect(s.endpoint).toEqual({
            state: "value",
            value: { kind: "url", protocol: "HTTP", host: "obs.eu-de.otc.t-systems.com", shown: "http://obs.eu-de.otc.t-systems.com" },
        });
        expect(s.endpointField).toBe("endpoints[0].s3");
        expect(s.insecure).toEqual({ state: "value", value: true });
        expect(s.pathStyle).toEqual({ state: "value", value: true });
    });

    it("accepts the object form of the same inputs", () => {
        const s = read(
            awsProvider({
                raw: {
                    endpoints: [{ dynamodb: "https://x", s3api: "https://obs.eu-nl.otc.t-systems.com" }],
                    insecure: false,
                    s3UsePathStyle: false,
                },
            }),
        );
        expect(s.endpoint).toMatchObject({ state: "value", value: { protocol: "HTTPS", host: "obs.eu-nl.otc.t-systems.com" } });
        expect(s.endpointField).toBe("endpoints[0].s3api");
        expect(s.insecure).toEqual({ state: "value", value: false });
        expect(s.pathStyle).toEqual({ state: "value", value: false });
    });

    it("reads the default provider built from stack config", () => {
        const s = read(
            defaultAwsProvider({ region: "eu-de", endpoints: '[{"s3":"https://obs.eu-de.otc.t-systems.com"}]', insecure: "true" }),
        );
        expect(s.endpoint).toMatchObject({ state: "value", value: { protocol: "HTTPS" } });
        expect(s.insecure).toEqual({ state: "value", value: true });
    });

    it("finds the S3 entry in any position of the list", () => {
        const s = read(
            awsProvider({ raw: { endpoints: JSON.stringify([{ kms: "https://kms" }, { s3: "https://obs.otc.t-systems.com" }]) } }),
        );
        expect(s.endpointField).toBe("endpoints[1].s3");
    });

    it("says absent when there is no S3 override (the provider talks to AWS)", () => {
        expect(read(awsProvider()).endpoint).toEqual({ state: "absent" });
        expect(read(awsProvider({ raw: { endpoints: "[]" } })).endpoint).toEqual({ state: "absent" });
        expect(read(awsProvider({ raw: { endpoints: JSON.stringify([{ kms: "https://kms" }]) } })).endpoint).toEqual({ state: "absent" });
    });

    it("says unknown for computed endpoints, whole or in part", () => {
        expect(read(awsProvider({ raw: { endpoints: UNKNOWN.string } })).endpoint).toEqual({ state: "unknown" });
        expect(read(awsProvider({ raw: { endpoints: [UNKNOWN.object] } })).endpoint).toEqual({ state: "unknown" });
        expect(read(awsProvider({ endpoint: UNKNOWN.string })).endpoint).toEqual({ state: "unknown" });
        expect(read(awsProvider({ raw: { insecure: UNKNOWN.boolean } })).insecure).toEqual({ state: "unknown" });
    });

    it("names the field of malformed inputs", () => {
        expect(read(awsProvider({ raw: { endpoints: "[{s3:" } })).endpoint).toEqual({
            state: "invalid",
            problem: "endpoints is not valid JSON (5 characters)",
        });
        expect(read(awsProvider({ raw: { endpoints: "42" } })).endpoint).toMatchObject({
            state: "invalid",
            problem: "endpoints must be a list of endpoint maps, got number 42",
        });
        expect(read(awsProvider({ raw: { endpoints: '["https://obs"]' } })).endpoint).toMatchObject({
            state: "invalid",
            problem: expect.stringMatching(/^endpoints\[0\] must be a map/),
        });
        const typed = read(awsProvider({ raw: { endpoints: '[{"s3": 7}]' } }));
        expect(typed.endpoint).toEqual({ state: "invalid", problem: "endpoints[0].s3 must be a URL string, got number 7" });
        expect(typed.endpointField).toBe("endpoints[0].s3");
        expect(read(awsProvider({ raw: { insecure: "yes" } })).insecure).toMatchObject({
            state: "invalid",
            problem: expect.stringMatching(/^insecure is not valid JSON/),
        });
        expect(read(awsProvider({ raw: { insecure: "1" } })).insecure).toEqual({
            state: "invalid",
            problem: "insecure must be a boolean, got number 1",
        });
        expect(read(awsProvider({ raw: { s3UsePathStyle: '"maybe"' } })).pathStyle).toEqual({
            state: "invalid",
            problem: "s3UsePathStyle must be a boolean, got a string of 5 characters",
        });
    });

    it("follows a provider's inputs: the same URN with other inputs reads as the new inputs say", () => {
        const https = awsProvider({ name: "follows", endpoint: "https://obs.eu-de.otc.t-systems.com" });
        const http = awsProvider({ name: "follows", endpoint: "http://obs.eu-de.otc.t-systems.com" });
        const protocolOf = (p: typeof https) => {
            const s = readProvider({ ...p, props: asRuntimeProps(p.properties) });
            return s?.endpoint.state === "value" && s.endpoint.value.kind === "url" ? s.endpoint.value.protocol : undefined;
        };
        for (let i = 0; i < 6; i++) {
            expect(protocolOf(https)).toBe("HTTPS");
            expect(protocolOf(http)).toBe("HTTP");
        }
        // The same text as a JSON string and as a string that only looks like the JSON of a list.
        const asList = { ...https, properties: { endpoints: [{ s3: "http://obs.eu-de.otc.t-systems.com" }] } };
        const asText = {
            ...https,
            properties: { endpoints: JSON.stringify(JSON.stringify([{ s3: "http://obs.eu-de.otc.t-systems.com" }])) },
        };
        expect(protocolOf(asList)).toBe("HTTP");
        expect(protocolOf(asText)).toBeUndefined();
    });

    it("does not know other provider types", () => {
        expect(readProvider({ type: "pulumi:providers:random", urn: "u", name: "r", props: {} })).toBeUndefined();
    });
});

describe("readProvider's memo", () => {
    const AWS = "pulumi:providers:aws";
    const frozen = (url: string) => Object.freeze({ endpoints: Object.freeze([Object.freeze({ s3: url })]) });

    it("reads frozen props once: every resource of the provider gets the same reading", () => {
        const props = frozen("http://obs.eu-de.otc.t-systems.com");
        const first = readProvider({ type: AWS, urn: "urn:frozen-1", name: "p", props });
        expect(first?.endpoint).toMatchObject({ state: "value", value: { protocol: "HTTP" } });
        expect(readProvider({ type: AWS, urn: "urn:frozen-1", name: "p", props })).toBe(first);
    });

    it("reads props changed in place again (a remediation rewrites an endpoint of the same object)", () => {
        const entry: Record<string, unknown> = { s3: "http://obs.eu-de.otc.t-systems.com" };
        const props = { endpoints: [entry] };
        const ref = { type: AWS, urn: "urn:mutable-1", name: "p", props };
        expect(readProvider(ref)?.endpoint).toMatchObject({ value: { protocol: "HTTP" } });
        entry.s3 = "https://obs.eu-de.otc.t-systems.com";
        expect(readProvider(ref)?.endpoint).toMatchObject({ value: { protocol: "HTTPS" } });
    });

    it("reads frozen props with a frozen part that is not frozen all the way down again after a change", () => {
        const entry: Record<string, unknown> = { s3: "http://obs.eu-de.otc.t-systems.com" };
        const props = Object.freeze({ endpoints: Object.freeze([entry]) });
        const ref = { type: AWS, urn: "urn:half-frozen-1", name: "p", props };
        expect(readProvider(ref)?.endpoint).toMatchObject({ value: { protocol: "HTTP" } });
        entry.s3 = "https://obs.eu-de.otc.t-systems.com";
        expect(readProvider(ref)?.endpoint).toMatchObject({ value: { protocol: "HTTPS" } });
    });

    it("keys a frozen props object's reading by the provider too: another URN or name reads it again", () => {
        const props = frozen("https://obs.eu-de.otc.t-systems.com");
        const first = readProvider({ type: AWS, urn: "urn:frozen-2", name: "p", props });
        const other = readProvider({ type: AWS, urn: "urn:frozen-3", name: "q", props });
        expect(other).not.toBe(first);
        expect(first).toMatchObject({ urn: "urn:frozen-2", name: "p" });
        expect(other).toMatchObject({ urn: "urn:frozen-3", name: "q" });
    });
});
