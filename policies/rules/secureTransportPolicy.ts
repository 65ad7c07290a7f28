// obs-secure-transport-policy (advisory, stack): a bucket that holds SSE-KMS or SSE-C objects
// should refuse plain HTTP outright, with a bucket policy denying aws:SecureTransport (OBS format:
// SecureTransport) = false to
// everyone, for every action, on the bucket and all its objects (see stack/secureTransport.ts).
import { assessPlanned } from "../assess";
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { findings, stackPolicy, type Finding } from "../policy";
import { printable } from "../printable";
import { bullets, resourceLabel } from "../report";
import { parsePolicyDocument } from "../stack/bucketPolicy";
import { POLICY_FORMATS, secureTransportStatement, secureTransportVerdict } from "../stack/secureTransport";
import { effectiveEncryption } from "../stack/encryption";
import { stackContext } from "../stack/context";
import { defaultEncryptionOf } from "../stack/view";
import { terms } from "../terms";

export const secureTransportPolicy = stackPolicy(
    {
        name: "obs-secure-transport-policy",
        description:
            "Buckets holding SSE-KMS or SSE-C objects should have a bucket policy that denies everyone every request without TLS (aws:SecureTransport false; SecureTransport in the OBS policy format).",
        enforcementLevel: "advisory",
        severity: "medium",
        tags: ["obs", "encryption", "bucket-policy", "transport"],
        remediationSteps:
            'Add a bucket policy statement with Effect Deny, Principal * (OBS format: {"ID": ["*"]}), Action s3:* (OBS format: *), Resource both the bucket and <bucket>/* (arn:aws:s3:::<bucket> in the S3 format), and the sole Condition Bool aws:SecureTransport "false" (OBS format: SecureTransport).',
        url: "https://docs.otc.t-systems.com/object-storage-service/s3api/access_control/bucket_policy.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
        reads: { kind: "stack", roles: ["bucket", "bucket-policy", "object", "copy", "bucket-encryption"] },
    },
    (resources, config) => {
        const { scope, view } = stackContext(resources, config);
        const out: Finding[] = [];
        for (const bucket of view.buckets) {
            if (assessPlanned(bucket.resource, bucket.plan, scope).kind !== "obs") continue;
            const encrypted = view
                .objectsIn(bucket)
                .filter((o) => {
                    const e = effectiveEncryption(o);
                    return e.kind !== "unknown" && (e.encryption === "SSE-KMS" || e.encryption === "SSE-C");
                })
                .map((o) => `"${printable(o.resource.name)}"`);
            const kmsDefault = defaultEncryptionOf(bucket) === "SSE-KMS";
            if (encrypted.length === 0 && !kmsDefault) continue;
            const label = resourceLabel(bucket.resource);
            const holds =
                encrypted.length > 0
                    ? `holds encrypted objects (${encrypted.slice(0, 5).join(", ")}${encrypted.length > 5 ? `, and ${encrypted.length - 5} more` : ""})`
                    : "encrypts its objects with SSE-KMS by default";
            const format = POLICY_FORMATS[bucket.policyDialect];
            const transportKey = format.secureTransportKeys[0];
            const example = secureTransportStatement(bucket.name ?? "<bucket>", format);
            let waiting = false;
            let denied = false;
            const shortfalls: string[] = [];
            // The key the short statements test, in their own policy's format (a bucket may carry either).
            const testedKeys = new Set<string>();
            for (const p of bucket.policies) {
                const doc = parsePolicyDocument(p.document);
                if (doc.state === "unknown") waiting = true;
                else if (doc.state === "invalid")
                    out.push({
                        urn: p.resource.urn,
                        message: `${resourceLabel(p.resource)}: ${doc.problem}, so the pack cannot tell whether it refuses plain HTTP to ${label}.`,
                    });
                else if (doc.state === "value") {
                    const verdict = secureTransportVerdict(doc.value, bucket.name, POLICY_FORMATS[p.dialect]);
                    if (verdict.kind === "denies-http") denied = true;
                    else if (verdict.kind === "bucket-name-unknown") waiting = true;
                    else
                        for (const near of verdict.near) {
                            shortfalls.push(`statement ${near.statement} of ${resourceLabel(p.resource)}: ${near.shortfalls.join("; ")}`);
                            testedKeys.add(POLICY_FORMATS[p.dialect].secureTransportKeys[0]);
                        }
                }
            }
            if (denied) continue;
            if (waiting) {
                out.push({
                    urn: bucket.resource.urn,
                    advisoryOnly: true,
                    message: `${label} ${holds}; its bucket policy or its name is computed and unknown ${terms().unknownPhase}, so whether the policy denies ${transportKey} false for the whole bucket is decided once it is known: ${terms().recheck}.`,
                });
                continue;
            }
            const why =
                shortfalls.length > 0
                    ? `\nThese statements test ${[...testedKeys].join(" or ")} but leave some plain-HTTP requests allowed:\n${bullets(shortfalls)}`
                    : "";
            out.push({
                urn: bucket.resource.urn,
                fix: { kind: "add-statement", field: "policy", statement: JSON.parse(example) as unknown },
                inputs: ["policy"],
                cause: `no-secure-transport-deny|format:${format.secureTransportKeys[0]}`,
                message:
                    `${label} ${holds}, but ${bucket.policies.length === 0 ? "it has no bucket policy that denies" : "none of its bucket policies denies"} every request to the bucket and its objects where ${transportKey} is false, so OBS still accepts plain HTTP for it.${why}\n` +
                    `Fix: add this statement to its bucket policy: ${example}`,
            });
        }
        return findings(...out);
    },
);
