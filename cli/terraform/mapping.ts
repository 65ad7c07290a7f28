// The one table between Terraform and the pack's readers: which Pulumi type token each Terraform
// resource type reads as, which provider token each Terraform provider reads as, and how
// attribute names and block shapes differ. The rules themselves are never restated here: a
// Terraform resource is turned into the inputs its Pulumi twin would have and read by the same
// readers and policies.
import { AWS_S3_TYPES } from "../../policies/resources/awsS3";
import { HUAWEI_TYPES } from "../../policies/resources/huaweicloud";
import { OTC_TYPES } from "../../policies/resources/opentelekomcloud";
import { HUAWEI_PROVIDER_TYPE } from "../../policies/providers/huaweicloud";
import { OTC_PROVIDER_TYPE } from "../../policies/providers/opentelekomcloud";
import type { Terms } from "../../policies/terms";

export interface ResourceMapping {
    /** The Pulumi type token whose reader reads this Terraform type. */
    readonly token: string;
    /**
     * Nested blocks (by Terraform attribute path, dot-separated) that Terraform writes as a list
     * and the Pulumi SDK as a single object (blocks with at most one item).
     */
    readonly singleBlocks?: readonly string[];
    /** Attribute names (by Terraform path) whose Pulumi name is not simply their camelCase form. */
    readonly renames?: Readonly<Record<string, string>>;
}

export const RESOURCE_MAPPINGS: Readonly<Record<string, ResourceMapping>> = {
    // hashicorp/aws. aws_s3_bucket's inline encryption block is one object in Pulumi's Bucket (the former BucketV2).
    aws_s3_bucket: {
        token: AWS_S3_TYPES.bucket,
        singleBlocks: [
            "server_side_encryption_configuration",
            "server_side_encryption_configuration.rule",
            "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default",
        ],
    },
    aws_s3_bucket_server_side_encryption_configuration: {
        token: AWS_S3_TYPES.bucketSse,
        renames: { rule: "rules" },
        singleBlocks: ["rule.apply_server_side_encryption_by_default"],
    },
    aws_s3_object: { token: AWS_S3_TYPES.bucketObjectV2 },
    aws_s3_bucket_object: { token: AWS_S3_TYPES.bucketObject },
    aws_s3_object_copy: { token: AWS_S3_TYPES.objectCopy },
    aws_s3_bucket_policy: { token: AWS_S3_TYPES.bucketPolicy },
    // opentelekomcloud/opentelekomcloud (bridged tokens of the Pulumi package).
    opentelekomcloud_obs_bucket: { token: OTC_TYPES.obsBucket, singleBlocks: ["server_side_encryption"] },
    opentelekomcloud_obs_bucket_object: { token: OTC_TYPES.obsBucketObject },
    opentelekomcloud_obs_bucket_policy: { token: OTC_TYPES.obsBucketPolicy },
    opentelekomcloud_s3_bucket: { token: OTC_TYPES.s3Bucket },
    opentelekomcloud_s3_bucket_object: { token: OTC_TYPES.s3BucketObject },
    opentelekomcloud_s3_bucket_policy: { token: OTC_TYPES.s3BucketPolicy },
    // huaweicloud/huaweicloud (the bridge's tokens; the flat bucket encryption needs no reshaping).
    huaweicloud_obs_bucket: { token: HUAWEI_TYPES.obsBucket },
    huaweicloud_obs_bucket_object: { token: HUAWEI_TYPES.obsBucketObject },
    huaweicloud_obs_bucket_policy: { token: HUAWEI_TYPES.obsBucketPolicy },
};

export interface ProviderMapping {
    /** The Pulumi provider token whose reader reads this provider. */
    readonly token: string;
    /**
     * The provider arguments the reader needs, by Terraform name, with their Pulumi input names.
     * Only these are read from the configuration: credentials never enter the checker.
     */
    readonly args: Readonly<Record<string, string>>;
    /**
     * Provider inputs that set the object-storage endpoint to `url`, for the config file's
     * explicit override; absent where the provider has no endpoint argument.
     */
    readonly endpointOverride?: (url: string) => Record<string, unknown>;
    /** Why an endpoint cannot be overridden, where it cannot. */
    readonly noOverride?: string;
}

/** By provider type (the last segment of its source address, e.g. registry.terraform.io/hashicorp/aws). */
export const PROVIDER_MAPPINGS: Readonly<Record<string, ProviderMapping>> = {
    aws: {
        token: "pulumi:providers:aws",
        // endpoints is a set of blocks: a list of { s3 = ..., s3api = ... } maps, as the reader takes.
        // s3_force_path_style is the name before provider v5.
        args: { endpoints: "endpoints", insecure: "insecure", s3_use_path_style: "s3UsePathStyle", s3_force_path_style: "s3UsePathStyle" },
        endpointOverride: (url) => ({ endpoints: [{ s3: url }] }),
    },
    opentelekomcloud: {
        token: OTC_PROVIDER_TYPE,
        args: {
            auth_url: "authUrl",
            region: "region",
            tenant_name: "tenantName",
            endpoint_type: "endpointType",
            cloud: "cloud",
            insecure: "insecure",
        },
        noOverride:
            "the opentelekomcloud provider has no endpoint argument (its OBS endpoint comes from the identity catalog of auth_url and region)",
    },
    huaweicloud: {
        token: HUAWEI_PROVIDER_TYPE,
        // endpoints is a map attribute: { obs = "..." }.
        args: { endpoints: "endpoints", region: "region", cloud: "cloud", insecure: "insecure" },
        endpointOverride: (url) => ({ endpoints: { obs: url } }),
    },
};

