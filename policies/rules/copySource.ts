// obs-sse-copy-source (mandatory, stack): a copy whose source object is declared in the same stack
// is judged by the source's real encryption, and a copy of an SSE-C source must carry its key.
import { PROVIDER_SIGNATURES_SCHEMA, SCOPE_SCHEMA_PROPERTIES } from "../config";
import { judgeCalls, transportChecks } from "../judge";
import { findings, stackPolicy, type Finding } from "../policy";
import { roleOf } from "../resources";
import { bullets, citeRow, describeCall, endpointInput, providerLabel, resourceLabel } from "../report";
import { isPresent } from "../values";
import { effectiveEncryption } from "../stack/encryption";
import { stackContext } from "../stack/context";
import { signatureOf } from "./signatureVersion";
import { MATRIX_DOC_URL } from "./transferProtocol";

export const copySourcePolicy = stackPolicy(
    {
        name: "obs-sse-copy-source",
        description:
            "Copies of objects declared in the same stack must follow the PUT Object - Copy row of the source's real encryption, and copies of SSE-C objects must carry the source key.",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: ["obs", "encryption", "copy", "sse-c", "matrix"],
        remediationSteps:
            "Give an ObjectCopy of an SSE-C source both sourceCustomerAlgorithm and sourceCustomerKey (the source's own key; the pack cannot supply it), and use the protocol and signature of the source's PUT Object - Copy row.",
        url: MATRIX_DOC_URL,
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES, providerSignatures: PROVIDER_SIGNATURES_SCHEMA } },
        reads: { kind: "stack", roles: ["copy", "object", "bucket", "bucket-encryption"] },
    },
    (resources, config) => {
        const { view, signatures, obsObjects } = stackContext(resources, config);
        const out: Finding[] = [];
        for (const { entry: copy, assessment } of obsObjects((o) => roleOf(o.resource.type) === "copy")) {
            const label = resourceLabel(copy.resource);
            const source = view.sourceOf(copy.resource);
            if (source.kind === "outside") continue;
            if (source.kind === "unknown") {
                out.push({
                    urn: copy.resource.urn,
                    advisoryOnly: true,
                    message: `${label}: the pack cannot tell which object it copies, because ${source.why}; the source's encryption is checked once that is known.`,
                });
                continue;
            }
            const sourceLabel = resourceLabel(source.entry.resource);
            const real = effectiveEncryption(source.entry);
            if (real.kind === "unknown") {
                out.push({
                    urn: copy.resource.urn,
                    advisoryOnly: true,
                    message: `${label} copies ${sourceLabel}, whose encryption cannot be told yet: ${real.why}.`,
                });
                continue;
            }
            if (real.encryption === "SSE-C") {
                const missing = ["sourceCustomerAlgorithm", "sourceCustomerKey"].filter((f) => !isPresent(copy.resource.props, f));
                if (missing.length > 0) {
                    out.push({
                        urn: copy.resource.urn,
                        message:
                            `${label} copies ${sourceLabel}, which is SSE-C encrypted, but does not set ${missing.join(" and ")}. OBS cannot decrypt the source without the customer key, so the PUT Object - Copy request fails.\n` +
                            `Fix: set sourceCustomerAlgorithm to "AES256" and sourceCustomerKey to the key ${sourceLabel} was encrypted with; this is a secret only you hold, the pack will not invent it.`,
                    });
                }
            }
            // Judge the copy by the source's real encryption; report only what the copy's own inputs could not show.
            const call = assessment.plan.calls.find((c) => c.iface === "PUT Object - Copy");
            if (!call) continue;
            const bySourceEncryption = { ...call, source: { values: [real.encryption] } };
            const sent = signatureOf(assessment.provider, signatures);
            const lines: string[] = [];
            const notes = new Set<string>();
            const { checks, unchecked } = transportChecks(assessment.edition, assessment.endpoint.protocol, sent, assessment.provider.api);
            for (const { how, edition, allows, note } of checks) {
                if (judgeCalls([call], edition, allows).breaches.length > 0) continue; // already reported per resource
                for (const b of judgeCalls([bySourceEncryption], edition, allows).breaches) {
                    lines.push(`${describeCall(b)} ${how}: ${citeRow(b)}`);
                    if (note) notes.add(note);
                }
            }
            if (lines.length > 0) {
                out.push({
                    urn: copy.resource.urn,
                    message:
                        `${label} copies ${sourceLabel}, whose encryption is ${real.encryption}${real.kind === "inherited" ? " (from its bucket's default)" : ""}. By that row the copy breaks the matrix:\n${bullets(lines)}\n` +
                        [...notes, ...(unchecked ? [unchecked] : [])].map((n) => `${n}\n`).join("") +
                        `Fix: make this copy through ${providerLabel(assessment.provider)} with what the row allows: an https:// endpoint (${endpointInput(assessment.provider)}) and the signature it names.`,
                });
            }
        }
        return findings(...out);
    },
);
