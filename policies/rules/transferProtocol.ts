// obs-sse-transfer-protocol: every interface a resource calls must use a transfer protocol that
// its matrix row allows (the "Transfer Protocol" column).
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { judgeCalls } from "../judge";
import { resourcePolicy, type Finding } from "../policy";
import { breachIsCertain, callBullets, citeRow, describeCall, endpointInput, httpsFormOf, providerLabel, resourceLabel, waitingFindings } from "../report";
import { upgradeObsEndpointToHttps } from "./providerFixes";
import { withObsScope } from "./scope";

export const MATRIX_DOC_URL = "https://docs.otc.t-systems.com/object-storage-service/s3api/obs_rest_apis/server-side_encryption/interfaces_related_to_server-side_encryption.html";

export const transferProtocolPolicy = resourcePolicy(
    {
        name: "obs-sse-transfer-protocol",
        description: "OBS interfaces called on encrypted objects must use the transfer protocol (HTTP/HTTPS) the OBS SSE matrix allows.",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: ["obs", "encryption", "transport", "matrix"],
        remediationSteps: "Point the provider's S3 endpoint at https:// (for example https://obs.eu-de.otc.t-systems.com), or drop the server-side encryption that requires HTTPS.",
        url: MATRIX_DOC_URL,
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
    },
    (resource, config) => withObsScope(resource, config, { reportsEndpoint: true }, (assessment) => {
        const protocol = assessment.endpoint.protocol;
        const { breaches, waiting } = judgeCalls(assessment.plan.calls, assessment.edition, (req) => req.protocols.includes(protocol));
        const out: Finding[] = [];
        const seen = `Endpoint seen: ${assessment.endpoint.shown} (${providerLabel(assessment.provider)}).`;
        if (breaches.length > 0) {
            // With the body size unknown, a breach on one upload path only is a "may".
            const certain = breachIsCertain(breaches, assessment.plan.calls);
            out.push({
                message: `${resourceLabel(resource)} ${certain ? "would call" : "may call"} OBS over ${protocol}, which the OBS SSE matrix does not allow for:\n` +
                    callBullets(breaches, (b) => `${describeCall(b)}: ${citeRow(b)}`) + `\n${seen}\n` +
                    `Fix: set ${endpointInput(assessment.provider)} to ${httpsFormOf(assessment.endpoint.shown)}.`,
                ...(certain ? {} : { advisoryOnly: true as const }),
            });
        }
        out.push(...waitingFindings(resourceLabel(resource), "protocol", waiting, seen));
        return out;
    }),
    upgradeObsEndpointToHttps,
);
