// Reader for the S3 resources of `@pulumi/aws`: which OBS interfaces each one calls and with which
// encryption. Call patterns follow the AWS provider: objects are uploaded with the S3 upload
// manager (one PUT Object up to 5 MiB, a multipart upload above), copies with one CopyObject, and
// every object is read back with HEAD Object right after each create and update, and on refresh
// (terraform-provider-aws calls its read function at the end of create and update).
import { ENCRYPTIONS, type Encryption } from "../matrix";
import { describeValue, inputName, isPresent, isRecord, isSet, isUnknown, rawField, readString, reveal } from "../values";
import {
    READ_BACK,
    type Candidates,
    type DeclaredAlgorithm,
    type InterfaceCall,
    type ResourcePlan,
    type ResourceReader,
    type Shape,
} from "./types";
import { terms } from "../terms";

export const AWS_S3_TYPES = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketSse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketSseV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    bucketObject: "aws:s3/bucketObject:BucketObject",
    bucketObjectV2: "aws:s3/bucketObjectv2:BucketObjectv2",
    objectCopy: "aws:s3/objectCopy:ObjectCopy",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

/** The upload manager's part size: bodies up to this size go in one PUT Object. */
export const SINGLE_PUT_LIMIT = 5 * 1024 * 1024;

/** How OBS treats each `serverSideEncryption` value sent through the S3 API. */
const ALGORITHM_ENCRYPTION: Readonly<Record<string, Encryption>> = {
    "aws:kms": "SSE-KMS",
    // SSE-S3 on AWS; on OBS the service-managed-key equivalent is SSE-OBS.
    AES256: "SSE-OBS",
};

/**
 * The candidates of an encryption the props settle, one frozen object per encryption: shared by
 * every resource, so that the calls built on them can be shared too (`objectCalls`).
 */
const SETTLED_CANDIDATES: ReadonlyMap<Encryption, Candidates> = new Map(
    ENCRYPTIONS.map((e) => [e, Object.freeze({ values: Object.freeze([e]) })]),
);
const SETTLED = (e: Encryption): Candidates => SETTLED_CANDIDATES.get(e) ?? { values: [e] };
const NO_ROW: Candidates = Object.freeze({ values: Object.freeze([]) });

/** The object's own encryption, from `serverSideEncryption`, `kmsKeyId` and (copies) SSE-C inputs. */
function targetEncryption(props: unknown, problems: string[], algorithms: DeclaredAlgorithm[], sseC: boolean, shape: Shape): Candidates {
    const sse = readString(props, "serverSideEncryption");
    // A key id in the inputs, even one computed during preview, makes the provider send aws:kms.
    // In outputs the key id is also a computed attribute: unknown there may still turn out empty.
    const kmsKeyId = rawField(props, "kmsKeyId");
    const kmsUnknown = isUnknown(kmsKeyId);
    const kms = isSet(kmsKeyId) && (shape === "inputs" || !kmsUnknown);
    const kmsOpen = shape === "outputs" && kmsUnknown;
    if (sse.state === "value")
        algorithms.push({ field: "serverSideEncryption", value: sse.value, ...(sse.sensitive && { sensitive: true }) });
    if (sse.state === "unknown") algorithms.push({ field: "serverSideEncryption", value: undefined });
    if (sse.state === "invalid") {
        problems.push(sse.problem);
        return NO_ROW;
    }
    if (sseC) {
        if (kms || sse.state === "value") {
            problems.push(
                "customerAlgorithm/customerKey (SSE-C) and serverSideEncryption/kmsKeyId are both set; OBS accepts one kind of server-side encryption per object",
            );
            return NO_ROW;
        }
        return SETTLED("SSE-C");
    }
    if (kms) return SETTLED("SSE-KMS");
    switch (sse.state) {
        case "absent":
            return kmsOpen ? { values: ["none", "SSE-KMS"], waitingOn: "kmsKeyId" } : SETTLED("none");
        case "unknown":
            return {
                values: ["none", "SSE-KMS", "SSE-OBS"],
                waitingOn: kmsOpen ? "serverSideEncryption and kmsKeyId" : "serverSideEncryption",
            };
        case "value": {
            const e = ALGORITHM_ENCRYPTION[sse.value];
            return e ? SETTLED(e) : NO_ROW;
        }
    }
}

