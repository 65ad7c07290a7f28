// obs-https-hardening (advisory): traffic to encrypted objects that the matrix allows over HTTP or
// over unverified TLS (HEAD Object on SSE-KMS objects, Complete Multipart Upload, copies into
// unencrypted targets), which still exposes object data and metadata.
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { requirementFor } from "../matrix";
import { resourcePolicy, type Finding } from "../policy";
import { bullets, describeCall, endpointInput, httpsFormOf, providerLabel, resourceLabel } from "../report";
import type { Breach } from "../judge";
import { withObsScope } from "./scope";

export const httpsHardeningPolicy = resourcePolicy(
    {
        name: "obs-https-hardening",
        description: "Requests for encrypted OBS objects should use HTTPS with certificate verification, even where the OBS SSE matrix allows HTTP.",
        enforcementLevel: "advisory",
        severity: "medium",
        tags: ["obs", "encryption", "transport", "hardening"],
        remediationSteps: "Use an https:// S3 endpoint and keep TLS certificate verification on (no insecure: true) for every provider that touches encrypted objects.",
        url: "https://docs.otc.t-systems.com/object-storage-service/api-ref/apis/server-side_encryption/server-side_encryption_overview.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
    },
    (resource, config) => withObsScope(resource, config, {}, (a) => {
        const plain = a.endpoint.protocol === "HTTP";
        const never = a.provider.certificatesNeverVerified;
        if (!plain && never) {
            // The provider gives the user no setting to fix: say so at advisory, and what to use instead.
            const encrypted = a.plan.calls.filter((c) => c.target.values.some((v) => v !== "none"));
            if (encrypted.length === 0 && a.plan.calls.length === 0 && a.plan.algorithms.length > 0) {
                // A bucket with default encryption: the objects written into it through this client travel the same way.
                return [{
                    advisoryOnly: true,
                    message: `${resourceLabel(resource)} encrypts its objects by default (${a.plan.algorithms.map((x) => x.field).join(", ")}), and objects written or read through ${providerLabel(a.provider)}'s OBS client ` +
                        `travel to ${a.endpoint.shown} over TLS without certificate verification: ${never.why}.\nFix: ${never.instead}.`,
                }];
            }
            if (encrypted.length === 0) return [];
            const open = encrypted.find((c) => c.target.values.includes("none"))?.target.waitingOn;
            return [{
                advisoryOnly: true,
                message: `${resourceLabel(resource)} ${open ? `may make, depending on ${open},` : "makes"} requests for encrypted data (${[...new Set(encrypted.map((c) => c.iface))].join(", ")}) ` +
                    `to ${a.endpoint.shown} over TLS without certificate verification: ${never.why}. A man in the middle can read and alter object data in transit.\nFix: ${never.instead}.`,
            }];
        }
        const unverified = !plain && a.provider.insecure.state === "value" && a.provider.insecure.value;
        if (!plain && !unverified) return [];
        // Key-carrying requests belong to obs-sse-c-key-transport; matrix breaches to obs-sse-transfer-protocol.
        // A call counts when every possible encryption of it is encrypted and exposed; when only some
        // are (an input unknown during preview, a copy's source), it is a notice, not a finding.
        const exposed: Breach[] = [];
        const perhaps: Array<{ breach: Breach; on: string }> = [];
        for (const call of a.plan.calls.filter((c) => c.keyFields.length === 0)) {
            const combos = call.target.values.flatMap((target) => (call.source ? call.source.values : [undefined]).map((source) => ({ target, source })));
            const hits = combos.flatMap(({ target, source }) => {
                if (target === "none" && (source === undefined || source === "none")) return [];
                const requirement = requirementFor(call.iface, target, source, a.edition);
                if (!requirement || (plain && !requirement.protocols.includes("HTTP"))) return [];
                return [{ call, requirement, target, source }];
            });
            if (hits.length === 0) continue;
            if (hits.length === combos.length) exposed.push(hits[0]);
            else perhaps.push({ breach: hits[0], on: call.target.waitingOn ?? call.source?.waitingOn ?? "an input" });
        }
        const how = plain ? `over plain HTTP (${a.endpoint.shown})` : `over TLS without certificate verification (insecure: true, ${a.endpoint.shown})`;
        const fix = plain ? `set ${endpointInput(a.provider)} to ${httpsFormOf(a.endpoint.shown)}` : `remove insecure from ${providerLabel(a.provider)}`;
        const out: Finding[] = [];
        if (exposed.length > 0) {
            out.push({
                message: `${resourceLabel(resource)} would make requests for encrypted data ${how}, which the OBS SSE matrix allows but which exposes object data and metadata in transit:\n` +
                    bullets(exposed.map((b) => describeCall(b))) + `\nFix: ${fix}.`,
            });
        }
        if (perhaps.length > 0) {
            out.push({
                advisoryOnly: true,
                message: `${resourceLabel(resource)} may make requests for encrypted data ${how}, depending on ${[...new Set(perhaps.map((p) => p.on))].join(" and ")}:\n` +
                    bullets(perhaps.map((p) => describeCall(p.breach))) + `\nFix: ${fix}.`,
            });
        }
        return out;
    }),
);
