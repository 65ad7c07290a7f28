// obs-sse-supported-algorithm: the SSE algorithm a resource asks for must be one OBS accepts
// through the S3-compatible API.
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { resourcePolicy, type Finding } from "../policy";
import { resourceLabel } from "../report";
import { characters, inputName } from "../values";
import { NO_SCOPE_OPTIONS, withObsScope, type CheckResult, type ObsAssessment } from "./scope";
import type { ResourceInput } from "../assess";
import { terms } from "../terms";

/**
 * Encryption names S3 defines for serverSideEncryption, and OBS's SM4 (Huawei's native API):
 * only these are ever quoted in messages.
 */
const KNOWN_ALGORITHMS: ReadonlySet<string> = new Set(["aes256", "aws:kms", "aws:kms:dsse", "aws:fsx", "sm4"]);

/**
 * An algorithm value as messages show it: quoted when it is (a case variant of) a name S3 defines,
 * otherwise only described, since anything else may be a key pasted into the wrong input.
 */
function shownAlgorithm(value: string, sensitive = false): string {
    if (sensitive) return "a sensitive value (not shown)";
    return KNOWN_ALGORITHMS.has(value.toLowerCase()) ? `"${value}"` : `a value that is not an algorithm name (${characters(value)})`;
}

/** Why OBS refuses an algorithm value, or undefined when it accepts it there. */
function refusal(value: string, assessment: ObsAssessment): string | undefined {
    if (value === "aws:kms") return undefined;
    if (assessment.provider.api === "obs") {
        // The native API names SSE-KMS "kms" and SSE-OBS "AES256" (both clouds document both).
        return value === "kms" || value === "AES256"
            ? undefined
            : `OBS does not support the server-side encryption ${shownAlgorithm(value)}; its OBS API accepts kms (SSE-KMS) and AES256 (SSE-OBS)`;
    }
    if (value === "AES256") {
        // Huawei Cloud's OBS has SSE-OBS (service-managed keys); OTC's S3-compatible API refuses SSE-S3.
        const huawei = assessment.host.cloud === "huawei" || (assessment.host.cloud === "listed" && assessment.edition === "huawei-obs");
        return huawei
            ? undefined
            : "OTC OBS does not support SSE-S3 (AES256) through the S3-compatible API; only aws:kms (SSE-KMS) is accepted";
    }
    return `OBS does not support the server-side encryption ${shownAlgorithm(value)}; through the S3-compatible API it accepts aws:kms (SSE-KMS) and, on copies, SSE-C`;
}

/**
 * `kmsKeyId` with `serverSideEncryption: "AES256"`: terraform-provider-aws sets the key id with
 * aws:kms, then overwrites the algorithm with AES256, so the request pairs an SSE-KMS key id with
 * AES256. OBS documents no answer to that; no matrix row or key exposure is at stake, so it is
 * advisory, on every cloud (where AES256 itself is refused, that is reported on its own).
 */
function contradictions(label: () => string, assessment: ObsAssessment): Finding[] {
    const judgedKms = assessment.plan.encryption?.values.length === 1 && assessment.plan.encryption.values[0] === "SSE-KMS";
    const aes = assessment.plan.algorithms.find((alg) => alg.field === "serverSideEncryption" && alg.value === "AES256");
    if (!judgedKms || !aes) return [];
    const [kmsKeyId, sse] = [terms().input("kmsKeyId"), terms().input("serverSideEncryption")];
    if (aes.sensitive) {
        return [
            {
                advisoryOnly: true,
                message:
                    `${label()}: ${kmsKeyId} is set together with ${sse} (sensitive), whose value contradicts it: the provider sends the KMS key id with another algorithm. ` +
                    `OBS documents no behaviour for this pair; the pack judges the object as SSE-KMS.\nFix: set ${sse} to "aws:kms" (or remove it: ${kmsKeyId} alone already asks for SSE-KMS).`,
            },
        ];
    }
    return [
        {
            advisoryOnly: true,
            message:
                `${label()}: ${kmsKeyId} is set together with ${sse} "AES256", a contradictory request: the provider sends the KMS key id ` +
                `but replaces the aws:kms algorithm that goes with it by AES256. OBS documents no behaviour for this pair, so the request may be refused or ` +
                `stored differently than meant; the pack judges the object as SSE-KMS.\nFix: set ${sse} to "aws:kms" (or remove it: ${kmsKeyId} alone already asks for SSE-KMS).`,
        },
    ];
}

