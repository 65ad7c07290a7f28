// What a resource will ask of OBS: the matrix interfaces its create, read and update call, with
// the encryption of the object (and, for copies, of the source), plus the SSE algorithm values it
// declares. One reader per resource package produces it.
import type { ObsApi } from "../edition";
import type { Encryption, Interface } from "../matrix";

/**
 * The encryptions an object may have. One value when the inputs settle it; several when an input
 * is unknown during preview (`waitingOn` names it); none when the declared algorithm is one OBS
 * does not support, so no matrix row can apply.
 */
export interface Candidates {
    readonly values: readonly Encryption[];
    readonly waitingOn?: string;
}

export interface InterfaceCall {
    readonly iface: Interface;
    /** Encryption of the object or part written or read. */
    readonly target: Candidates;
    /** Encryption of the object copied from (copy interfaces only). */
    readonly source?: Candidates;
    /** When the resource makes this call, for messages. */
    readonly when: string;
    /** Inputs whose SSE-C key material travels with this request. */
    readonly keyFields: readonly string[];
    /**
     * Set when the resource takes one of several paths and its inputs do not say which (an upload
     * whose body size is unknown): the condition under which this call runs. Calls without it
     * always run.
     */
    readonly path?: string;
}

/**
 * When HEAD Object runs for an object resource whose provider reads it back that way: the
 * Terraform resources' create and update end with their read, so after every create and update,
 * and on refresh (aws_s3_object, opentelekomcloud_s3_bucket_object, huaweicloud_obs_bucket_object).
 */
export const READ_BACK = "after create/update, and on refresh";

export interface DeclaredAlgorithm {
    readonly field: string;
    /** The value, or undefined when it is unknown during preview. */
    readonly value: string | undefined;
    /** Read from a sensitive input: judged as any, never quoted or described. */
    readonly sensitive?: true;
    /**
     * When the value is not written in `field` but follows from it (Terraform's S3 backend sends
     * AES256 for `encrypt = true` alone): how messages say what asks for it, in place of "<field> is".
     */
    readonly requestedAs?: string;
    /** The fix for such a value, in place of "set <field> to aws:kms". */
    readonly fix?: string;
}

export interface ResourcePlan {
    /** The object's own encryption (objects and copies; absent for buckets and providers). */
    readonly encryption?: Candidates;
    readonly calls: readonly InterfaceCall[];
    /** SSE algorithm values the resource asks OBS to apply (object SSE or bucket default). */
    readonly algorithms: readonly DeclaredAlgorithm[];
    /** SSE-C inputs present on the resource. */
    readonly keyFields: readonly string[];
    /** Inputs that are present but malformed, each message naming its field. */
    readonly problems: readonly string[];
    /**
     * The API family of the client the resource's requests go through, for provider packages with
     * more than one (the OTC provider: native OBS for obs* resources, S3 for s3* resources).
     * Absent: the provider's only client.
     */
    readonly api?: ObsApi;
}

/** What a resource type is to the stack policies. */
export type StackRole = "bucket" | "bucket-encryption" | "object" | "copy" | "bucket-policy";

/** The dialect of a bucket policy document: S3 (`aws:SecureTransport`) or OBS (`SecureTransport`, `{"ID": [...]}`). */
export type PolicyDialect = "s3" | "obs";

/**
 * Which properties a reader is given: resource policies see inputs, stack policies outputs. In
 * outputs, attributes the provider computes (kmsKeyId, serverSideEncryption) are unknown during
 * preview even when the program never set them.
 */
export type Shape = "inputs" | "outputs";

export interface ResourceReader {
    readonly types: readonly string[];
    read(type: string, props: unknown, shape?: Shape): ResourcePlan;
    /** The role of each type in the stack view (bucket policies included, which `read` does not take). */
    readonly roles: Readonly<Record<string, StackRole>>;
    /** The dialect of the bucket policy a bucket or bucket-policy resource carries; "s3" when absent. */
    policyDialect?(type: string, props: unknown): PolicyDialect;
}
