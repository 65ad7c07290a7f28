// obs-sse-signature-version: every interface a resource calls must be signed the way its matrix
// row allows (the "Authentication" column: V2, V4, or the native OBS signature).
import { PROVIDER_SIGNATURES_SCHEMA, SCOPE_SCHEMA_PROPERTIES, readProviderSignatures } from "../config";
import { signatureTableFor } from "../edition";
import { ALLOWS_SIGNATURE, judgeCalls, judgedCalls, type SignatureSent } from "../judge";
import type { Signature } from "../matrix";
import { findings, resourcePolicy, type Finding } from "../policy";
import type { ProviderSettings } from "../providers";
import { callBullets, causeOf, citeRow, describeCall, providerKey, providerLabel, resourceLabel, rowsOf, waitingFindings } from "../report";
import { printable } from "../printable";
import { MATRIX_DOC_URL } from "./transferProtocol";
import { NO_FINDINGS, NO_SCOPE_OPTIONS, withObsScope, type CheckResult, type ObsAssessment } from "./scope";
import type { ResourceInput } from "../assess";
import { would } from "../terms";

/** The signature a provider sends: user config by URN, then name, then type; else the reader's. */
export function signatureOf(provider: ProviderSettings, configured: ReadonlyMap<string, Signature>): SignatureSent {
    if (configured.size > 0) {
        for (const key of [provider.urn, provider.name, provider.type]) {
            const s = configured.get(key);
            if (s) return { signature: s, from: `policy option providerSignatures["${printable(key)}"]`, declared: true };
        }
    }
    return new ProviderSignature(provider);
}

/** What a provider signs with by its reader; where that comes from is worded only when a message says it (most requests pass). */
class ProviderSignature implements SignatureSent {
    readonly signature: Signature;
    readonly declared = false;
    constructor(private readonly provider: ProviderSettings) {
        this.signature = provider.signature;
    }
    get from(): string {
        return `what ${printable(this.provider.type)} signs with`;
    }
}

/** The signature check of a resource whose requests reach OBS. */
function checkSignature(a: ObsAssessment, resource: ResourceInput, declared: ReadonlyMap<string, Signature>): CheckResult {
    const sent = signatureOf(a.provider, declared);
    const signature = sent.signature;
    // edition.ts picks the table with the signature column; for native-API clients and the OBS signature there is none.
    const table = signatureTableFor(a.edition, signature, a.provider.api, sent.declared);
    if (table.edition === undefined)
        return { notApplicable: `${providerLabel(a.provider)} signs with ${signature} (${sent.from}): ${table.why}` };
    const { breaches, waiting } = judgeCalls(a.plan.calls, table.edition, ALLOWS_SIGNATURE[signature]);
    if (breaches.length === 0 && waiting.length === 0) return NO_FINDINGS;
    const note = table.note ? `\n${table.note}` : "";
    const out: Finding[] = [];
    const how = { protocol: a.endpoint.protocol, signature };
    const [firstBreach] = breaches;
    if (firstBreach !== undefined) {
        const calls = judgedCalls(breaches, how);
        const allowed = firstBreach.requirement.signatures.join(" or ");
        out.push({
            calls,
            fix: { kind: "advice", text: `sign these requests with ${allowed}` },
            inputs: [],
            cause: causeOf([providerKey(a.provider), `signature:${signature}`, `rows:${rowsOf(calls)}`]),
            message:
                `${resourceLabel(resource)} ${would("send")} ${signature}-signed requests (${sent.from}, ${providerLabel(a.provider)}), which the OBS SSE matrix does not allow for:\n` +
                callBullets(breaches, (b) => `${describeCall(b)}: ${citeRow(b)}`) +
                note +
                `\nFix: sign these requests with ${allowed} (a client or gateway that signs with AWS Signature Version 4), or drop the encryption that requires it.`,
        });
    }
    if (waiting.length > 0)
        out.push(
            ...waitingFindings(resourceLabel(resource), "signature", waiting, note.trim(), {
                ...how,
                cause: providerKey(a.provider),
            }),
        );
    return out;
}

export const signatureVersionPolicy = resourcePolicy(
    {
        name: "obs-sse-signature-version",
        description:
            "OBS interfaces called on encrypted objects must be signed as the OBS SSE matrix allows. Fires only for signatures declared in providerSignatures, or under a forced edition.",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: ["obs", "encryption", "signature", "matrix"],
        remediationSteps:
            "Sign requests for SSE-KMS objects with AWS Signature Version 4; if a gateway re-signs requests, declare its signature in the providerSignatures option.",
        url: MATRIX_DOC_URL,
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES, providerSignatures: PROVIDER_SIGNATURES_SCHEMA } },
        reads: { kind: "resources" },
    },
    (resource, config) => {
        const sigConfig = readProviderSignatures(config);
        const configFindings: readonly Finding[] =
            sigConfig.problems.length === 0
                ? NO_FINDINGS
                : sigConfig.problems.map((p) => ({
                      message: `${resourceLabel(resource)}: ${p}.`,
                      advisoryOnly: true,
                  }));
        const outcome = withObsScope(resource, config, NO_SCOPE_OPTIONS, checkSignature, sigConfig.value);
        if (configFindings.length === 0) return outcome;
        return findings(...configFindings, ...("findings" in outcome ? outcome.findings : []));
    },
);