/**
 * Byte size of the body when the inputs state it, else undefined; only compared with the single-PUT
 * limit, so a body known to be over it is not measured further (a body may be hundreds of MB, and
 * every policy asks): the size returned is then a lower bound above the limit.
 */
function bodySize(props: unknown): number | undefined {
    const content = rawField(props, "content");
    // UTF-8 takes at least one byte per UTF-16 code unit: more units than the limit is over it.
    if (typeof content === "string" && !isUnknown(content))
        return content.length > SINGLE_PUT_LIMIT ? content.length : Buffer.byteLength(content, "utf8");
    const b64 = rawField(props, "contentBase64");
    if (typeof b64 === "string" && !isUnknown(b64)) return base64DecodedSize(b64, SINGLE_PUT_LIMIT);
    return undefined;
}

/**
 * The number of bytes Node's base64 decoder (what the SDK sends the body as) makes of `text`: 3 per 4
 * alphabet characters before the first "=", other characters skipped; counting stops once it is over `cap`.
 */
export function base64DecodedSize(text: string, cap: number): number {
    let chars = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 61) break; // "="
        // A-Z, a-z, 0-9, "+", "/", and the URL-safe "-" and "_".
        if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 45 || c === 95) {
            chars++;
            if ((chars * 3) >> 2 > cap) return (chars * 3) >> 2;
        }
    }
    return Math.floor((chars * 3) / 4);
}

/** The condition that picks each upload path, for when the body size is unknown. */
const SINGLE_PUT_PATH = "if the body is 5 MiB or less";
const MULTIPART_PATH = "if the body is over 5 MiB";

type SizeClass = "unknown" | "single" | "multipart";

/**
 * The calls of an object whose encryption is settled (a shared candidates object), by size class:
 * built once and frozen, since most objects of a stack settle their encryption and every request
 * would otherwise build the same five calls again. Plans are never changed in place.
 */
const sharedObjectCalls = new Map<Candidates, Map<SizeClass, readonly InterfaceCall[]>>();

function objectCallsOf(target: Candidates, size: number | undefined): readonly InterfaceCall[] {
    if (target !== NO_ROW && SETTLED_CANDIDATES.get(target.values[0] ?? "none") !== target) return objectCalls(target, size);
    const sizeClass: SizeClass = size === undefined ? "unknown" : size <= SINGLE_PUT_LIMIT ? "single" : "multipart";
    let bySize = sharedObjectCalls.get(target);
    if (bySize === undefined) sharedObjectCalls.set(target, (bySize = new Map<SizeClass, readonly InterfaceCall[]>()));
    let calls = bySize.get(sizeClass);
    if (calls === undefined) {
        calls = Object.freeze(
            objectCalls(target, size).map((c) => {
                Object.freeze(c.keyFields);
                return Object.freeze(c);
            }),
        );
        bySize.set(sizeClass, calls);
    }
    return calls;
}

function objectCalls(target: Candidates, size: number | undefined): InterfaceCall[] {
    // With the size unknown, exactly one of the two upload paths runs: each call says which.
    const path = (condition: string) => (size === undefined ? { path: condition } : {});
    const single: InterfaceCall = {
        iface: "PUT Object",
        target,
        when: "create/update, body up to 5 MiB",
        keyFields: [],
        ...path(SINGLE_PUT_PATH),
    };
    const multipart: InterfaceCall[] = (["Initiate Multipart Upload", "Upload Part", "Complete Multipart Upload"] as const).map(
        (iface) => ({ iface, target, when: "create/update, body over 5 MiB", keyFields: [], ...path(MULTIPART_PATH) }),
    );
    const head: InterfaceCall = { iface: "HEAD Object", target, when: READ_BACK, keyFields: [] };
    if (size === undefined) return [single, ...multipart, head];
    return size <= SINGLE_PUT_LIMIT ? [single, head] : [...multipart, head];
}

