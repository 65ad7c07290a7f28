// Reader for the OBS resources of the huaweicloud provider, under both token families:
// pulumi-huaweicloud's `huaweicloud:Obs/<name>:<Name>` and the Terraform bridge's
// `huaweicloud:index/obs<Name>:Obs<Name>`. Which interfaces each calls follows
// provider-schemas.md §2.3:
//   - bucket objects: HEAD bucket, one PUT (PutObject or PutFile, never multipart), PUT ?tagging;
//     read back with HEAD Object. Their requests are V2-signed with x-amz- headers (api "s3");
//   - buckets (encryption is flat: encryption, sseAlgorithm kms|AES256, kmsKeyId) and bucket
//     policies call no matrix interface; bucket creation and encryption are OBS-signed.
import { isUnknown, rawField, readString } from "../values";
import { flaggedKms, readEncryptionFlag } from "./encryptionFlag";
import { READ_BACK, type DeclaredAlgorithm, type PolicyDialect, type ResourcePlan, type ResourceReader, type Shape } from "./types";

export const HUAWEI_TYPES = {
    bucket: "huaweicloud:Obs/bucket:Bucket",
    bucketObject: "huaweicloud:Obs/bucketObject:BucketObject",
    bucketPolicy: "huaweicloud:Obs/bucketPolicy:BucketPolicy",
    obsBucket: "huaweicloud:index/obsBucket:ObsBucket",
    obsBucketObject: "huaweicloud:index/obsBucketObject:ObsBucketObject",
    obsBucketPolicy: "huaweicloud:index/obsBucketPolicy:ObsBucketPolicy",
} as const;

const BUCKETS: ReadonlySet<string> = new Set([HUAWEI_TYPES.bucket, HUAWEI_TYPES.obsBucket]);
const OBJECTS: ReadonlySet<string> = new Set([HUAWEI_TYPES.bucketObject, HUAWEI_TYPES.obsBucketObject]);

/** A bucket object: `encryption: true` sends x-amz-server-side-encryption: aws:kms (kmsKeyId optional). */
function readObject(props: unknown): ResourcePlan {
    const problems: string[] = [];
    const { target, algorithms } = flaggedKms(props, "aws:kms", problems);
    return {
        api: "s3",
        encryption: target,
        calls: [
            { iface: "PUT Object", target, when: "create/update, one PUT of content or source", keyFields: [] },
            { iface: "HEAD Object", target, when: READ_BACK, keyFields: [] },
        ],
        algorithms,
        keyFields: [],
        problems,
    };
}

/**
 * A bucket's default encryption: off unless `encryption` is true; then `sseAlgorithm`, which the
 * provider defaults to kms (AES256 is SSE-OBS, which Huawei Cloud supports).
 */
function readBucket(props: unknown, shape: Shape): ResourcePlan {
    const problems: string[] = [];
    const algorithms: DeclaredAlgorithm[] = [];
    // While the flag is unknown (preview) whether any default applies is open: nothing is declared yet.
    if (readEncryptionFlag(props, problems) === true) {
        const alg = readString(props, "sseAlgorithm");
        if (alg.state === "value") algorithms.push({ field: "sseAlgorithm", value: alg.value, ...(alg.sensitive && { sensitive: true }) });
        else if (alg.state === "invalid") problems.push(alg.problem);
        // sseAlgorithm is computed: unknown in preview outputs when unset, where the default applies.
        else if (alg.state === "unknown" && shape === "inputs") algorithms.push({ field: "sseAlgorithm", value: undefined });
        else algorithms.push({ field: "sseAlgorithm", value: "kms" });
    }
    return { api: "obs", calls: [], algorithms, keyFields: [], problems };
}

/** `policyFormat` picks the dialect of a bucket's or bucket policy's document; the provider's default is obs. */
function policyDialect(_type: string, props: unknown): PolicyDialect {
    const format = rawField(props, "policyFormat");
    return typeof format === "string" && !isUnknown(format) && format.trim().toLowerCase() !== "" && format.trim().toLowerCase() !== "obs"
        ? "s3"
        : "obs";
}

export const huaweicloudObsReader: ResourceReader = {
    types: [...BUCKETS, ...OBJECTS],
    roles: {
        [HUAWEI_TYPES.bucket]: "bucket",
        [HUAWEI_TYPES.bucketObject]: "object",
        [HUAWEI_TYPES.bucketPolicy]: "bucket-policy",
        [HUAWEI_TYPES.obsBucket]: "bucket",
        [HUAWEI_TYPES.obsBucketObject]: "object",
        [HUAWEI_TYPES.obsBucketPolicy]: "bucket-policy",
    },
    read(type: string, props: unknown, shape: Shape = "inputs"): ResourcePlan {
        return OBJECTS.has(type) ? readObject(props) : readBucket(props, shape);
    },
    policyDialect,
};
