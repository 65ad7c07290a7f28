// obs-sse-c-key-transport: SSE-C key material must never cross the wire unprotected: not over
// plain HTTP, not over TLS whose certificate is not verified. This holds even for the matrix rows
// that allow HTTP (copies from an SSE-C source into an unencrypted or SSE-KMS target).
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { resourcePolicy, type Finding } from "../policy";
import { causeOf, providerKey, providerLabel, resourceLabel } from "../report";
import type { InterfaceCall } from "../resources";
import { NO_FINDINGS, NO_SCOPE_OPTIONS, withObsScope, type CheckResult, type ObsAssessment } from "./scope";
import type { ResourceInput } from "../assess";
import { terms, would } from "../terms";

const carriesKey = (c: InterfaceCall): boolean => c.keyFields.length > 0;

/** The key-transport check of a resource whose requests reach OBS. */
function checkKeyTransport(a: ObsAssessment, resource: ResourceInput): CheckResult {
    // Most calls carry no key: nothing is built for them.
    if (!a.plan.calls.some(carriesKey)) return NO_FINDINGS;
    const carrying = a.plan.calls.filter(carriesKey);
    const label = resourceLabel(resource);
    const fields = [...new Set(carrying.flatMap((c) => c.keyFields))].map((f) => terms().input(f)).join(" and ");
    const ifaces = [...new Set(carrying.map((c) => c.iface))].join(", ");
    const provider = providerLabel(a.provider);
    const out: Finding[] = [];
    const keyInputs = [...new Set(carrying.flatMap((c) => c.keyFields))];
    const cause = (what: string) => causeOf([providerKey(a.provider), what]);
    if (a.endpoint.protocol === "HTTP") {
        out.push({
            inputs: [...keyInputs, a.provider.endpointField],
            fix: { kind: "advice", text: "use an https:// endpoint for this provider" },
            cause: cause("sse-c-key-over-http"),
            message:
                `${label} ${would("send")} the SSE-C key material of ${fields} in clear text over HTTP (${ifaces} to ${a.endpoint.shown}, ${provider}). ` +
                `Anyone on the path can read the key and decrypt the object, whatever the matrix row allows.\nFix: use an https:// endpoint for this provider.`,
        });
    }
    const insecure = a.provider.insecure;
    if (a.endpoint.protocol === "HTTPS" && insecure.state === "value" && insecure.value) {
        out.push({
            inputs: [...keyInputs, "insecure"],
            fix: { kind: "set", field: "insecure", value: "false" },
            cause: cause("sse-c-key-unverified-tls"),
            message:
                `${label} ${would("send")} the SSE-C key material of ${fields} over TLS without certificate verification (${provider} sets insecure: true; ${ifaces} to ${a.endpoint.shown}). ` +
                `A man in the middle can read the key.\nFix: remove insecure from the provider (or set it to false) and trust the OBS certificate chain instead.`,
        });
    } else if (a.endpoint.protocol === "HTTPS" && insecure.state === "unknown") {
        out.push({
            message: `${label} sends SSE-C key material (${fields}), and whether ${provider} verifies TLS certificates (insecure) is unknown ${terms().unknownPhase}. If insecure turns out true, the key is exposed.`,
            advisoryOnly: true,
            inputs: [...keyInputs, "insecure"],
            cause: cause("insecure-unknown"),
        });
    } else if (insecure.state === "invalid") {
        out.push({
            inputs: [...keyInputs, "insecure"],
            fix: { kind: "set", field: "insecure", value: "false" },
            cause: cause("insecure-invalid"),
            message: `${label} sends SSE-C key material (${fields}), but the insecure input of ${provider} is malformed (${insecure.problem}), so the pack cannot tell whether TLS certificates are verified.\nFix: set insecure to false or remove it.`,
        });
    }
    return out;
}

export const sseCKeyTransportPolicy = resourcePolicy(
    {
        name: "obs-sse-c-key-transport",
        description: "SSE-C keys (customerKey, sourceCustomerKey) must only travel over HTTPS with certificate verification on.",
        enforcementLevel: "mandatory",
        severity: "critical",
        tags: ["obs", "encryption", "sse-c", "key-material", "transport"],
        remediationSteps:
            "Use an https:// OBS endpoint and remove insecure: true from the provider before sending SSE-C keys; rotate any key that was already sent in clear text.",
        url: "https://docs.otc.t-systems.com/object-storage-service/s3api/obs_rest_apis/server-side_encryption/sse-c.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
        reads: { kind: "resources" },
    },
    (resource, config) => withObsScope(resource, config, NO_SCOPE_OPTIONS, checkKeyTransport),
);
