// obs-sse-transfer-protocol: every interface a resource calls must use a transfer protocol that
// its matrix row allows (the "Transfer Protocol" column).
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { judgeCalls } from "../judge";
import { resourcePolicy, type Finding } from "../policy";
import { bullets, citeRow, describeCall, endpointInput, httpsFormOf, providerLabel, resourceLabel, waitingFindings } from "../report";
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
    (resource, config) => withObsScope(resource, config, { reportsEndpoint: true }, (a) => {
        const protocol = a.endpoint.protocol;
        const { breaches, waiting } = judgeCalls(a.plan.calls, a.edition, (req) => req.protocols.includes(protocol));
        const out: Finding[] = [];
        const seen = `Endpoint seen: ${a.endpoint.shown} (${providerLabel(a.provider)}).`;
        if (breaches.length > 0) {
            out.push({
                message: `${resourceLabel(resource)} would call OBS over ${protocol}, which the OBS SSE matrix does not allow for:\n` +
                    bullets(breaches.map((b) => `${describeCall(b)}: ${citeRow(b)}`)) + `\n${seen}\n` +
                    `Fix: set ${endpointInput(a.provider)} to ${httpsFormOf(a.endpoint.shown)}.`,
            });
        }
        out.push(...waitingFindings(resourceLabel(resource), "protocol", waiting, seen));
        return out;
    }),
    upgradeObsEndpointToHttps,
);