/** The provider type of a source address: "registry.terraform.io/hashicorp/aws" → "aws". */
export function providerTypeOf(sourceAddress: string): string {
    return sourceAddress.slice(sourceAddress.lastIndexOf("/") + 1);
}

const camelCache = new Map<string, string>();

/** snake_case → camelCase, as Pulumi's bridge names Terraform attributes. */
export function camelCase(name: string): string {
    let c = camelCache.get(name);
    if (c === undefined) {
        c = name.replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
        camelCache.set(name, c);
    }
    return c;
}

/** The Pulumi name of a Terraform attribute at `path` (dot-separated Terraform names) of `mapping`. */
export function pulumiName(mapping: ResourceMapping | undefined, path: string, name: string): string {
    const renamed = mapping?.renames !== undefined && Object.hasOwn(mapping.renames, path) ? mapping.renames[path] : undefined;
    return renamed ?? camelCase(name);
}

/** An input path (`endpoints[0].s3`, `rules[0].applyServerSideEncryptionByDefault`) in Terraform names, name by name. */
export function terraformPath(path: string, names: ReadonlyMap<string, string>): string {
    return path.replace(/[A-Za-z][A-Za-z0-9]*/g, (name) => names.get(name) ?? name);
}

/** Terraform types by the Pulumi type token whose reader reads them. */
const TERRAFORM_TYPES: ReadonlyMap<string, string> = new Map(Object.entries(RESOURCE_MAPPINGS).map(([tf, m]) => [m.token, tf]));

/** What a Terraform reading was read from: a plan (or source), or a deployed state. */
export type TerraformDocument = "plan" | "state";

/** When values a Terraform input does not hold are unknown, and what then cannot be checked. */
const PHASES: Readonly<Record<TerraformDocument, Pick<Terms, "unknownPhase">>> = {
    plan: { unknownPhase: "at plan time" },
    // A state holds what is deployed, and no provider configuration: what it lacks is never known from it.
    state: { unknownPhase: "in the deployed state" },
};

/**
 * Terraform's terms for the checks: resources and providers named by their address (the URN of
 * what the plan reader builds), input paths in the subject's own attribute names (`names`, looked
 * up only when a message names an input), Terraform types, "at plan time" (or "in the deployed
 * state"), and no update that would check again.
 */
export function terraformTerms(
    names: () => ReadonlyMap<string, string>,
    document: TerraformDocument = "plan",
    from = document === "state" ? "this state" : "this plan",
): Terms {
    return terraformTermsFor(callNames, document, from)(names);
}

/** The terms of `terraformTerms`: one object per subject (the command makes one per resource), its methods shared. */
class TerraformTerms<S> implements Terms {
    private known: ReadonlyMap<string, string> | undefined;
    constructor(
        private readonly of: S,
        private readonly namesOf: (subject: S) => ReadonlyMap<string, string>,
        readonly unknownPhase: string,
        readonly recheck: string,
    ) {}
    subject(r: { readonly urn: string }): string {
        return r.urn;
    }
    input(path: string): string {
        return terraformPath(path, (this.known ??= this.namesOf(this.of)));
    }
    resourceType(token: string): string {
        return TERRAFORM_TYPES.get(token) ?? token;
    }
}

/**
 * The same terms for each subject of one reading (`names` gives a subject's attribute names): the
 * texts every subject's terms share are built once.
 */
export function terraformTermsFor<S>(
    names: (subject: S) => ReadonlyMap<string, string>,
    document: TerraformDocument = "plan",
    from = document === "state" ? "this state" : "this plan",
): (subject: S) => Terms {
    const unknownPhase = PHASES[document].unknownPhase;
    const recheck = `it cannot be checked from ${from}`;
    return (subject) => new TerraformTerms(subject, names, unknownPhase, recheck);
}

function callNames(names: () => ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    return names();
}

/** Collects Pulumi name → Terraform name for every attribute name in a plan value, under `mapping`. */
export function collectNames(value: unknown, mapping: ResourceMapping | undefined, into: Map<string, string>, path = ""): void {
    const pairs: string[] = [];
    collectNamePairs(value, mapping, pairs, path);
    for (let i = 0; i < pairs.length; i += 2) into.set(pairs[i]!, pairs[i + 1]!);
}

/**
 * The pairs collectNames sets, in its order, pushed on `into` (Pulumi name, then Terraform name):
 * equal pairs make equal names.
 */
export function collectNamePairs(value: unknown, mapping: ResourceMapping | undefined, into: string[], path = ""): void {
    // Only renames look at paths: without them, none is built.
    pairsAt(value, mapping, into, mapping?.renames !== undefined, path);
}

function pairsAt(value: unknown, mapping: ResourceMapping | undefined, into: string[], paths: boolean, path: string): void {
    if (Array.isArray(value)) {
        for (const v of value) pairsAt(v, mapping, into, paths, path);
        return;
    }
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) {
        const p = paths ? (path ? `${path}.${k}` : k) : "";
        const pulumi = pulumiName(mapping, p, k);
        if (pulumi !== k) into.push(pulumi, k);
        pairsAt(record[k], mapping, into, paths, p);
    }
}
