// obs-sse-inherited-encryption (advisory, stack): an object uploaded without encryption of its own
// into a bucket whose default encryption is SSE-KMS is stored as SSE-KMS. OBS documents no
// transfer rule for such uploads; read by the SSE-KMS rows, its calls may need HTTPS and V4.
import { assess } from "../assess";
import { PROVIDER_SIGNATURES_SCHEMA, SCOPE_SCHEMA_PROPERTIES, readProviderSignatures, readScopeConfig } from "../config";
import { judgeCalls } from "../judge";
import { findings, stackPolicy, type Finding } from "../policy";
import { bullets, citeRow, describeCall, providerLabel, resourceLabel } from "../report";
import { defaultEncryptionOf, StackView } from "../stack/view";
import { signatureOf } from "./signatureVersion";
import { MATRIX_DOC_URL } from "./transferProtocol";

export const inheritedEncryptionPolicy = stackPolicy(
    {
        name: "obs-sse-inherited-encryption",
        description: "Objects that inherit SSE-KMS from their bucket's default encryption should be uploaded and read the way the SSE-KMS matrix rows require.",
        enforcementLevel: "advisory",
        severity: "medium",
        tags: ["obs", "encryption", "bucket-default", "matrix"],
        remediationSteps: "Use an https:// endpoint and V4 signatures for buckets with SSE-KMS default encryption, or give the object an explicit encryption and check it against the matrix.",
        url: MATRIX_DOC_URL,
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES, providerSignatures: PROVIDER_SIGNATURES_SCHEMA } },
    },
    (resources, config) => {
        const scope = readScopeConfig(config).value;
        const signatures = readProviderSignatures(config).value;
        const view = new StackView(resources);
        const out: Finding[] = [];
        for (const o of view.objects) {
            const own = o.plan.calls[0]?.target;
            if (!own || !own.values.includes("none")) continue; // encrypted on its own: the resource policies judge it
            if (o.bucket.kind === "outside") continue;
            const a = assess(o.resource, scope, "outputs");
            if (a.kind !== "obs") continue;
            const label = resourceLabel(o.resource);
            if (o.bucket.kind === "unknown") {
                out.push({ urn: o.resource.urn, advisoryOnly: true, message: `${label}: the pack cannot tell which bucket it is in, because ${o.bucket.why}; whether it inherits SSE-KMS from a bucket default is decided once that is known.` });
                continue;
            }
            const bucket = o.bucket.entry;
            const bucketDefault = defaultEncryptionOf(bucket);
            if (bucketDefault === "other") continue;
            const bucketLabel = resourceLabel(bucket.resource);
            if (bucketDefault === "unknown") {
                out.push({ urn: o.resource.urn, advisoryOnly: true, message: `${label} has no encryption of its own and the default encryption of its bucket ${bucketLabel} is unknown during preview; if it is SSE-KMS, the object is stored as SSE-KMS.` });
                continue;
            }
            const inherited = o.plan.calls.map((c) => ({ ...c, target: { values: ["SSE-KMS" as const] } }));
            const { signature, from } = signatureOf(a.provider, signatures);
            const protocol = a.endpoint.protocol;
            const byProtocol = judgeCalls(inherited, a.edition, (req) => req.protocols.includes(protocol), "the endpoint").breaches;
            const bySignature = signature === "OBS" ? [] : judgeCalls(inherited, a.edition, (req) => req.signatures.includes(signature), "the signature").breaches;
            if (byProtocol.length + bySignature.length === 0) continue;
            const lines = [
                ...byProtocol.map((b) => `${describeCall(b)} over ${protocol}: ${citeRow(b)}`),
                ...bySignature.map((b) => `${describeCall(b)} signed ${signature} (${from}): ${citeRow(b)}`),
            ];
            out.push({
                urn: o.resource.urn,
                message: `${label} has no encryption of its own, so OBS stores it with the SSE-KMS default of bucket ${bucketLabel}. ` +
                    `OBS documents no transfer rule for objects that inherit their encryption; read by the SSE-KMS rows of the matrix, these calls through ${providerLabel(a.provider)} (${a.endpoint.shown}) would break:\n` +
                    bullets(lines) + `\nFix: use an https:// endpoint (and V4 signatures) for this bucket, or give the object an explicit encryption.`,
            });
        }
        return findings(...out);
    },
);