function readObject(props: unknown, shape: Shape): ResourcePlan {
    const problems: string[] = [];
    const algorithms: DeclaredAlgorithm[] = [];
    const target = targetEncryption(props, problems, algorithms, false, shape);
    return { encryption: target, calls: objectCallsOf(target, bodySize(props)), algorithms, keyFields: [], problems };
}

/** A problem in `problems` when the SSE-C algorithm input `field` is set to anything but AES256. */
function checkSseCAlgorithm(props: unknown, field: string, problems: string[]): void {
    const alg = readString(props, field);
    if (alg.state === "invalid") problems.push(alg.problem);
    // The value is not echoed: a key pasted into the wrong input must not reach a message.
    if (alg.state === "value" && alg.value !== "AES256")
        problems.push(`${terms().input(field)} is not "AES256", the only SSE-C algorithm OBS supports`);
}

function readCopy(props: unknown, shape: Shape): ResourcePlan {
    const problems: string[] = [];
    const algorithms: DeclaredAlgorithm[] = [];
    const targetKey = isPresent(props, "customerKey");
    const sourceKey = isPresent(props, "sourceCustomerKey");
    const targetSseC = isPresent(props, "customerAlgorithm") || targetKey;
    const sourceSseC = isPresent(props, "sourceCustomerAlgorithm") || sourceKey;
    checkSseCAlgorithm(props, "customerAlgorithm", problems);
    checkSseCAlgorithm(props, "sourceCustomerAlgorithm", problems);
    const target = targetEncryption(props, problems, algorithms, targetSseC, shape);
    // Without SSE-C inputs the source is either unencrypted or SSE-KMS; the copy cannot tell which
    // from its own inputs (obs-sse-copy-source does, when the source is in the stack).
    const source: Candidates = sourceSseC ? SETTLED("SSE-C") : { values: ["none", "SSE-KMS"], waitingOn: "the source object's encryption" };
    const keyFields: string[] = [];
    if (targetKey) keyFields.push("customerKey");
    if (sourceKey) keyFields.push("sourceCustomerKey");
    return {
        encryption: target,
        calls: [
            { iface: "PUT Object - Copy", target, source, when: "create/update, via CopyObject", keyFields },
            { iface: "HEAD Object", target, when: READ_BACK, keyFields: [] },
        ],
        algorithms,
        keyFields,
        problems,
    };
}

/**
 * Collects the values at a path of nested inputs. A segment ending in "[]" walks a list (a
 * single object is taken as a list of one); field names in the result carry the indexes.
 */
function collectAt(props: unknown, path: readonly string[]): Array<{ field: string; value: unknown; sensitive: boolean }> {
    const out: Array<{ field: string; value: unknown; sensitive: boolean }> = [];
    collectInto(out, props, path, 0, "", false);
    return out;
}

/** `collectAt` from segment `at` on, into `out` (an index and one result list: no array per level). */
function collectInto(
    out: Array<{ field: string; value: unknown; sensitive: boolean }>,
    props: unknown,
    path: readonly string[],
    at: number,
    prefix: string,
    outerSensitive: boolean,
): void {
    const head = path[at];
    const revealed = reveal(props);
    const node = revealed.value;
    const sensitive = outerSensitive || revealed.sensitive;
    if (head === undefined || isUnknown(node)) {
        out.push({ field: prefix, value: node, sensitive });
        return;
    }
    if (!isRecord(node)) return;
    const many = head.endsWith("[]");
    const key = many ? head.slice(0, -2) : head;
    const childRevealed = reveal(node[key]);
    const child = childRevealed.value;
    const childSensitive = sensitive || childRevealed.sensitive;
    const base = prefix ? `${prefix}.${key}` : key;
    if (child === undefined || child === null) return;
    if (isUnknown(child)) {
        out.push({ field: base, value: child, sensitive: childSensitive });
        return;
    }
    if (!many) {
        collectInto(out, child, path, at + 1, base, childSensitive);
        return;
    }
    if (!Array.isArray(child)) {
        collectInto(out, child, path, at + 1, `${base}[0]`, childSensitive);
        return;
    }
    for (let i = 0; i < child.length; i++) collectInto(out, child[i], path, at + 1, `${base}[${i}]`, childSensitive);
}

