// A finding as data: what every front end (the pack, obs-sse-check on plans and programs) renders
// in its own form. Locations, suppressions and new formats are fields and renderers, never edits
// of the message text.
import type { ExemptionNote } from "./exemptions";
import type { Edition, Encryption, Interface, Protocol, Signature } from "./matrix";

export type Level = "advisory" | "mandatory";
export type Severity = "low" | "medium" | "high" | "critical";

/** The matrix cell a judged call cites. */
export interface CitedRow {
    readonly edition: Edition;
    /** The table's number in its edition (1, 2: object interfaces; 3, 4: copies). */
    readonly table: number;
    /** 1-based row within that table, in the published order. */
    readonly row: number;
    readonly protocols: readonly Protocol[];
    /** Empty where the edition's tables have no signature column. */
    readonly signatures: readonly Signature[];
}

/** One OBS request a resource makes, as the check judged it. */
export interface JudgedCall {
    readonly interface: Interface;
    readonly encryption: Encryption;
    /** For copies: the source object's encryption. */
    readonly sourceEncryption?: Encryption;
    /** The transfer protocol of the endpoint, or "unknown" while it cannot be told. */
    readonly protocol: Protocol | "unknown";
    readonly signature?: Signature;
    readonly row?: CitedRow;
}

/** What would make the finding go away: a value to set, a statement to add, or advice. */
export type Fix =
    | { readonly kind: "set"; readonly field: string; readonly value: string }
    | { readonly kind: "add-statement"; readonly field: string; readonly statement: unknown }
    | { readonly kind: "advice"; readonly text: string };

/** The resource (or provider, or stack) a finding is about, in the front end's own terms. */
export interface Subject {
    /** Terraform address or Pulumi URN; "(stack)" for the stack as a whole. */
    readonly id: string;
    readonly type: string;
    readonly name: string;
}

export interface SourceLocation {
    readonly file: string;
    readonly line: number;
    readonly column: number;
}

export interface FindingRecord {
    readonly policy: string;
    readonly level: Level;
    readonly severity: Severity;
    readonly subject: Subject;
    /** The inputs the verdict read, as paths in the front end's terms (`endpoints[0].s3`, `kms_key_id`). */
    readonly inputs: readonly string[];
    readonly calls: readonly JudgedCall[];
    readonly fix?: Fix;
    readonly location?: SourceLocation;
    /**
     * What the finding shares with others of one cause (one http provider behind eight objects is
     * one cause): renderers group by it. Never derived from a sensitive value.
     */
    readonly cause: string;
    /**
     * The exemption in the policy config that covers the subject: while it holds the finding is
     * advisory; once expired it is at the policy's level again and says the exemption ended.
     */
    readonly exemption?: ExemptionNote;
    /** The full text, as the Pulumi CLI shows it under the policy's name. */
    readonly message: string;
}
