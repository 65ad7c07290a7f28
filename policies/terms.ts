// The words a front end uses for what messages name: resources, inputs, and the moment unknown
// values become known. Checks build their text through the terms in force, so that each front end
// gets its own wording from the same check, with no rewriting of the text afterwards: the pack
// speaks Pulumi (type token and name, input names as they are, "during preview"), obs-sse-check
// on a plan speaks Terraform (addresses, attribute names, "at plan time").
//
// The terms in force are set by the front end around a synchronous check (`withTerms`); checks
// never await, so no other check can run in between. Readers memoize what they read of a provider
// (its text included), so a process reads everything in one front end's terms: the pack in the
// Pulumi terms, obs-sse-check on plans in Terraform's.
import { printable } from "./printable";

export interface Terms {
    /** How messages name a resource (or provider resource) of the input. */
    subject(resource: { readonly type: string; readonly name: string; readonly urn: string }): string;
    /** An input path of the subject (`kmsKeyId`, `endpoints[0].s3`) in the front end's spelling. */
    input(path: string): string;
    /** A resource type, given by its Pulumi type token, as advice names it (`S3BucketObject`, `opentelekomcloud_s3_bucket_object`). */
    resourceType(token: string): string;
    /** When unknown values are unknown: "during preview", "at plan time". */
    readonly unknownPhase: string;
    /** What happens to a decision that waits on an unknown: "the check runs again at update". */
    readonly recheck: string;
}

/** The pack's terms: `<type token> "<name>"`, input names as they are, the preview and the update. */
export const PULUMI_TERMS: Terms = Object.freeze({
    subject: (r: { readonly type: string; readonly name: string }) => `${printable(r.type)} "${printable(r.name)}"`,
    input: (path: string) => path,
    resourceType: (token: string) => token.slice(token.lastIndexOf(":") + 1),
    unknownPhase: "during preview",
    recheck: "the check runs again at update",
});

let current: Terms = PULUMI_TERMS;

/** The terms in force. */
export function terms(): Terms {
    return current;
}

/** Runs a synchronous check with `t` in force. */
export function withTerms<T>(t: Terms, run: () => T): T {
    const previous = current;
    current = t;
    try {
        return run();
    } finally {
        current = previous;
    }
}