/** The algorithm check of a resource whose requests reach OBS. */
function checkAlgorithms(assessment: ObsAssessment, resource: ResourceInput): CheckResult {
    // Worded only when a finding needs it: most resources ask for what OBS supports.
    let shownLabel: string | undefined;
    const label = (): string => (shownLabel ??= resourceLabel(resource));
    const out: Finding[] = assessment.plan.problems.map((p) => ({
        message: `${label()}: ${p}.\nFix: correct the input so the pack (and OBS) can tell which encryption is meant.`,
    }));
    for (const alg of assessment.plan.algorithms) {
        if (alg.value === undefined) {
            out.push({
                message:
                    assessment.provider.api === "obs"
                        ? `${label()}: ${terms().input(alg.field)} is unknown ${terms().unknownPhase}. If it resolves to anything but kms (SSE-KMS) or AES256 (SSE-OBS), OBS's native API will refuse it.`
                        : `${label()}: ${terms().input(alg.field)} is unknown ${terms().unknownPhase}. If it resolves to AES256 (on OTC), aws:kms:dsse or aws:fsx, OBS will refuse it; aws:kms is accepted.`,
                advisoryOnly: true,
            });
            continue;
        }
        const why = refusal(alg.value, assessment);
        // The native API names SSE-KMS "kms", the S3-compatible API "aws:kms".
        const kms = assessment.provider.api === "obs" ? "kms" : "aws:kms";
        if (why) {
            // A sensitive algorithm is judged as any, but the reason (which names the value) is not given.
            const reason = alg.sensitive
                ? `OBS does not accept the server-side encryption it names through this API; it accepts ${kms} (SSE-KMS)`
                : why;
            const asked = alg.requestedAs ?? `${inputName(terms().input(alg.field), alg.sensitive === true)} is`;
            const fix = alg.fix ?? `set ${terms().input(alg.field)} to "${kms}" and give an OBS KMS key id, or remove it`;
            out.push({
                message: `${label()}: ${asked} ${shownAlgorithm(alg.value, alg.sensitive)}. ${reason} (endpoint ${assessment.endpoint.shown}).\nFix: ${fix}.`,
            });
        }
    }
    out.push(...contradictions(label, assessment));
    const requested = assessment.plan.algorithms.length > 0 || assessment.plan.keyFields.length > 0;
    if (requested && assessment.host.region === "eu-ch2") {
        out.push({
            // The region comes from the endpoint's host: not named when the endpoint is sensitive.
            message:
                `${label()} requests server-side encryption through ${assessment.endpoint.sensitive ? `an S3 API (${assessment.endpoint.shown}) of a region` : `the eu-ch2 (Swiss) S3 API at ${assessment.endpoint.shown}`}, whose documentation says OBS there does not support server-side encryption; ` +
                `only SSE-KMS set up through the console is documented for ${assessment.endpoint.sensitive ? "that region" : "eu-ch2"}. Verify the request works there before relying on it.`,
            advisoryOnly: true,
        });
    }
    return out;
}

export const supportedAlgorithmPolicy = resourcePolicy(
    {
        name: "obs-sse-supported-algorithm",
        description:
            "Server-side encryption requested from OBS must be a kind OBS supports through the API the provider speaks (S3-compatible or native).",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: ["obs", "encryption", "algorithm"],
        remediationSteps:
            'Use SSE-KMS with an OBS KMS key id (serverSideEncryption "aws:kms" through the S3-compatible API, "kms" through the native API), or SSE-C on copies; do not request AES256 (SSE-S3) from OTC\'s S3-compatible API, nor aws:kms:dsse or aws:fsx.',
        url: "https://docs.otc.t-systems.com/object-storage-service/s3api/introduction/compatibility_of_obs_rest_apis.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
        reads: { kind: "resources" },
    },
    (resource, config) => withObsScope(resource, config, NO_SCOPE_OPTIONS, checkAlgorithms),
);
