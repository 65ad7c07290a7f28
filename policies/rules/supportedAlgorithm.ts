// obs-sse-supported-algorithm: the SSE algorithm a resource asks for must be one OBS accepts
// through the S3-compatible API.
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { resourcePolicy, type Finding } from "../policy";
import { resourceLabel } from "../report";
import { characters } from "../values";
import { withObsScope, type ObsAssessment } from "./scope";

/**
 * Encryption names S3 defines for serverSideEncryption, and OBS's SM4 (Huawei's native API):
 * only these are ever quoted in messages.
 */
const KNOWN_ALGORITHMS: ReadonlySet<string> = new Set(["aes256", "aws:kms", "aws:kms:dsse", "aws:fsx", "sm4"]);

/**
 * An algorithm value as messages show it: quoted when it is (a case variant of) a name S3 defines,
 * otherwise only described, since anything else may be a key pasted into the wrong input.
 */
function shownAlgorithm(value: string): string {
    return KNOWN_ALGORITHMS.has(value.toLowerCase()) ? `"${value}"` : `a value that is not an algorithm name (${characters(value)})`;
}

/** Why OBS refuses an algorithm value, or undefined when it accepts it there. */
function refusal(value: string, a: ObsAssessment): string | undefined {
    if (value === "aws:kms") return undefined;
    if (value === "AES256") {
        // Huawei Cloud's OBS has SSE-OBS (service-managed keys); OTC's S3-compatible API refuses SSE-S3.
        const huawei = a.host.cloud === "huawei" || (a.host.cloud === "listed" && a.edition === "huawei-obs");
        return huawei ? undefined : "OTC OBS does not support SSE-S3 (AES256) through the S3-compatible API; only aws:kms (SSE-KMS) is accepted";
    }
    return `OBS does not support the server-side encryption ${shownAlgorithm(value)}; through the S3-compatible API it accepts aws:kms (SSE-KMS) and, on copies, SSE-C`;
}

export const supportedAlgorithmPolicy = resourcePolicy(
    {
        name: "obs-sse-supported-algorithm",
        description: "Server-side encryption requested from OBS must be a kind OBS supports through the S3-compatible API.",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: ["obs", "encryption", "algorithm"],
        remediationSteps: "Use serverSideEncryption \"aws:kms\" (SSE-KMS) with an OBS KMS key id, or SSE-C on copies; do not request AES256 (SSE-S3), aws:kms:dsse or aws:fsx from OTC OBS.",
        url: "https://docs.otc.t-systems.com/object-storage-service/s3api/introduction/compatibility_of_obs_rest_apis.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
    },
    (resource, config) => withObsScope(resource, config, {}, (a) => {
        const label = resourceLabel(resource);
        const out: Finding[] = a.plan.problems.map((p) => ({ message: `${label}: ${p}.\nFix: correct the input so the pack (and OBS) can tell which encryption is meant.` }));
        for (const alg of a.plan.algorithms) {
            if (alg.value === undefined) {
                out.push({
                    message: `${label}: ${alg.field} is unknown during preview. If it resolves to AES256 (on OTC), aws:kms:dsse or aws:fsx, OBS will refuse it; aws:kms is accepted.`,
                    advisoryOnly: true,
                });
                continue;
            }
            const why = refusal(alg.value, a);
            if (why) out.push({ message: `${label}: ${alg.field} is ${shownAlgorithm(alg.value)}. ${why} (endpoint ${a.endpoint.shown}).\nFix: set ${alg.field} to "aws:kms" and give an OBS KMS key id, or remove it.` });
        }
        const requested = a.plan.algorithms.length > 0 || a.plan.keyFields.length > 0;
        if (requested && a.host.region === "eu-ch2") {
            out.push({
                message: `${label} requests server-side encryption through the eu-ch2 (Swiss) S3 API at ${a.endpoint.shown}, whose documentation says OBS there does not support server-side encryption; ` +
                    `only SSE-KMS set up through the console is documented for eu-ch2. Verify the request works there before relying on it.`,
                advisoryOnly: true,
            });
        }
        return out;
    }),
);
