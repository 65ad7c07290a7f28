import type { ResourceValidationArgs } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { describe, expect, it } from "vitest";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { virtualHostedStylePolicy } from "../../policies/rules/virtualHostedStyle";
import { supportedAlgorithmPolicy } from "../../policies/rules/supportedAlgorithm";
import type { WireProps, WireProvider, WireResource } from "../../engine/wire";
import { SECRET_SIG, SIG_KEY } from "../../engine/wire";
import { awsProvider, defaultAwsProvider, resource, secret, T } from "../helpers/fixtures";
import { resourceArgs } from "../helpers/runPolicy";

// The SDK's (internal) deserializer and serializer, as its Remediate handler uses them.
const { deserializeProperties, serializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties: (s: Struct, proxySecrets: boolean) => Record<string, unknown>;
    serializeProperties: (o: unknown) => Promise<WireProps>;
};
const proxy = unknownCheckingProxy as unknown as <T>(v: T) => T;

/** Runs a policy's remediation on a resource exactly as the SDK's Remediate handler would. */
async function remediate(
    policy: typeof transferProtocolPolicy,
    r: WireResource,
    config: Record<string, unknown> = {},
): Promise<WireProps | undefined> {
    const args = {
        ...resourceArgs(r, config),
        props: proxy(deserializeProperties(Struct.fromJavaScript(r.properties as never), true)),
    } as ResourceValidationArgs;
    const result = await policy.remediateResource!(args);
    return result ? serializeProperties(result) : undefined;
}

const asResource = (p: WireProvider): WireResource => ({ urn: p.urn, type: p.type, name: p.name, properties: p.properties });

describe("remediation of OBS providers", () => {
    it("turns an http:// OBS endpoint into https://, keeping the JSON-string form and the secrets", async () => {
        const p = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com:80/base", pathStyle: true });
        const out = (await remediate(transferProtocolPolicy, asResource(p)))!;
        // The explicit :80 of plain HTTP goes with it; the path stays.
        expect(out.endpoints).toBe(JSON.stringify([{ s3: "https://obs.eu-de.otc.t-systems.com/base" }]));
        expect(out.accessKey).toEqual({ [SIG_KEY]: SECRET_SIG, value: "AKIAFAKEACCESSKEY0001" });
        expect(out.secretKey).toEqual({ [SIG_KEY]: SECRET_SIG, value: "fake/secret/key/do-not-echo-0001" });
        // Everything else is untouched, in its serialized form.
        expect(out.s3UsePathStyle).toBe("true");
        expect(out.skipCredentialsValidation).toBe("true");
        expect(Object.keys(out).sort()).toEqual(Object.keys(p.properties).sort());
    });

    it("keeps a secret endpoints input secret, and the object form an object", async () => {
        const secretEndpoints = awsProvider({
            raw: { endpoints: secret(JSON.stringify([{ kms: "https://kms" }, { s3: "HTTP://obs.eu-nl.otc.t-systems.com" }])) },
        });
        const out = (await remediate(transferProtocolPolicy, asResource(secretEndpoints)))!;
        expect(out.endpoints).toEqual({
            [SIG_KEY]: SECRET_SIG,
            value: JSON.stringify([{ kms: "https://kms" }, { s3: "https://obs.eu-nl.otc.t-systems.com" }]),
        });
        const objectForm = awsProvider({ raw: { endpoints: [{ s3: "http://obs.otc.t-systems.com" }] } });
        expect((await remediate(transferProtocolPolicy, asResource(objectForm)))!.endpoints).toEqual([
            { s3: "https://obs.otc.t-systems.com" },
        ]);
        // A secret inside the object form stays a secret.
        const nested = awsProvider({
            raw: { endpoints: [{ kms: secret("https://kms.internal"), s3: secret("http://obs.otc.t-systems.com") }] },
        });
        expect((await remediate(transferProtocolPolicy, asResource(nested)))!.endpoints).toEqual([
            {
                kms: { [SIG_KEY]: SECRET_SIG, value: "https://kms.internal" },
                s3: { [SIG_KEY]: SECRET_SIG, value: "https://obs.otc.t-systems.com" },
            },
        ]);
    });

    it("fixes the engine's default provider built from stack config", async () => {
        const def = defaultAwsProvider({
            region: "eu-de",
            endpoints: '[{"s3":"http://obs.eu-de.otc.t-systems.com"}]',
            s3UsePathStyle: "true",
        });
        expect((await remediate(transferProtocolPolicy, asResource(def)))!.endpoints).toBe(
            '[{"s3":"https://obs.eu-de.otc.t-systems.com"}]',
        );
        expect((await remediate(virtualHostedStylePolicy, asResource(def)))!.s3UsePathStyle).toBe("false");
    });

    it("switches s3UsePathStyle off in the form it arrived in", async () => {
        const p = awsProvider({ endpoint: "https://obs.eu-de.otc.t-systems.com", pathStyle: true });
        expect((await remediate(virtualHostedStylePolicy, asResource(p)))!.s3UsePathStyle).toBe("false");
        const bool = awsProvider({ endpoint: "https://obs.eu-de.otc.t-systems.com", raw: { s3UsePathStyle: true } });
        expect((await remediate(virtualHostedStylePolicy, asResource(bool)))!.s3UsePathStyle).toBe(false);
    });

    it("changes nothing that is already right, off OBS, unreadable, or not a provider", async () => {
        expect(
            await remediate(transferProtocolPolicy, asResource(awsProvider({ endpoint: "https://obs.eu-de.otc.t-systems.com" }))),
        ).toBeUndefined();
        expect(await remediate(transferProtocolPolicy, asResource(awsProvider({ endpoint: "http://minio.local:9000" })))).toBeUndefined();
        expect(await remediate(transferProtocolPolicy, asResource(awsProvider({ raw: { endpoints: "[{" } })))).toBeUndefined();
        expect(
            await remediate(transferProtocolPolicy, asResource(awsProvider({ endpoint: "obs.eu-de.otc.t-systems.com" }))),
        ).toBeUndefined();
        // Another explicit port belongs to something whose TLS port the pack cannot know.
        expect(
            await remediate(transferProtocolPolicy, asResource(awsProvider({ endpoint: "http://obs.eu-de.otc.t-systems.com:8080" }))),
        ).toBeUndefined();
        expect(
            await remediate(
                transferProtocolPolicy,
                resource(T.objectV2, "o", { kmsKeyId: "k" }, awsProvider({ endpoint: "http://obs.eu-de.otc.t-systems.com" })),
            ),
        ).toBeUndefined();
        expect(
            await remediate(
                virtualHostedStylePolicy,
                asResource(awsProvider({ endpoint: "https://obs.eu-de.otc.t-systems.com", pathStyle: false })),
            ),
        ).toBeUndefined();
    });

    it("takes listed hosts into account", async () => {
        const gw = asResource(awsProvider({ endpoint: "http://obs-gw.corp.example" }));
        expect(await remediate(transferProtocolPolicy, gw)).toBeUndefined();
        expect((await remediate(transferProtocolPolicy, gw, { obsHosts: ["obs-gw.corp.example"] }))!.endpoints).toBe(
            '[{"s3":"https://obs-gw.corp.example"}]',
        );
    });

    it("invents nothing where the fix is a decision: no remediation for algorithms or keys", () => {
        expect(supportedAlgorithmPolicy.remediateResource).toBeUndefined();
    });
});
