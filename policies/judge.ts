// Judging a resource's interface calls against the matrix. A call whose encryption is settled
// passes or fails; one whose encryption is still unknown during preview passes when every
// possibility passes, fails when every possibility fails, and otherwise waits, naming the input it
// waits on.
import { signatureTableFor, type ObsApi } from "./edition";
import { requirementFor, type Edition, type Encryption, type Protocol, type Requirement, type Signature } from "./matrix";
import type { CitedRow, JudgedCall } from "./finding";
import type { InterfaceCall } from "./resources";

/** Whether a row allows the request. */
export type Allows = (requirement: Requirement) => boolean;

/** Whether a row allows requests over each protocol (made once: every resource of every request is judged). */
export const ALLOWS_PROTOCOL: Readonly<Record<Protocol, Allows>> = Object.freeze({
    HTTP: (r: Requirement) => r.protocols.includes("HTTP"),
    HTTPS: (r: Requirement) => r.protocols.includes("HTTPS"),
});

/** Whether a row allows requests signed with each signature. */
export const ALLOWS_SIGNATURE: Readonly<Record<Signature, Allows>> = Object.freeze({
    V2: (r: Requirement) => r.signatures.includes("V2"),
    V4: (r: Requirement) => r.signatures.includes("V4"),
    OBS: (r: Requirement) => r.signatures.includes("OBS"),
});

export interface Breach {
    readonly call: InterfaceCall;
    readonly requirement: Requirement;
    readonly target: Encryption;
    readonly source?: Encryption | undefined;
    /**
     * A copy whose source encryption its inputs leave open, where every candidate breaks its row:
     * the candidates, each with its row. Messages then call the source's encryption unknown.
     */
    readonly sources?: ReadonlyArray<{ readonly encryption: Encryption; readonly requirement: Requirement }>;
}

export interface Judgement {
    /** Calls that break their row whatever the unknowns turn out to be. */
    readonly breaches: readonly Breach[];
    /** Calls whose verdict waits on an unknown input: what it waits on and what would break. */
    readonly waiting: ReadonlyArray<{ readonly on: string; readonly breach: Breach }>;
}

/** The sources of a call that copies nothing: one pass, without a source. */
const NO_SOURCE: ReadonlyArray<Encryption | undefined> = Object.freeze([undefined]);

/** The judgement of calls that all pass (shared: judgements are never changed in place). */
const ALL_PASS: Judgement = Object.freeze({ breaches: Object.freeze([]), waiting: Object.freeze([]) });

export function judgeCalls(calls: readonly InterfaceCall[], edition: Edition, allows: Allows): Judgement {
    // Most calls pass: the lists are made at the first that does not.
    let breaches: Breach[] | undefined;
    let waiting: Array<{ on: string; breach: Breach }> | undefined;
    for (const call of calls) {
        let passed = 0;
        // Most calls pass: the list of failures is made at the first one.
        let failed: Breach[] | undefined;
        for (const target of call.target.values) {
            for (const source of call.source ? call.source.values : NO_SOURCE) {
                const requirement = requirementFor(call.iface, target, source, edition);
                // No row: the matrix sets no rule for this combination.
                if (!requirement || allows(requirement)) passed++;
                else (failed ??= []).push({ call, requirement, target, source });
            }
        }
        if (failed === undefined) continue;
        const openSource = (call.source?.values.length ?? 0) > 1 && call.target.values.length === 1;
        const [firstFailed] = failed;
        if (firstFailed !== undefined && passed === 0)
            (breaches ??= []).push(
                openSource
                    ? {
                          ...firstFailed,
                          sources: failed.flatMap((f) =>
                              f.source === undefined ? [] : [{ encryption: f.source, requirement: f.requirement }],
                          ),
                      }
                    : firstFailed,
            );
        else if (firstFailed !== undefined)
            (waiting ??= []).push({ on: call.target.waitingOn ?? call.source?.waitingOn ?? "an unknown input", breach: firstFailed });
    }
    if (breaches === undefined && waiting === undefined) return ALL_PASS;
    return { breaches: breaches ?? [], waiting: waiting ?? [] };
}

/** One column a request is judged by: the edition whose table states it, and how messages say it. */
export interface TransportCheck {
    readonly how: string;
    readonly edition: Edition;
    readonly allows: Allows;
    /** Why this column comes from another table than the protocol's, for messages. */
    readonly note?: string | undefined;
}

/** The signature a provider's requests leave with, where the pack learned it, and whether the user declared it. */
export interface SignatureSent {
    readonly signature: Signature;
    readonly from: string;
    readonly declared: boolean;
}

/**
 * The columns a request through a provider is judged by: its protocol, by the protocol's edition, and its
 * signature, by the table that has a signature column (edition.ts picks it). `unchecked` says why the
 * signature is not judged when no published table states a rule for it; callers report it, never drop it.
 */
export function transportChecks(
    edition: Edition,
    protocol: Protocol,
    sent: SignatureSent,
    api: ObsApi,
): { readonly checks: readonly TransportCheck[]; readonly unchecked?: string } {
    const { signature, from: signatureFrom } = sent;
    const checks: TransportCheck[] = [{ how: `over ${protocol}`, edition, allows: (r: Requirement) => r.protocols.includes(protocol) }];
    const table = signatureTableFor(edition, signature, api, sent.declared);
    if (table.edition === undefined)
        return { checks, unchecked: `The ${signature} signature (${signatureFrom}) is not judged: ${table.why}.` };
    checks.push({
        how: `signed ${signature} (${signatureFrom})`,
        edition: table.edition,
        note: table.note,
        allows: (r: Requirement) => r.signatures.includes(signature),
    });
    return { checks };
}

/** The matrix cell a requirement comes from, as finding records cite it. */
export function citedRow(requirement: Requirement): CitedRow {
    return {
        edition: requirement.edition,
        table: requirement.table.number,
        row: requirement.row,
        protocols: requirement.protocols,
        signatures: requirement.signatures,
    };
}

/**
 * Breaches as finding records list them: one judged call per breach (per candidate source where
 * the source's encryption is open), with the protocol and signature the request leaves with.
 */
export function judgedCalls(
    breaches: readonly Breach[],
    how: { readonly protocol: Protocol | "unknown"; readonly signature?: Signature },
): JudgedCall[] {
    const signature = how.signature !== undefined ? { signature: how.signature } : {};
    return breaches.flatMap((b): JudgedCall[] => {
        const sources = b.sources && b.sources.length > 1 ? b.sources : [{ encryption: b.source, requirement: b.requirement }];
        return sources.map((s) => ({
            interface: b.call.iface,
            encryption: b.target,
            ...(s.encryption !== undefined && { sourceEncryption: s.encryption }),
            protocol: how.protocol,
            ...signature,
            row: citedRow(s.requirement),
        }));
    });
}
