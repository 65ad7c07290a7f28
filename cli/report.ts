// What a run of obs-sse-check reports, per input, before any format renders it.
import type { ExemptionNote } from "../policies/exemptions";
import type { Fix, JudgedCall, Level, SourceLocation } from "../policies/finding";

export type { Level };

export interface Finding {
    readonly policy: string;
    readonly enforcementLevel: Level;
    readonly severity: string;
    /** The Terraform address, or the Pulumi URN. */
    readonly resource: string;
    /** The Terraform resource type, or the Pulumi type token. */
    readonly resourceType: string;
    /** The name the Pulumi CLI shows: the Terraform address, or the Pulumi resource name. */
    readonly resourceName: string;
    readonly message: string;
    /** The input file or directory, as given on the command line. */
    readonly input: string;
    /** The OBS requests the verdict judged, with the matrix rows they cite (where the front end knows them). */
    readonly calls?: readonly JudgedCall[];
    /** What would make the finding go away, in the front end's terms. */
    readonly fix?: Fix;
    /** Where in the input the subject is written, where known. */
    readonly location?: SourceLocation;
    /**
     * Where the subject's own block starts, where known: `location` may point elsewhere (an
     * argument of the resource's provider). A suppression comment above this block covers the
     * finding too. Not part of the JSON report.
     */
    readonly subjectLocation?: SourceLocation;
    /** What the finding shares with others of one cause (never derived from a sensitive value): the text report groups by it. */
    readonly cause?: string;
    /**
     * Why the finding does not count towards the exit code, when it does not: a comment in the
     * source (`inSource`) or an exemption in the policy config (`external`). An expired one
     * counts again and says so (`expired: true`).
     */
    readonly suppression?: Suppression;
    /**
     * Set when the run compares with a baseline (--baseline): "unchanged" findings were in it and
     * do not count towards the exit code, "new" ones were not.
     */
    readonly baselineState?: "new" | "unchanged";
}

/** How a front end built a finding's message: its policy's description, a line break, then this text. */
interface MessageParts {
    readonly description: string;
    readonly text: string;
}

/**
 * The parts of findings' messages, by finding, where the front end that made them records them:
 * a renderer that shows the description once reads the text without taking the message apart
 * (which would copy every message of a large report once more). A finding copied with a field
 * added has none; renderers then split the message itself.
 */
const messageParts = new WeakMap<Finding, MessageParts>();

/** Records that `finding.message` is `description`, a line break, then `text`; returns the finding. */
export function withMessageParts(finding: Finding, description: string, text: string): Finding {
    messageParts.set(finding, { description, text });
    return finding;
}

/** The finding's message after `description` and its line break, when the front end recorded it so. */
export function messageAfter(finding: Finding, description: string): string | undefined {
    const parts = messageParts.get(finding);
    return parts !== undefined && parts.description === description ? parts.text : undefined;
}

export interface Suppression {
    /** As SARIF names them: a comment in the source, or an exemption kept outside it (policy config). */
    readonly kind: "inSource" | "external";
    readonly reason: string;
    /** YYYY-MM-DD, the last day it holds. */
    readonly expires?: string;
    /** The expiry has passed: the finding counts again. */
    readonly expired: boolean;
}

/** A finding's suppression by an exemption in the policy config (`--config`). */
export function externalSuppression(note: ExemptionNote): Suppression {
    return { kind: "external", reason: note.reason, ...(note.expires !== undefined && { expires: note.expires }), expired: note.expired };
}

/** What an input was read as: a plan, a directory of .tf files, a state, a Pulumi program or stack export. */
export type InputReportKind = "terraform-plan" | "terraform-source" | "terraform-state" | "pulumi-program" | "pulumi-stack-export";

export interface InputHeading {
    /** The input as the heading names it (a program directory relative to the working directory). */
    readonly shownAs: string;
    /** What was read: "Terraform 1.9.0 plan", "stack dev". */
    readonly source: string;
    /** For plans: how many of `resources` are provider configurations. */
    readonly providers?: number;
}

export interface InputReport {
    readonly input: string;
    readonly kind: InputReportKind;
    /** Resources read (judged instances and provider configurations, or the program's resources). */
    readonly resources: number;
    /** Text lines printed before the policy section (e.g. "Previewing …", remediations). */
    readonly preamble: readonly string[];
    /** The text report's first line for the input, written from these and `resources` (the preamble follows it). */
    readonly heading?: InputHeading;
    readonly packLabel: string;
    readonly findings: readonly Finding[];
    /**
     * Which policies judged which subjects (resources, providers, "(stack)"), findings or not: the
     * junit format makes one test case of each pair. Absent where the front end cannot tell.
     */
    readonly checked?: readonly CheckedSubject[];
    /** Source files read for the input (a .tf directory's files), relative to the working directory: their suppression comments are checked. */
    readonly sourceFiles?: readonly string[];
}

/** The policies that judged one subject (a policy that found the subject out of its scope is not listed). */
export interface CheckedSubject {
    /** As `Finding.resource`: the Terraform address, the Pulumi URN, or "(stack)". */
    readonly subject: string;
    readonly policies: readonly string[];
}

/** Whether a finding is suppressed now: by a comment or an exemption that has not expired. */
export function isSuppressed(f: Finding): boolean {
    return f.suppression !== undefined && !f.suppression.expired;
}

/** Whether a finding counts (towards the exit code and the summary): neither suppressed nor in the baseline. */
export function counts(f: Finding): boolean {
    return !isSuppressed(f) && f.baselineState !== "unchanged";
}
