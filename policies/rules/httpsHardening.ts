// obs-https-hardening (advisory): traffic to encrypted objects that the matrix allows over HTTP or
// over unverified TLS (HEAD Object on SSE-KMS objects, Complete Multipart Upload, copies into
// unencrypted targets). Over HTTP those calls carry no object body, only metadata and request
// headers; over unverified TLS uploads are exposed too.
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { requirementFor, type Encryption, type Interface } from "../matrix";
import { resourcePolicy, type Finding } from "../policy";
import { callBullets, causeOf, providerKey, describeCall, endpointInput, httpsEndpointFor, providerLabel, resourceLabel } from "../report";
import type { Breach } from "../judge";
import type { ResourceInput } from "../assess";
import { NO_FINDINGS, NO_SCOPE_OPTIONS, withObsScope, type CheckResult, type ObsAssessment } from "./scope";
import { terms, would } from "../terms";

/** Interfaces whose request or response carries the object's body; the others carry metadata and headers only. */
const BODY_INTERFACES: ReadonlySet<Interface> = new Set<Interface>(["PUT Object", "POST Object", "GET Object", "Upload Part"]);

/** What a list of calls exposes in transit, as messages say it. */
function exposedData(calls: readonly Breach[]): string {
    return calls.some((b) => BODY_INTERFACES.has(b.call.iface))
        ? "object data, metadata and request headers"
        : "metadata and request headers (no object body travels in these calls)";
}

/**
 * The calls that reach encrypted objects over a channel the matrix allows but that is not
 * protected (plain HTTP, or TLS without verification). Key-carrying requests belong to
 * obs-sse-c-key-transport, matrix breaches to obs-sse-transfer-protocol. A call is exposed when
 * every encryption it may have is encrypted and allowed there; when only some are (an input
 * unknown during preview, a copy's source), it is only "perhaps", naming what it depends on.
 */
function exposedCalls(assessment: ObsAssessment, plain: boolean): { exposed: Breach[]; perhaps: Array<{ breach: Breach; on: string }> } {
    const exposed: Breach[] = [];
    const perhaps: Array<{ breach: Breach; on: string }> = [];
    const noSource: ReadonlyArray<Encryption | undefined> = [undefined];
    for (const call of assessment.plan.calls) {
        if (call.keyFields.length > 0) continue;
        // Every (target, source) pair the call may make, in order; the first exposed one is named.
        let combos = 0;
        let hits = 0;
        let firstHit: Breach | undefined;
        for (const target of call.target.values) {
            for (const source of call.source ? call.source.values : noSource) {
                combos++;
                if (target === "none" && (source === undefined || source === "none")) continue;
                const requirement = requirementFor(call.iface, target, source, assessment.edition);
                if (!requirement || (plain && !requirement.protocols.includes("HTTP"))) continue;
                hits++;
                firstHit ??= { call, requirement, target, source };
            }
        }
        if (firstHit === undefined) continue;
        if (hits === combos) exposed.push(firstHit);
        else perhaps.push({ breach: firstHit, on: call.target.waitingOn ?? call.source?.waitingOn ?? "an input" });
    }
    return { exposed, perhaps };
}

/** Encrypted traffic through a client that never verifies TLS certificates (OTC's OBS client), at advisory. */
function neverVerifiedFindings(
    resource: ResourceInput,
    assessment: ObsAssessment,
    never: { readonly why: string; readonly instead: () => string },
): Finding[] {
    const label = resourceLabel(resource);
    const encrypted = assessment.plan.calls.filter((c) => c.target.values.some((v) => v !== "none"));
    if (encrypted.length === 0 && assessment.plan.calls.length === 0 && assessment.plan.algorithms.length > 0) {
        // A bucket with default encryption: the objects written into it through this client travel the same way.
        return [
            {
                advisoryOnly: true,
                message:
                    `${label} encrypts its objects by default (${assessment.plan.algorithms.map((x) => terms().input(x.field)).join(", ")}), and objects written or read through ${providerLabel(assessment.provider)}'s OBS client ` +
                    `travel to ${assessment.endpoint.shown} over TLS without certificate verification: ${never.why}.\nFix: ${never.instead()}.`,
            },
        ];
    }
    if (encrypted.length === 0) return [];
    const open = encrypted.find((c) => c.target.values.includes("none"))?.target.waitingOn;
    return [
        {
            advisoryOnly: true,
            message:
                `${label} ${open ? `may make, depending on ${open},` : "makes"} requests on encrypted objects (${[...new Set(encrypted.map((c) => c.iface))].join(", ")}) ` +
                `to ${assessment.endpoint.shown} over TLS without certificate verification: ${never.why}. A man in the middle can read and alter what these requests carry.\nFix: ${never.instead()}.`,
        },
    ];
}