const DEFAULT_ENCRYPTION_PATHS: Readonly<Record<string, readonly string[]>> = {
    [AWS_S3_TYPES.bucket]: ["serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm"],
    [AWS_S3_TYPES.bucketV2]: ["serverSideEncryptionConfigurations[]", "rules[]", "applyServerSideEncryptionByDefaults[]", "sseAlgorithm"],
    [AWS_S3_TYPES.bucketSse]: ["rules[]", "applyServerSideEncryptionByDefault", "sseAlgorithm"],
    [AWS_S3_TYPES.bucketSseV2]: ["rules[]", "applyServerSideEncryptionByDefault", "sseAlgorithm"],
};

function readBucketDefault(type: string, props: unknown, shape: Shape): ResourcePlan {
    const problems: string[] = [];
    const algorithms: DeclaredAlgorithm[] = [];
    const path = DEFAULT_ENCRYPTION_PATHS[type];
    if (path === undefined) throw new Error(`the AWS S3 reader has no default-encryption field for type ${type}`);
    // A bucket's whole encryption block is a computed attribute: in preview outputs it is unknown
    // whenever the program did not set it, so there it reads as unset.
    const computedBlock =
        shape === "outputs" && (type === AWS_S3_TYPES.bucket || type === AWS_S3_TYPES.bucketV2) ? path[0]?.replace("[]", "") : undefined;
    for (const { field, value, sensitive } of collectAt(props, path)) {
        if (isUnknown(value) && field === computedBlock) continue;
        if (isUnknown(value)) algorithms.push({ field, value: undefined });
        else if (typeof value === "string") algorithms.push({ field, value, ...(sensitive && { sensitive: true }) });
        else problems.push(`${inputName(field, sensitive)} must be a string, got ${describeValue(value, sensitive)}`);
    }
    // Bucket calls (PUT Bucket encryption and the like) are not in the matrix.
    return { calls: [], algorithms, keyFields: [], problems };
}

export const awsS3Reader: ResourceReader = {
    types: [
        AWS_S3_TYPES.bucket,
        AWS_S3_TYPES.bucketV2,
        AWS_S3_TYPES.bucketSse,
        AWS_S3_TYPES.bucketSseV2,
        AWS_S3_TYPES.bucketObject,
        AWS_S3_TYPES.bucketObjectV2,
        AWS_S3_TYPES.objectCopy,
    ],
    roles: {
        [AWS_S3_TYPES.bucket]: "bucket",
        [AWS_S3_TYPES.bucketV2]: "bucket",
        [AWS_S3_TYPES.bucketSse]: "bucket-encryption",
        [AWS_S3_TYPES.bucketSseV2]: "bucket-encryption",
        [AWS_S3_TYPES.bucketObject]: "object",
        [AWS_S3_TYPES.bucketObjectV2]: "object",
        [AWS_S3_TYPES.objectCopy]: "copy",
        [AWS_S3_TYPES.bucketPolicy]: "bucket-policy",
    },
    read(type: string, props: unknown, shape: Shape = "inputs"): ResourcePlan {
        switch (type) {
            case AWS_S3_TYPES.bucketObject:
            case AWS_S3_TYPES.bucketObjectV2:
                return readObject(props, shape);
            case AWS_S3_TYPES.objectCopy:
                return readCopy(props, shape);
            default:
                return readBucketDefault(type, props, shape);
        }
    },
};
