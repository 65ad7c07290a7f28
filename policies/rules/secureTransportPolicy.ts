// obs-secure-transport-policy (advisory, stack): a bucket that holds SSE-KMS or SSE-C objects
// should refuse plain HTTP outright, with a bucket policy denying aws:SecureTransport = false.
import { assessPlanned } from "../assess";
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { findings, stackPolicy, type Finding } from "../policy";
import { resourceLabel } from "../report";
import { deniesInsecureTransportIn, parsePolicyDocument, secureTransportStatementIn } from "../stack/bucketPolicy";
import { effectiveEncryption } from "../stack/encryption";
import { stackContext } from "../stack/context";
import { defaultEncryptionOf } from "../stack/view";

export const secureTransportPolicyPolicy = stackPolicy(
    {
        name: "obs-secure-transport-policy",
        description: "Buckets holding SSE-KMS or SSE-C objects should have a bucket policy that denies requests without TLS (aws:SecureTransport false).",
        enforcementLevel: "advisory",
        severity: "medium",
        tags: ["obs", "encryption", "bucket-policy", "transport"],
        remediationSteps: "Add a BucketPolicy statement with Effect Deny, Principal *, Action s3:*, and Condition Bool aws:SecureTransport \"false\" for the bucket and its objects.",
        url: "https://docs.otc.t-systems.com/object-storage-service/s3api/access_control/bucket_policy.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
    },
    (resources, config) => {
        const { scope, view } = stackContext(resources, config);
        const out: Finding[] = [];
        for (const bucket of view.buckets) {
            if (assessPlanned(bucket.resource, bucket.plan, scope).kind !== "obs") continue;
            const encrypted = view.objectsIn(bucket)
                .filter((o) => {
                    const e = effectiveEncryption(o);
                    return e.kind !== "unknown" && (e.encryption === "SSE-KMS" || e.encryption === "SSE-C");
                })
                .map((o) => `"${o.resource.name}"`);
            const kmsDefault = defaultEncryptionOf(bucket) === "SSE-KMS";
            if (encrypted.length === 0 && !kmsDefault) continue;
            const label = resourceLabel(bucket.resource);
            const holds = encrypted.length > 0
                ? `holds encrypted objects (${encrypted.slice(0, 5).join(", ")}${encrypted.length > 5 ? `, and ${encrypted.length - 5} more` : ""})`
                : "encrypts its objects with SSE-KMS by default";
            const example = secureTransportStatementIn(bucket.policyDialect, bucket.name ?? "<bucket>");
            let waiting = false;
            let denied = false;
            for (const p of bucket.policies) {
                const doc = parsePolicyDocument(p.document);
                if (doc.state === "unknown") waiting = true;
                else if (doc.state === "invalid") out.push({ urn: p.resource.urn, message: `${resourceLabel(p.resource)}: ${doc.problem}, so the pack cannot tell whether it refuses plain HTTP to ${label}.` });
                else if (doc.state === "value" && deniesInsecureTransportIn(p.dialect, doc.value, bucket.name)) denied = true;
            }
            if (denied) continue;
            if (waiting) {
                out.push({ urn: bucket.resource.urn, advisoryOnly: true, message: `${label} ${holds}; its bucket policy is computed and unknown during preview, so whether it denies aws:SecureTransport false is checked at update.` });
                continue;
            }
            out.push({
                urn: bucket.resource.urn,
                message: `${label} ${holds}, but ${bucket.policies.length === 0 ? "it has no bucket policy that denies" : "none of its bucket policies denies"} requests where aws:SecureTransport is false, so OBS still accepts plain HTTP for it.\n` +
                    `Fix: add this statement to its bucket policy: ${example}`,
            });
        }
        return findings(...out);
    },
);
