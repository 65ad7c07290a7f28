// Stand-in for the Huawei Cloud SDKs (pulumi-huaweicloud's `@huaweicloudos/pulumi` is not on npm).
// Like the generated code, each class is a thin subclass of pulumi.CustomResource with its type
// token: pulumi-huaweicloud's `huaweicloud:Obs/...` tokens, and the `huaweicloud:index/obs...`
// tokens of `pulumi package add terraform-provider huaweicloud/huaweicloud`. The provider
// serializes every non-string input (endpoints, insecure, ...) as a JSON string and marks
// credentials secret. Only the inputs the example uses are typed here.
import * as pulumi from "@pulumi/pulumi";

export interface ProviderArgs {
    region?: pulumi.Input<string>;
    accessKey?: pulumi.Input<string>;
    secretKey?: pulumi.Input<string>;
    cloud?: pulumi.Input<string>;
    endpoints?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    insecure?: pulumi.Input<boolean>;
}

const STRING_INPUTS = new Set(["region", "accessKey", "secretKey", "cloud"]);
const SECRET_INPUTS = new Set(["accessKey", "secretKey"]);

export class Provider extends pulumi.ProviderResource {
    static readonly __pulumiType = "huaweicloud";

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

function resourceClass<Args extends object>(token: string) {
    return class extends pulumi.CustomResource {
        static readonly __pulumiType = token;
        declare readonly bucket: pulumi.Output<string>;
        constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
            super(token, name, { ...args }, opts);
        }
    };
}

export interface BucketArgs {
    bucket: pulumi.Input<string>;
    acl?: pulumi.Input<string>;
    encryption?: pulumi.Input<boolean>;
    sseAlgorithm?: pulumi.Input<string>;
    kmsKeyId?: pulumi.Input<string>;
    policy?: pulumi.Input<string>;
    policyFormat?: pulumi.Input<string>;
}
export interface BucketObjectArgs {
    bucket: pulumi.Input<string>;
    key: pulumi.Input<string>;
    content?: pulumi.Input<string>;
    source?: pulumi.Input<string>;
    encryption?: pulumi.Input<boolean>;
    kmsKeyId?: pulumi.Input<string>;
}
export interface BucketPolicyArgs {
    bucket: pulumi.Input<string>;
    policy: pulumi.Input<string>;
    policyFormat?: pulumi.Input<string>;
}
export interface VpcArgs {
    name: pulumi.Input<string>;
    cidr: pulumi.Input<string>;
}

/** pulumi-huaweicloud: `import * as huaweicloud from "@huaweicloudos/pulumi"; new huaweicloud.Obs.Bucket(...)`. */
export const Obs = {
    Bucket: resourceClass<BucketArgs>("huaweicloud:Obs/bucket:Bucket"),
    BucketObject: resourceClass<BucketObjectArgs>("huaweicloud:Obs/bucketObject:BucketObject"),
    BucketPolicy: resourceClass<BucketPolicyArgs>("huaweicloud:Obs/bucketPolicy:BucketPolicy"),
};
export const Vpc = { Vpc: resourceClass<VpcArgs>("huaweicloud:Vpc/vpc:Vpc") };

/** The Terraform bridge's tokens (`pulumi package add terraform-provider huaweicloud/huaweicloud`). */
export const ObsBucket = resourceClass<BucketArgs>("huaweicloud:index/obsBucket:ObsBucket");
export const ObsBucketObject = resourceClass<BucketObjectArgs>("huaweicloud:index/obsBucketObject:ObsBucketObject");
export const ObsBucketPolicy = resourceClass<BucketPolicyArgs>("huaweicloud:index/obsBucketPolicy:ObsBucketPolicy");
