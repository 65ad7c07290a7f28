// obs-sse-transfer-protocol: every interface a resource calls must use a transfer protocol that
// its matrix row allows (the "Transfer Protocol" column). This rule owns the endpoint: an endpoint the
// provider's client cannot use as written is reported once, on the provider resource.
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { ALLOWS_PROTOCOL, judgeCalls, judgedCalls } from "../judge";
import { resourcePolicy, type Finding } from "../policy";
import { readerFor } from "../providers";
import {
    breachIsCertain,
    bullets,
    callBullets,
    causeOf,
    citeRow,
    describeCall,
    providerKey,
    rowsOf,
    endpointInput,
    endpointName,
    endpointSeen,
    httpsEndpointFor,
    isDefaultProvider,
    providerLabel,
    resourceLabel,
    suggestedEndpoint,
    waitingFindings,
} from "../report";
import { printable } from "../printable";
import type { ResourceInput } from "../assess";
import { upgradeObsEndpointToHttps } from "./providerFixes";
import {
    NO_FINDINGS,
    withObsScope,
    type ObsAssessment,
    type CheckResult,
    type ObsCheck,
    type ScopeOptions,
    type UnusableEndpointAssessment,
} from "./scope";
import { would } from "../terms";

export const MATRIX_DOC_URL =
    "https://docs.otc.t-systems.com/object-storage-service/s3api/obs_rest_apis/server-side_encryption/interfaces_related_to_server-side_encryption.html";

/** What the provider's client does with an unusable endpoint, where its reader knows; else only what may happen. */
function consequence(a: UnusableEndpointAssessment): string {
    return (
        a.provider.unusableEndpoint?.[a.reading.form] ??
        "The provider's client may refuse it or fail to connect; either way its requests are not expected to reach OBS"
    );
}

/**
 * The input at fault, as messages name it: the endpoint input, or the input the endpoint is built
 * from (the OTC provider's authUrl). A sensitive endpoint's host is never added.
 */
function faultyInput(a: UnusableEndpointAssessment): string {
    if (a.reading.input !== undefined) return a.reading.input;
    const host = a.host && !a.reading.sensitive ? ` (host ${a.host.host})` : "";
    return `${endpointName(a.provider)} ${a.reading.sensitive ? a.reading.shown : a.provider.endpointField}${host}`;
}

/** "set <input> to <value>" for the fix of an unusable endpoint. */
function unusableFix(a: UnusableEndpointAssessment): string {
    if (a.reading.input !== undefined) {
        const input = a.reading.input.replace(/ \(sensitive\)$/, "");
        const where = isDefaultProvider(a.provider)
            ? `stack config ${printable(a.provider.type.replace(/^pulumi:providers:/, ""))}:${input}`
            : `${input} of provider "${printable(a.provider.name)}"`;
        return `set ${where} to ${a.reading.suggestion ?? "a value the provider accepts"}`;
    }
    return `set ${endpointInput(a.provider)} to ${suggestedEndpoint(a.provider, a.reading.sensitive ? undefined : a.host?.host)}`;
}

/** The one finding about an unusable endpoint, on the provider resource: advisory, since nothing is sent. */
function unusableEndpointFinding(a: UnusableEndpointAssessment): Finding {
    return {
        advisoryOnly: true,
        inputs: [a.reading.input?.replace(/ \(sensitive\)$/, "") ?? a.provider.endpointField],
        fix: { kind: "advice", text: unusableFix(a) },
        cause: causeOf([providerKey(a.provider), "endpoint-unusable"]),
        message:
            `${providerLabel(a.provider)}: its ${faultyInput(a)} ${a.reading.problem}. ${consequence(a)}. ` +
            `Nothing reaches OBS through this provider as configured, so no OBS encryption rule is broken yet; objects whose rows need HTTPS are listed on the resources.\n` +
            `Fix: ${unusableFix(a)}.`,
    };
}

