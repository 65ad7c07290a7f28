// obs-sse-signature-version: every interface a resource calls must be signed the way its matrix
// row allows (the "Authentication" column: V2, V4, or the native OBS signature).
import { PROVIDER_SIGNATURES_SCHEMA, SCOPE_SCHEMA_PROPERTIES, readProviderSignatures, readScopeConfig } from "../config";
import { judgeCalls } from "../judge";
import { editionCoversSignature, type Signature } from "../matrix";
import { findings, resourcePolicy, type Finding } from "../policy";
import type { ProviderSettings } from "../providers";
import { bullets, citeRow, describeCall, providerLabel, resourceLabel, waitingFindings } from "../report";
import { MATRIX_DOC_URL } from "./transferProtocol";
import { withObsScope } from "./scope";

/** The signature a provider sends: user config by URN, then name, then type; else the reader's. */
export function signatureOf(provider: ProviderSettings, configured: ReadonlyMap<string, Signature>): { signature: Signature; from: string } {
    for (const key of [provider.urn, provider.name, provider.type]) {
        const s = configured.get(key);
        if (s) return { signature: s, from: `policy option providerSignatures["${key}"]` };
    }
    return { signature: provider.signature, from: `what ${provider.type} signs with` };
}

export const signatureVersionPolicy = resourcePolicy(
    {
        name: "obs-sse-signature-version",
        description: "OBS interfaces called on encrypted objects must be signed with a signature version (V2/V4) the OBS SSE matrix allows.",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: ["obs", "encryption", "signature", "matrix"],
        remediationSteps: "Sign requests for SSE-KMS objects with AWS Signature Version 4; if a gateway re-signs requests, declare its signature in the providerSignatures option.",
        url: MATRIX_DOC_URL,
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES, providerSignatures: PROVIDER_SIGNATURES_SCHEMA } },
    },
    (resource, config) => {
        const sigConfig = readProviderSignatures(config);
        const configFindings: Finding[] = sigConfig.problems.map((p) => ({ message: `${resourceLabel(resource)}: ${p}.`, advisoryOnly: true }));
        const outcome = withObsScope(resource, config, {}, (a) => {
            const { signature, from } = signatureOf(a.provider, sigConfig.value);
            // A declared native signature selects the native edition, unless the user forced one.
            const forced = readScopeConfig(config).value.edition;
            const declared = [a.provider.urn, a.provider.name, a.provider.type].some((k) => sigConfig.value.has(k));
            if (!forced && !declared && editionCoversSignature(a.edition, "OBS")) {
                return {
                    notApplicable: `the ${a.edition} matrix edition, which governs the requests of ${providerLabel(a.provider)}, publishes a transfer-protocol column only and no signature column, ` +
                        `so there is no signature rule to check its ${signature}-signed requests against`,
                };
            }
            const edition = forced ?? (editionCoversSignature(a.edition, signature) ? a.edition : signature === "OBS" ? "otc-obs" : "otc-s3");
            if (!editionCoversSignature(edition, signature)) {
                return [{
                    message: `${resourceLabel(resource)}: ${providerLabel(a.provider)} signs with ${signature} (${from}), but the ${edition} matrix edition states its rows for ` +
                        `${signature === "OBS" ? "V2/V4" : "native OBS"}-signed requests, so no row applies. Set the edition option to match the API the provider speaks.`,
                    advisoryOnly: true,
                }];
            }
            const { breaches, waiting } = judgeCalls(a.plan.calls, edition, (req) => req.signatures.includes(signature));
            const out: Finding[] = [];
            if (breaches.length > 0) {
                out.push({
                    message: `${resourceLabel(resource)} would send ${signature}-signed requests (${from}, ${providerLabel(a.provider)}), which the OBS SSE matrix does not allow for:\n` +
                        bullets(breaches.map((b) => `${describeCall(b)}: ${citeRow(b)}`)) +
                        `\nFix: sign these requests with ${breaches[0].requirement.signatures.join(" or ")} (a client or gateway that signs with AWS Signature Version 4), or drop the encryption that requires it.`,
                });
            }
            out.push(...waitingFindings(resourceLabel(resource), "signature", waiting));
            return out;
        });
        if (configFindings.length === 0) return outcome;
        return findings(...configFindings, ...("findings" in outcome ? outcome.findings : []));
    },
);
