// Judging a resource's interface calls against the matrix. A call whose encryption is settled
// passes or fails; one whose encryption is still unknown during preview passes when every
// possibility passes, fails when every possibility fails, and otherwise waits, naming the input it
// waits on.
import { editionCoversSignature, requirementFor, type Edition, type Encryption, type Protocol, type Requirement, type Signature } from "./matrix";
import type { InterfaceCall } from "./resources";

/** Whether a row allows the request. */
export type Allows = (requirement: Requirement) => boolean;

export interface Breach {
    readonly call: InterfaceCall;
    readonly requirement: Requirement;
    readonly target: Encryption;
    readonly source?: Encryption;
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

export function judgeCalls(calls: readonly InterfaceCall[], edition: Edition, allows: Allows): Judgement {
    const breaches: Breach[] = [];
    const waiting: Array<{ on: string; breach: Breach }> = [];
    for (const call of calls) {
        let passed = 0;
        const failed: Breach[] = [];
        for (const target of call.target.values) {
            for (const source of call.source ? call.source.values : [undefined]) {
                const requirement = requirementFor(call.iface, target, source, edition);
                // No row: the matrix sets no rule for this combination.
                if (!requirement || allows(requirement)) passed++;
                else failed.push({ call, requirement, target, source });
            }
        }
        const openSource = (call.source?.values.length ?? 0) > 1 && call.target.values.length === 1;
        if (failed.length > 0 && passed === 0) breaches.push(openSource ? { ...failed[0], sources: failed.flatMap((f) => (f.source === undefined ? [] : [{ encryption: f.source, requirement: f.requirement }])) } : failed[0]);
        else if (failed.length > 0) waiting.push({ on: call.target.waitingOn ?? call.source?.waitingOn ?? "an unknown input", breach: failed[0] });
    }
    return { breaches, waiting };
}

/**
 * The columns a request through a provider is judged by, each with how messages say it: its
 * protocol, and its signature where the edition's rows speak of that kind of signature.
 */
export function transportChecks(edition: Edition, protocol: Protocol, signature: Signature, signatureFrom: string): ReadonlyArray<{ readonly how: string; readonly allows: Allows }> {
    const checks = [{ how: `over ${protocol}`, allows: (r: Requirement) => r.protocols.includes(protocol) }];
    if (editionCoversSignature(edition, signature)) checks.push({ how: `signed ${signature} (${signatureFrom})`, allows: (r: Requirement) => r.signatures.includes(signature) });
    return checks;
}