/** On a resource behind an unusable endpoint: only the calls whose rows need HTTPS, for when the scheme is written. */
function atStake(resource: ResourceInput, a: UnusableEndpointAssessment): Finding[] {
    const { breaches, waiting } = judgeCalls(a.plan.calls, a.edition, ALLOWS_PROTOCOL.HTTP);
    const lines = [
        ...breaches.map((b) => `${describeCall(b)}: ${citeRow(b)}`),
        ...waiting.map((w) => `${describeCall(w.breach)}: ${citeRow(w.breach)} (if ${w.on} turns out so)`),
    ];
    if (lines.length === 0) return [];
    const calls = judgedCalls([...breaches, ...waiting.map((w) => w.breach)], { protocol: "unknown" });
    return [
        {
            advisoryOnly: true,
            calls,
            inputs: [a.reading.input?.replace(/ \(sensitive\)$/, "") ?? a.provider.endpointField],
            fix: { kind: "advice", text: unusableFix(a) },
            cause: causeOf([providerKey(a.provider), "endpoint-unusable", `rows:${rowsOf(calls)}`]),
            message:
                `${resourceLabel(resource)} uses ${providerLabel(a.provider)}, whose ${a.reading.input ?? endpointName(a.provider)} ${a.reading.problem} and cannot be used as written (reported on the provider). ` +
                (a.reading.input !== undefined
                    ? "Once it is corrected, these calls need HTTPS by the OBS SSE matrix:"
                    : "When its scheme is written, it must be https://: by the OBS SSE matrix these calls need HTTPS:") +
                `\n${bullets(lines)}\n` +
                `Fix: ${unusableFix(a)}.`,
        },
    ];
}

/** The transfer-protocol check of a resource (not a provider) whose requests reach OBS. */
function checkProtocol(assessment: ObsAssessment, resource: ResourceInput): CheckResult {
    const protocol = assessment.endpoint.protocol;
    const { breaches, waiting } = judgeCalls(assessment.plan.calls, assessment.edition, ALLOWS_PROTOCOL[protocol]);
    if (breaches.length === 0 && waiting.length === 0) return NO_FINDINGS;
    const out: Finding[] = [];
    const seen = `Endpoint seen: ${endpointSeen(assessment.endpoint)} (${providerLabel(assessment.provider)}).`;
    if (breaches.length > 0) {
        // With the body size unknown, a breach on one upload path only is a "may".
        const certain = breachIsCertain(breaches, assessment.plan.calls);
        const calls = judgedCalls(breaches, { protocol });
        const fix = {
            kind: "set" as const,
            field: assessment.provider.endpointField,
            value: httpsEndpointFor(assessment.provider, assessment.endpoint),
        };
        out.push({
            calls,
            fix,
            inputs: [assessment.provider.endpointField],
            cause: causeOf([providerKey(assessment.provider), `protocol:${protocol}`, `rows:${rowsOf(calls)}`, `set:${fix.field}`]),
            message:
                `${resourceLabel(resource)} ${certain ? would("call") : "may call"} OBS over ${protocol}, which the OBS SSE matrix does not allow for:\n` +
                callBullets(breaches, (b) => `${describeCall(b)}: ${citeRow(b)}`) +
                `\n${seen}\n` +
                `Fix: set ${endpointInput(assessment.provider)} to ${fix.value}.`,
            ...(certain ? {} : { advisoryOnly: true as const }),
        });
    }
    out.push(
        ...waitingFindings(resourceLabel(resource), "protocol", waiting, seen, {
            protocol,
            cause: providerKey(assessment.provider),
        }),
    );
    return out;
}

/** A provider resource itself (explicit or default): its endpoint, once; only an unusable one is reported here. */
const PROVIDER_SCOPE: ScopeOptions = { providers: true, unusable: (assessment) => [unusableEndpointFinding(assessment)] };
/** A resource served by a provider: this rule owns the endpoint, and lists what is at stake behind an unusable one. */
const RESOURCE_SCOPE: ScopeOptions = { reportsEndpoint: true, unusable: (assessment, resource) => atStake(resource, assessment) };
const NOTHING_MORE: ObsCheck = () => NO_FINDINGS;

export const transferProtocolPolicy = resourcePolicy(
    {
        name: "obs-sse-transfer-protocol",
        description: "OBS interfaces called on encrypted objects must use the transfer protocol (HTTP/HTTPS) the OBS SSE matrix allows.",
        enforcementLevel: "mandatory",
        severity: "high",
        tags: ["obs", "encryption", "transport", "matrix"],
        remediationSteps:
            "Point the provider's OBS endpoint (aws: endpoints[].s3; huaweicloud: endpoints.obs) at the https:// form of its own OBS host (https://obs.<region>.otc.t-systems.com on Open Telekom Cloud, https://obs.<region>.myhuaweicloud.com on Huawei Cloud; for a default provider, in the aws:endpoints or huaweicloud:endpoints stack config), or drop the server-side encryption that requires HTTPS.",
        url: MATRIX_DOC_URL,
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
        reads: { kind: "resources" },
    },
    (resource, config) =>
        readerFor(resource.type)
            ? withObsScope(resource, config, PROVIDER_SCOPE, NOTHING_MORE)
            : withObsScope(resource, config, RESOURCE_SCOPE, checkProtocol),
    upgradeObsEndpointToHttps,
);