/** The hardening check of a resource whose requests reach OBS. */
function checkHardening(assessment: ObsAssessment, resource: ResourceInput): CheckResult {
    const plain = assessment.endpoint.protocol === "HTTP";
    // A client that never verifies certificates leaves the user no insecure setting to fix: say what to use instead.
    if (!plain && assessment.provider.certificatesNeverVerified)
        return neverVerifiedFindings(resource, assessment, assessment.provider.certificatesNeverVerified);
    const unverified = !plain && assessment.provider.insecure.state === "value" && assessment.provider.insecure.value;
    if (!plain && !unverified) return NO_FINDINGS;
    const { exposed, perhaps } = exposedCalls(assessment, plain);
    if (exposed.length === 0 && perhaps.length === 0) return NO_FINDINGS;
    const how = plain
        ? `over plain HTTP (${assessment.endpoint.shown})`
        : `over TLS without certificate verification (insecure: true, ${assessment.endpoint.shown})`;
    const fix = plain
        ? `set ${endpointInput(assessment.provider)} to ${httpsEndpointFor(assessment.provider, assessment.endpoint)}`
        : `remove insecure from ${providerLabel(assessment.provider)}`;
    const out: Finding[] = [];
    const structured: Pick<Finding, "fix" | "inputs" | "cause"> = plain
        ? {
              fix: {
                  kind: "set",
                  field: assessment.provider.endpointField,
                  value: httpsEndpointFor(assessment.provider, assessment.endpoint),
              },
              inputs: [assessment.provider.endpointField],
              cause: causeOf([providerKey(assessment.provider), "plain-http"]),
          }
        : {
              fix: { kind: "advice", text: fix },
              inputs: ["insecure"],
              cause: causeOf([providerKey(assessment.provider), "insecure"]),
          };
    if (exposed.length > 0) {
        out.push({
            ...structured,
            message:
                `${resourceLabel(resource)} ${would("make")} requests on encrypted objects ${how}, which the OBS SSE matrix allows but which exposes ${exposedData(exposed)} in transit:\n` +
                callBullets(exposed, describeCall) +
                `\nFix: ${fix}.`,
        });
    }
    if (perhaps.length > 0) {
        out.push({
            ...structured,
            inputs: [...(structured.inputs ?? []), ...new Set(perhaps.map((p) => p.on))],
            advisoryOnly: true,
            message:
                `${resourceLabel(resource)} may make requests on encrypted objects ${how}, depending on ${[...new Set(perhaps.map((p) => terms().input(p.on)))].join(" and ")}:\n` +
                callBullets(
                    perhaps.map((p) => p.breach),
                    describeCall,
                ) +
                `\nFix: ${fix}.`,
        });
    }
    return out;
}

export const httpsHardeningPolicy = resourcePolicy(
    {
        name: "obs-https-hardening",
        description:
            "Requests for encrypted OBS objects should use HTTPS with certificate verification, even where the OBS SSE matrix allows HTTP.",
        enforcementLevel: "advisory",
        severity: "medium",
        tags: ["obs", "encryption", "transport", "hardening"],
        remediationSteps:
            "Use an https:// OBS endpoint and keep TLS certificate verification on (no insecure: true) for every provider that touches encrypted objects.",
        url: "https://docs.otc.t-systems.com/object-storage-service/api-ref/apis/server-side_encryption/server-side_encryption_overview.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
        reads: { kind: "resources" },
    },
    (resource, config) => withObsScope(resource, config, NO_SCOPE_OPTIONS, checkHardening),
);
