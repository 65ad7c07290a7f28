// Builders for single resources as the engine sends them to Analyze: provider inputs serialized the
// way the @pulumi/aws SDK serializes them (every non-string input a JSON string), default providers
// built from stack config (every value a string), secrets and unknowns in their wire forms.
import { UNKNOWN, secret, type WireProps, type WireProvider, type WireResource, type WireValue } from "../engine/wire";

export const STACK = "dev";
export const PROJECT = "obs-app";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

export interface AwsProviderOptions {
    name?: string;
    /** The S3 endpoint; undefined for a provider that talks to AWS. */
    /** A URL, or UNKNOWN.string for an endpoint unknown during preview. */
    endpoint?: string;
    insecure?: boolean;
    pathStyle?: boolean;
    /** Raw input overrides, as they would arrive. */
    raw?: WireProps;
}

/** An explicit `new aws.Provider(name, {...})` as the SDK serializes its inputs. */
export function awsProvider(o: AwsProviderOptions = {}): WireProvider {
    const name = o.name ?? "obs";
    const props: WireProps = {
        region: "eu-de",
        accessKey: secret("AKIAFAKEACCESSKEY0001"),
        secretKey: secret("fake/secret/key/do-not-echo-0001"),
        skipCredentialsValidation: "true",
        skipRegionValidation: "true",
        skipRequestingAccountId: "true",
        skipMetadataApiCheck: "true",
        version: "7.48.0",
    };
    if (o.endpoint !== undefined) props.endpoints = JSON.stringify([{ s3: o.endpoint }]);
    if (o.insecure !== undefined) props.insecure = JSON.stringify(o.insecure);
    if (o.pathStyle !== undefined) props.s3UsePathStyle = JSON.stringify(o.pathStyle);
    Object.assign(props, o.raw);
    return { urn: urnOf("pulumi:providers:aws", name), type: "pulumi:providers:aws", name, properties: props };
}

/** The engine's default aws provider, built from `aws:*` stack config (all values strings). */
export function defaultAwsProvider(config: Record<string, string>): WireProvider {
    return {
        urn: urnOf("pulumi:providers:aws", "default_7_48_0"),
        type: "pulumi:providers:aws",
        name: "default_7_48_0",
        properties: { ...config, version: "7.48.0" },
    };
}

export function resource(type: string, name: string, properties: Record<string, WireValue>, provider?: WireProvider): WireResource {
    return { urn: urnOf(type, name), type, name, properties, provider };
}

export const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    sseConfig: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    object: "aws:s3/bucketObject:BucketObject",
    objectV2: "aws:s3/bucketObjectv2:BucketObjectv2",
    copy: "aws:s3/objectCopy:ObjectCopy",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

export const KMS_KEY = "eu-de:0123456789abcdef0123456789abcdef:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0";
export const SSE_C_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

export { UNKNOWN, secret };
