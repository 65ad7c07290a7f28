// Pulumi type tokens: "aws:s3/bucket:Bucket" for a resource, "pulumi:providers:aws" for a provider.

const PROVIDER_PREFIX = "pulumi:providers:";

/** The package of a type token: "aws" for aws:s3/bucket:Bucket and for pulumi:providers:aws. */
export function packageOf(type: string): string {
    return type.startsWith(PROVIDER_PREFIX) ? type.slice(PROVIDER_PREFIX.length) : type.split(":")[0];
}
