// `pulumi stack export` documents built in the shape the Pulumi CLI writes them (deployment v3/v4),
// for the state cases: providers as their state inputs (default ones from stack config, every value
// a string; explicit ones with JSON.stringify'd non-strings), secrets as ciphertext or plaintext.
// The real exports in test/fixtures/state/ are copies (see PROVENANCE.md there).
import { SECRET_SIG, SIG_KEY } from "../../policies/wireValues";

export const STACK = "prod";
export const PROJECT = "objstore";
export const OTC_HTTP = "http://obs.eu-de.otc.t-systems.com";
export const OTC_HTTPS = "https://obs.eu-de.otc.t-systems.com";
export const KMS_KEY = "eu-de:0123456789abcdef0123456789abcdef:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0";

export const urn = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
export const STACK_URN = urn("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`);

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A secret as an export holds it: ciphertext only (the default), or with --show-secrets its plaintext. */
export function ciphertext(): Json {
    return { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:AAAAAAAAAAAAAAAA:c2VjcmV0LWJ1dC1ub3QtcmVhbA==" };
}
export function plaintext(value: Json): Json {
    return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value) };
}

export interface StateResourceSpec {
    type: string;
    name: string;
    inputs?: Record<string, Json>;
    outputs?: Record<string, Json>;
    provider?: string;
    custom?: boolean;
    delete?: boolean;
    id?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

export function stateResource(s: StateResourceSpec): Record<string, Json> {
    const r: Record<string, Json> = {
        urn: urn(s.type, s.name),
        custom: s.custom ?? true,
        type: s.type,
        parent: STACK_URN,
    };
    if (s.id !== undefined || s.custom !== false) r.id = s.id ?? `${s.name}-id`;
    if (s.delete) r.delete = true;
    if (s.inputs) r.inputs = s.inputs;
    if (s.outputs) r.outputs = s.outputs;
    if (s.provider) r.provider = s.provider;
    if (s.dependencies) r.dependencies = s.dependencies;
    if (s.propertyDependencies) r.propertyDependencies = s.propertyDependencies;
    return r;
}

/** A provider resource and the reference resources use for it. */
export function provider(name: string, inputs: Record<string, Json>, pkg = "aws"): { resource: Record<string, Json>; ref: string } {
    const id = `0000000${name.length}-0000-4000-8000-000000000001`;
    const resource = stateResource({ type: `pulumi:providers:${pkg}`, name, inputs, outputs: inputs, id });
    return { resource, ref: `${urn(`pulumi:providers:${pkg}`, name)}::${id}` };
}

export function stackExport(resources: Array<Record<string, Json>>, version = 3): Record<string, Json> {
    return {
        version,
        deployment: {
            manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.249.0" },
            secrets_providers: { type: "passphrase", state: { salt: "v1:AAAAAAAAAAA=:v1:AAAAAAAAAAAAAAAA:AAAA" } },
            resources: [{ urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" }, ...resources],
        },
    };
}

export const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    sseConfig: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    objectV2: "aws:s3/bucketObjectv2:BucketObjectv2",
} as const;

/** An SSE-KMS object as its state holds it (inputs as written, outputs with the computed attributes). */
export function kmsObject(name: string, providerRef: string | undefined, bucket = "data"): Record<string, Json> {
    const inputs = { bucket, key: `${name}.txt`, content: "x", serverSideEncryption: "aws:kms", kmsKeyId: KMS_KEY };
    return stateResource({
        type: T.objectV2,
        name,
        inputs,
        outputs: { ...inputs, id: `${name}.txt`, etag: "0", versionId: "" },
        ...(providerRef !== undefined && { provider: providerRef }),
    });
}

/** The cases of issue 18, each an export document. */
export function stateCases(): Record<string, Record<string, Json>> {
    // The engine's default provider from `aws:*` stack config: every value a string, endpoints a JSON string.
    const defaultHttp = provider("default_7_48_0", {
        endpoints: JSON.stringify([{ s3: OTC_HTTP }]),
        region: "eu-de",
        skipCredentialsValidation: "true",
        skipRegionValidation: "true",
        s3UsePathStyle: "true",
        secretKey: ciphertext(),
        version: "7.48.0",
    });
    // An explicit provider written in TypeScript: JSON.stringify'd non-strings ("true").
    const explicitHttps = provider("obs", {
        endpoints: JSON.stringify([{ s3: OTC_HTTPS }]),
        insecure: "true",
        s3UsePathStyle: "true",
        region: "eu-de",
        skipCredentialsValidation: "true",
        version: "7.48.0",
    });
    // `--file` without the stack's secrets: every secret is "[secret]" (here as the export holds it: ciphertext).
    const redacted = provider("redacted", { endpoints: ciphertext(), region: "eu-de", version: "7.48.0" });
    const redactedPlain = provider("blinded", { endpoints: "[secret]", insecure: "[secret]", version: "7.48.0" });
    // An export made with --show-secrets: the endpoint is a secret with its plaintext.
    const secretHttp = provider("secret-http", { endpoints: plaintext(JSON.stringify([{ s3: OTC_HTTP }])), version: "7.48.0" });
    return {
        "default provider, endpoints as a JSON string": stackExport([defaultHttp.resource, kmsObject("report", defaultHttp.ref)]),
        'explicit provider with "true" strings': stackExport([explicitHttps.resource, kmsObject("report", explicitHttps.ref)], 4),
        "encrypted (ciphertext) endpoint": stackExport([redacted.resource, kmsObject("report", redacted.ref)]),
        'redacted ("[secret]") endpoint and insecure': stackExport([redactedPlain.resource, kmsObject("report", redactedPlain.ref)]),
        "plaintext secret endpoint": stackExport([secretHttp.resource, kmsObject("report", secretHttp.ref)]),
        "missing provider": stackExport([
            kmsObject("orphan", `${urn("pulumi:providers:aws", "gone")}::00000000-0000-4000-8000-00000000dead`),
        ]),
        "read resource (empty inputs)": stackExport([
            defaultHttp.resource,
            stateResource({
                type: T.objectV2,
                name: "read",
                inputs: {},
                outputs: { bucket: "data", key: "read.txt", serverSideEncryption: "aws:kms", kmsKeyId: KMS_KEY },
                provider: defaultHttp.ref,
            }),
        ]),
        "outputs-only default encryption": stackExport([
            defaultHttp.resource,
            stateResource({
                type: T.bucketV2,
                name: "data",
                inputs: { __defaults: ["bucket"], bucket: "data", forceDestroy: false },
                outputs: {
                    bucket: "data",
                    id: "data",
                    serverSideEncryptionConfigurations: [
                        {
                            rules: [
                                {
                                    applyServerSideEncryptionByDefaults: [{ kmsMasterKeyId: KMS_KEY, sseAlgorithm: "aws:kms" }],
                                    bucketKeyEnabled: false,
                                },
                            ],
                        },
                    ],
                },
                provider: defaultHttp.ref,
            }),
            stateResource({
                type: T.objectV2,
                name: "plain",
                inputs: { bucket: "data", key: "plain.txt", content: "x" },
                outputs: { bucket: "data", key: "plain.txt", content: "x", serverSideEncryption: "", kmsKeyId: "" },
                provider: defaultHttp.ref,
                dependencies: [urn(T.bucketV2, "data")],
                propertyDependencies: { bucket: [urn(T.bucketV2, "data")] },
            }),
        ]),
        "deleted resource": stackExport([defaultHttp.resource, { ...kmsObject("old", defaultHttp.ref), delete: true }]),
    };
}
