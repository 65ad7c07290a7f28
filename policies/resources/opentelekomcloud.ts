// Reader for the OBS resources of the opentelekomcloud provider (Terraform provider through Pulumi's
// bridge: tokens `opentelekomcloud:index/<name>:<Name>`). Which interfaces each calls follows
// provider-schemas.md §1.3:
//   - ObsBucketObject: one PUT (PutObject or PutFile, never multipart) to create and update; it is
//     read back with a listing (GET /?prefix=key), never HEAD or GET Object, so no read is in the matrix;
//   - S3BucketObject: one PutObject (aws-sdk v1, no upload manager), read back with HEAD Object;
//   - buckets and bucket policies call no matrix interface.
// obs* resources speak the native OBS API, s3* resources the S3-compatible API.
import type { Encryption } from "../matrix";
import { describeValue, fieldOf, inputName, isRecord, isUnknown, readString, reveal } from "../values";
import { flaggedKms } from "./encryptionFlag";
import { READ_BACK, type Candidates, type DeclaredAlgorithm, type ResourcePlan, type ResourceReader, type Shape } from "./types";

export const OTC_TYPES = {
    obsBucket: "opentelekomcloud:index/obsBucket:ObsBucket",
    obsBucketObject: "opentelekomcloud:index/obsBucketObject:ObsBucketObject",
    obsBucketPolicy: "opentelekomcloud:index/obsBucketPolicy:ObsBucketPolicy",
    s3Bucket: "opentelekomcloud:index/s3Bucket:S3Bucket",
    s3BucketObject: "opentelekomcloud:index/s3BucketObject:S3BucketObject",
    s3BucketPolicy: "opentelekomcloud:index/s3BucketPolicy:S3BucketPolicy",
} as const;

const SETTLED = (e: Encryption): Candidates => ({ values: [e] });
const NO_ROW: Candidates = { values: [] };

/** ObsBucketObject: `encryption: true` sends x-obs-server-side-encryption: kms (kmsKeyId optional). */
function readObsObject(props: unknown): ResourcePlan {
    const problems: string[] = [];
    const { target, algorithms } = flaggedKms(props, "kms", problems);
    return {
        api: "obs",
        encryption: target,
        calls: [{ iface: "PUT Object", target, when: "create/update, one PUT of content or source", keyFields: [] }],
        algorithms,
        keyFields: [],
        problems,
    };
}

/** How OBS treats each `serverSideEncryption` value of the S3 object resource. */
const S3_ALGORITHM_ENCRYPTION: Readonly<Record<string, Encryption>> = { "aws:kms": "SSE-KMS", AES256: "SSE-OBS" };

/** S3BucketObject: `serverSideEncryption` (AES256 | aws:kms) and `sseKmsKeyId`, sent as given. */
function readS3Object(props: unknown, shape: Shape): ResourcePlan {
    const problems: string[] = [];
    const algorithms: DeclaredAlgorithm[] = [];
    const sse = readString(props, "serverSideEncryption");
    let target: Candidates;
    switch (sse.state) {
        case "invalid":
            problems.push(sse.problem);
            target = NO_ROW;
            break;
        case "value": {
            algorithms.push({ field: "serverSideEncryption", value: sse.value, ...(sse.sensitive && { sensitive: true }) });
            const encryption = S3_ALGORITHM_ENCRYPTION[sse.value];
            target = encryption ? SETTLED(encryption) : NO_ROW;
            break;
        }
        case "unknown":
            // In preview outputs the attribute is computed: unknown there may still be unset.
            if (shape === "inputs") algorithms.push({ field: "serverSideEncryption", value: undefined });
            target = { values: ["none", "SSE-KMS", "SSE-OBS"], waitingOn: "serverSideEncryption" };
            break;
        case "absent":
            // The provider sends sseKmsKeyId only as a key id; without serverSideEncryption no SSE is asked for.
            target = SETTLED("none");
    }
    return {
        api: "s3",
        encryption: target,
        calls: [
            { iface: "PUT Object", target, when: "create/update, one PutObject", keyFields: [] },
            { iface: "HEAD Object", target, when: READ_BACK, keyFields: [] },
        ],
        algorithms,
        keyFields: [],
        problems,
    };
}

/** ObsBucket: the single `serverSideEncryption { algorithm, kmsKeyId }` block (a list of one is accepted too). */
function readObsBucket(props: unknown, shape: Shape): ResourcePlan {
    const problems: string[] = [];
    const algorithms: DeclaredAlgorithm[] = [];
    const outer = fieldOf(props, "serverSideEncryption");
    let block = outer.value;
    let sensitive = outer.sensitive;
    let field = "serverSideEncryption";
    if (Array.isArray(block)) {
        field = "serverSideEncryption[0]";
        const first = reveal(block[0]);
        block = first.value;
        sensitive ||= first.sensitive;
    }
    if (isUnknown(block)) {
        // The whole block is computed in preview outputs when the program did not set it.
        if (shape === "inputs") algorithms.push({ field: `${field}.algorithm`, value: undefined });
    } else if (isRecord(block)) {
        const alg = readString(block, "algorithm");
        if (alg.state === "value")
            algorithms.push({ field: `${field}.algorithm`, value: alg.value, ...((sensitive || alg.sensitive) && { sensitive: true }) });
        else if (alg.state === "unknown") algorithms.push({ field: `${field}.algorithm`, value: undefined });
        else if (alg.state === "invalid") problems.push(`${field}.${alg.problem}`);
    } else if (block !== undefined && block !== null) {
        problems.push(
            `${inputName(field, sensitive)} must be an object with algorithm and kmsKeyId, got ${describeValue(block, sensitive)}`,
        );
    }
    return { api: "obs", calls: [], algorithms, keyFields: [], problems };
}

/** S3Bucket has no encryption inputs at all; it is read for the stack view and its S3 client. */
const S3_BUCKET_PLAN: ResourcePlan = Object.freeze({ api: "s3", calls: [], algorithms: [], keyFields: [], problems: [] });

export const opentelekomcloudObsReader: ResourceReader = {
    types: [OTC_TYPES.obsBucket, OTC_TYPES.obsBucketObject, OTC_TYPES.s3Bucket, OTC_TYPES.s3BucketObject],
    roles: {
        [OTC_TYPES.obsBucket]: "bucket",
        [OTC_TYPES.obsBucketObject]: "object",
        [OTC_TYPES.obsBucketPolicy]: "bucket-policy",
        [OTC_TYPES.s3Bucket]: "bucket",
        [OTC_TYPES.s3BucketObject]: "object",
        [OTC_TYPES.s3BucketPolicy]: "bucket-policy",
    },
    read(type: string, props: unknown, shape: Shape = "inputs"): ResourcePlan {
        switch (type) {
            case OTC_TYPES.obsBucketObject:
                return readObsObject(props);
            case OTC_TYPES.s3BucketObject:
                return readS3Object(props, shape);
            case OTC_TYPES.obsBucket:
                return readObsBucket(props, shape);
            default:
                return S3_BUCKET_PLAN;
        }
    },
    // The OBS SDK sends obs* bucket policies through the native API, which takes the OBS format.
    policyDialect: (type) => (type === OTC_TYPES.obsBucketPolicy || type === OTC_TYPES.obsBucket ? "obs" : "s3"),
};
