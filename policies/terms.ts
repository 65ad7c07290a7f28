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
    /**
     * Set when the input is what is deployed (a Pulumi state, a Terraform state), not what a run
     * would do: findings say what the resource does ("calls"), not what it would do ("would call").
     */
    readonly deployed?: boolean;
}

/** The pack's terms: `<type token> "<name>"`, input names as they are, the preview and the update. */
export const PULUMI_TERMS: Terms = Object.freeze({
    subject: (r: { readonly type: string; readonly name: string }) => `${printable(r.type)} "${printable(r.name)}"`,
    input: (path: string) => path,
    resourceType: (token: string) => token.slice(token.lastIndexOf(":") + 1),
    unknownPhase: "during preview",
    recheck: "the check runs again at update",
});

/**
 * The pack's terms on a stack's state (`pulumi policy analyze`, and the command on a stack
 * export): resources are named as deployed, and an unknown is a value the state does not hold.
 */
export const PULUMI_STATE_TERMS: Terms = Object.freeze({
    subject: (r: { readonly type: string; readonly name: string }) => `${printable(r.type)} "${printable(r.name)}" (deployed)`,
    input: (path: string) => path,
    resourceType: (token: string) => token.slice(token.lastIndexOf(":") + 1),
    unknownPhase: "in the stack's state",
    recheck:
        "the state does not hold it, so check the stack again once it does (a value shown as [secret] is a secret the state was read without decrypting: analyze with access to the stack's secrets)",
    deployed: true,
});

/**
 * A verb as findings use it for what a resource does with OBS: "would call" in a preview or plan,
 * "calls" for what is deployed. `verb` is the bare form ("call", "send", "make"); `plural` for a
 * plural subject ("these calls break").
 */
export function would(verb: string, plural = false): string {
    if (current.deployed !== true) return `would ${verb}`;
    return plural ? verb : `${verb}s`;
}

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

/**
 * Puts `t` in force and returns the terms it replaces, for a caller that puts those back in its own
 * `finally`: the pack's validations, which run under the pack's terms without a frame per call.
 */
export function enterTerms(t: Terms): Terms {
    const previous = current;
    current = t;
    return previous;
}

/** `run(a, b)` with `t` in force: `withTerms` without a closure per call, for the command's loop over resources. */
export function callWithTerms<A, B, R>(t: Terms, run: (a: A, b: B) => R, a: A, b: B): R {
    const previous = current;
    current = t;
    try {
        return run(a, b);
    } finally {
        current = previous;
    }
}
