// Stand-in for the SDK that `pulumi package add terraform-provider opentelekomcloud/opentelekomcloud`
// generates (no such package is published on npm). Like the generated code, each class is a thin
// subclass of pulumi.CustomResource with the bridge's type token, and the provider serializes every
// non-string input as a JSON string and marks credentials secret. Only the inputs the example uses
// are typed here.
import * as pulumi from "@pulumi/pulumi";

export interface ProviderArgs {
    authUrl?: pulumi.Input<string>;
    region?: pulumi.Input<string>;
    tenantName?: pulumi.Input<string>;
    domainName?: pulumi.Input<string>;
    accessKey?: pulumi.Input<string>;
    secretKey?: pulumi.Input<string>;
    endpointType?: pulumi.Input<string>;
    insecure?: pulumi.Input<boolean>;
    maxRetries?: pulumi.Input<number>;
}

const STRING_INPUTS = new Set(["authUrl", "region", "tenantName", "domainName", "accessKey", "secretKey", "endpointType"]);
const SECRET_INPUTS = new Set(["accessKey", "secretKey"]);

export class Provider extends pulumi.ProviderResource {
    static readonly __pulumiType = "opentelekomcloud";

    constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
        const inputs: pulumi.Inputs = {};
        for (const [key, value] of Object.entries(args) as Array<[string, unknown]>) {
            if (value === undefined) continue;
            const input = SECRET_INPUTS.has(key) ? pulumi.secret(value) : value;
            // "provider properties must be marshaled as JSON strings" (the Node.js code generator).
            inputs[key] = STRING_INPUTS.has(key) ? input : pulumi.output(input).apply((v) => JSON.stringify(v));
        }
        super(Provider.__pulumiType, name, inputs, opts);
    }
}

/** One class per resource token, as the generated SDK has them. */
function resourceClass<Args extends object>(token: string) {
    return class extends pulumi.CustomResource {
        static readonly __pulumiType = token;
        declare readonly bucket: pulumi.Output<string>;
        constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
            super(token, name, { ...args }, opts);
        }
    };
}

export interface ObsBucketArgs {
    bucket: pulumi.Input<string>;
    acl?: pulumi.Input<string>;
    serverSideEncryption?: pulumi.Input<{ algorithm: pulumi.Input<string>; kmsKeyId: pulumi.Input<string> }>;
}
export interface ObsBucketObjectArgs {
    bucket: pulumi.Input<string>;
    key: pulumi.Input<string>;
    content?: pulumi.Input<string>;
    source?: pulumi.Input<string>;
    contentType?: pulumi.Input<string>;
    encryption?: pulumi.Input<boolean>;
    kmsKeyId?: pulumi.Input<string>;
}
export interface BucketPolicyArgs {
    bucket: pulumi.Input<string>;
    policy: pulumi.Input<string>;
}
export interface S3BucketArgs {
    bucket: pulumi.Input<string>;
    acl?: pulumi.Input<string>;
}
export interface S3BucketObjectArgs {
    bucket: pulumi.Input<string>;
    key: pulumi.Input<string>;
    content?: pulumi.Input<string>;
    serverSideEncryption?: pulumi.Input<string>;
    sseKmsKeyId?: pulumi.Input<string>;
}
export interface VpcV1Args {
    name: pulumi.Input<string>;
    cidr: pulumi.Input<string>;
}

export const ObsBucket = resourceClass<ObsBucketArgs>("opentelekomcloud:index/obsBucket:ObsBucket");
export const ObsBucketObject = resourceClass<ObsBucketObjectArgs>("opentelekomcloud:index/obsBucketObject:ObsBucketObject");
export const ObsBucketPolicy = resourceClass<BucketPolicyArgs>("opentelekomcloud:index/obsBucketPolicy:ObsBucketPolicy");
export const S3Bucket = resourceClass<S3BucketArgs>("opentelekomcloud:index/s3Bucket:S3Bucket");
export const S3BucketObject = resourceClass<S3BucketObjectArgs>("opentelekomcloud:index/s3BucketObject:S3BucketObject");
export const S3BucketPolicy = resourceClass<BucketPolicyArgs>("opentelekomcloud:index/s3BucketPolicy:S3BucketPolicy");
export const VpcV1 = resourceClass<VpcV1Args>("opentelekomcloud:index/vpcV1:VpcV1");
