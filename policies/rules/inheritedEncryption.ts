// obs-sse-inherited-encryption (advisory, stack): an object uploaded without encryption of its own
// into a bucket whose default encryption is SSE-KMS is stored as SSE-KMS. OBS documents no
// transfer rule for such uploads; read by the SSE-KMS rows, its calls may need HTTPS and V4.
import { PROVIDER_SIGNATURES_SCHEMA, SCOPE_SCHEMA_PROPERTIES } from "../config";
import { judgeCalls, transportChecks } from "../judge";
import { findings, stackPolicy, type Finding } from "../policy";
import { callBullets, citeRow, describeCall, endpointInput, providerLabel, resourceLabel } from "../report";
import { stackContext } from "../stack/context";
import { defaultEncryptionOf, type ObjectEntry } from "../stack/view";
import { signatureOf } from "./signatureVersion";
import { MATRIX_DOC_URL } from "./transferProtocol";
import { terms, would } from "../terms";

export const inheritedEncryptionPolicy = stackPolicy(
    {
        name: "obs-sse-inherited-encryption",
        description:
            "Objects that inherit SSE-KMS from their bucket's default encryption should be uploaded and read the way the SSE-KMS matrix rows require.",
        enforcementLevel: "advisory",
        severity: "medium",
        tags: ["obs", "encryption", "bucket-default", "matrix"],
        remediationSteps:
            "Use an https:// endpoint and V4 signatures for buckets with SSE-KMS default encryption, or give the object an explicit encryption and check it against the matrix.",
        url: MATRIX_DOC_URL,
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES, providerSignatures: PROVIDER_SIGNATURES_SCHEMA } },
        reads: { kind: "stack", roles: ["object", "bucket", "bucket-encryption"] },
    },
    (resources, config) => {
        const { signatures, obsObjects } = stackContext(resources, config);
        const out: Finding[] = [];
        // Objects encrypted on their own are judged by the resource policies; those outside the stack's buckets are unknown here.
        const mayInherit = (o: ObjectEntry) => o.plan.encryption?.values.includes("none") ?? false;
        for (const { entry: o, assessment } of obsObjects(mayInherit)) {
            const label = resourceLabel(o.resource);
            if (o.bucket.kind === "unknown") {
                out.push({
                    urn: o.resource.urn,
                    advisoryOnly: true,
                    message: `${label}: the pack cannot tell which bucket it is in, because ${o.bucket.why}; whether it inherits SSE-KMS from a bucket default is decided once that is known.`,
                });
                continue;
            }
            if (o.bucket.kind !== "found") continue;
            const bucket = o.bucket.entry;
            const bucketDefault = defaultEncryptionOf(bucket);
            if (bucketDefault === "other") continue;
            const bucketLabel = resourceLabel(bucket.resource);
            if (bucketDefault === "unknown") {
                out.push({
                    urn: o.resource.urn,
                    advisoryOnly: true,
                    message: `${label} has no encryption of its own and the default encryption of its bucket ${bucketLabel} is unknown ${terms().unknownPhase}; if it is SSE-KMS, the object is stored as SSE-KMS.`,
                });
                continue;
            }
            const inherited = o.plan.calls.map((c) => ({ ...c, target: { values: ["SSE-KMS" as const] } }));
            const sent = signatureOf(assessment.provider, signatures);
            const { checks, unchecked } = transportChecks(assessment.edition, assessment.endpoint.protocol, sent, assessment.provider.api);
            const notes = new Set<string>();
            const lines = checks.flatMap(({ how, edition, allows, note }) =>
                judgeCalls(inherited, edition, allows).breaches.map((b) => {
                    if (note) notes.add(note);
                    return { call: b.call, text: `${describeCall(b)} ${how}: ${citeRow(b)}` };
                }),
            );
            if (lines.length === 0) continue;
            const signatureCheck = checks[1];
            const fixes = [
                ...(lines.some((l) => / over HTTP: /.test(l.text))
                    ? [`set ${endpointInput(assessment.provider)} to an https:// endpoint`]
                    : []),
                ...(signatureCheck !== undefined && lines.some((l) => l.text.includes(signatureCheck.how))
                    ? [
                          `sign these requests with V4 instead of ${sent.signature} (${sent.from}), through a client or re-signing gateway that signs V4`,
                      ]
                    : []),
            ];
            out.push({
                urn: o.resource.urn,
                message:
                    `${label} has no encryption of its own, so OBS stores it with the SSE-KMS default of bucket ${bucketLabel}. ` +
                    `OBS documents no transfer rule for objects that inherit their encryption; read by the SSE-KMS rows of the matrix, these calls through ${providerLabel(assessment.provider)} (${assessment.endpoint.shown}) ${would("break", true)}:\n` +
                    callBullets(lines, (l) => l.text) +
                    `\n` +
                    [...notes, ...(unchecked ? [unchecked] : [])].map((n) => `${n}\n`).join("") +
                    `Fix: ${fixes.join(", and ")}, or give the object an explicit encryption.`,
            });
        }
        return findings(...out);
    },
);
