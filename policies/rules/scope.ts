// The step every rule starts with: read the scope options, assess the resource, and turn "not an
// OBS resource" into not-applicable. Endpoint problems are reported by one rule only (the
// transfer-protocol rule owns the endpoint); the others say why they did not run.
import { assess, assessProvider, type Assessment, type ObsAssessment, type ResourceInput } from "../assess";
import { readScopeConfig } from "../config";
import { findings, notApplicable, type Finding, type Outcome } from "../policy";
import { ALLOWS_PROTOCOL, judgeCalls } from "../judge";
import { EDITIONS, type Edition } from "../matrix";
import type { ProviderSettings } from "../providers";
import type { ResourcePlan } from "../resources";
import { terms } from "../terms";
import { causeOf, endpointIsMapEntry, endpointName, providerKey, providerLabel, resourceLabel, suggestedEndpoint } from "../report";

export type { ObsAssessment };
export type UnusableEndpointAssessment = Extract<Assessment, { kind: "endpoint-unusable" }>;

export interface ScopeOptions {
    /** Report unreadable or unknown endpoints (only the rule that owns the endpoint does). */
    readonly reportsEndpoint?: boolean;
    /** Judge provider resources themselves instead of the resources they serve. */
    readonly providers?: boolean;
    /**
     * What the rule says about a resource whose provider's endpoint cannot be used as written; rules
     * without it are not applicable there (the owner of the endpoint reports it once, on the provider).
     */
    readonly unusable?: (a: UnusableEndpointAssessment, resource: ResourceInput) => readonly Finding[];
}

/**
 * The fix for an endpoint the pack cannot read. A provider whose endpoint is one URL input is given
 * a URL to write; one whose endpoint is built from other inputs (region, authUrl) is told to correct
 * the input the problem names.
 */
function endpointProblemFix(p: ProviderSettings): string {
    if (endpointIsMapEntry(p)) {
        return `give the provider a valid ${endpointName(p)} URL, scheme included, for example ${suggestedEndpoint(p)}`;
    }
    return "correct the provider input the problem names, so that the pack can tell its OBS endpoint";
}

/**
 * Whether some call of the plan would break its row over plain HTTP, in any edition that may judge
 * it (the forced one, else every one: an unreadable endpoint leaves the cloud open), whatever its
 * unknown inputs turn out to be.
 */
function callsAnEndpointCouldBreak(plan: ResourcePlan, forced: Edition | undefined): boolean {
    if (plan.calls.length === 0) return false;
    return (forced ? [forced] : EDITIONS).some((edition) => judgeCalls(plan.calls, edition, ALLOWS_PROTOCOL.HTTP).breaches.length > 0);
}

/** No findings (shared: findings lists are never changed in place). */
export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);
/** The options of a rule that judges resources and leaves their endpoint to the transfer-protocol rule. */
export const NO_SCOPE_OPTIONS: ScopeOptions = Object.freeze({});
/** The outcome of a check that found nothing (shared: outcomes are never changed in place). */
const PASSED: Outcome = Object.freeze({ findings: NO_FINDINGS });

/** What a rule's check returns: its findings, or why it does not apply after all. */
export type CheckResult = readonly Finding[] | { readonly notApplicable: string };

/**
 * A rule's check of a resource in OBS scope, given its assessment, the resource and what the rule
 * read of its config before (`context`, when it reads more than the scope options): rules pass one
 * function made once (every policy runs on every resource of a request).
 */
export type ObsCheck<C = undefined> = (a: ObsAssessment, resource: ResourceInput, context: C) => CheckResult;

export function withObsScope(resource: ResourceInput, config: unknown, options: ScopeOptions, check: ObsCheck): Outcome;
export function withObsScope<C>(resource: ResourceInput, config: unknown, options: ScopeOptions, check: ObsCheck<C>, context: C): Outcome;
export function withObsScope<C>(
    resource: ResourceInput,
    config: unknown,
    options: ScopeOptions,
    check: ObsCheck<C | undefined>,
    context?: C,
): Outcome {
    const scope = readScopeConfig(config);
    const configFindings: readonly Finding[] =
        scope.problems.length === 0
            ? NO_FINDINGS
            : scope.problems.map((p) => ({
                  message: `${resourceLabel(resource)}: ${p}.`,
                  advisoryOnly: true,
                  cause: "policy-options",
              }));
    const a = options.providers ? assessProvider(resource, scope.value) : assess(resource, scope.value);
    switch (a.kind) {
        case "unrelated":
            return PASSED;
        case "not-applicable":
            return configFindings.length > 0 ? findings(...configFindings) : notApplicable(a.reason);
        case "no-provider":
            // A preview always sends the provider; a state may lack it: then where the requests go is unknown.
            if (terms().deployed !== true || !options.reportsEndpoint || options.providers)
                return configFindings.length > 0
                    ? findings(...configFindings)
                    : notApplicable(
                          terms().deployed === true
                              ? "its provider is not in the stack's state (reported by obs-sse-transfer-protocol)"
                              : "the engine sent no provider for this resource",
                      );
            return findings(...configFindings, {
                cause: "missing-provider",
                message:
                    `${resourceLabel(resource)} has no provider in the stack's state (its provider resource is missing from the state or export), ` +
                    "so whether and how it reaches OBS cannot be told, and no OBS encryption rule could be checked for it.",
                advisoryOnly: true,
            });
        case "endpoint-problem": {
            if (!options.reportsEndpoint)
                return notApplicable(
                    `the ${endpointName(a.provider)} of ${providerLabel(a.provider)} cannot be read (reported by obs-sse-transfer-protocol)`,
                );
            // Mandatory only where a row of the resource's own calls needs HTTPS: an endpoint the pack cannot read may be http://.
            const atStake = callsAnEndpointCouldBreak(a.plan, scope.value.edition);
            return findings(...configFindings, {
                inputs: [a.provider.endpointField],
                fix: { kind: "advice", text: endpointProblemFix(a.provider) },
                cause: causeOf([providerKey(a.provider), "endpoint-problem", atStake ? "at-stake" : "no-row-at-stake"]),
                message:
                    `${resourceLabel(resource)} uses ${providerLabel(a.provider)}, whose ${a.problem}. ` +
                    `The pack cannot tell whether or how it reaches OBS, so no OBS encryption rule could be checked for this resource.` +
                    (atStake
                        ? ""
                        : " None of its own calls uses a matrix row that needs HTTPS (it makes no request on an encrypted object), so this is advisory.") +
                    `\nFix: ${endpointProblemFix(a.provider)}.`,
                ...(atStake ? {} : { advisoryOnly: true as const }),
            });
        }
        case "endpoint-unusable":
            if (!options.unusable) {
                return configFindings.length > 0
                    ? findings(...configFindings)
                    : notApplicable(
                          `the ${endpointName(a.provider)} of ${providerLabel(a.provider)} cannot be used as written, so its requests do not reach OBS (reported by obs-sse-transfer-protocol on the provider)`,
                      );
            }
            return findings(...configFindings, ...options.unusable(a, resource));
        case "endpoint-unknown":
            if (a.provider.endpointUnknowable !== undefined) {
                if (!options.reportsEndpoint)
                    return notApplicable(`the OBS endpoint of ${providerLabel(a.provider)} cannot be known from its inputs`);
                return findings(...configFindings, {
                    inputs: [a.provider.endpointField],
                    cause: causeOf([providerKey(a.provider), "endpoint-unknowable"]),
                    message:
                        `${resourceLabel(resource)} uses ${providerLabel(a.provider)}, whose OBS endpoint cannot be known from its inputs: ${a.provider.endpointUnknowable}. ` +
                        `The pack does not guess it, so no OBS encryption rule could be checked for this resource.`,
                    advisoryOnly: true,
                });
            }
            if (!options.reportsEndpoint)
                return notApplicable(`the ${endpointName(a.provider)} of ${providerLabel(a.provider)} is unknown ${terms().unknownPhase}`);
            return findings(...configFindings, {
                inputs: [a.provider.endpointField],
                cause: causeOf([providerKey(a.provider), "endpoint-unknown"]),
                message:
                    `${resourceLabel(resource)} uses ${providerLabel(a.provider)}, whose ${terms().input(a.provider.endpointField)} is ${terms().deployed === true ? "" : "computed and "}unknown ${terms().unknownPhase}. ` +
                    `Whether it is an OBS endpoint, and over which protocol, is decided once it is known: ${terms().recheck}.`,
                advisoryOnly: true,
            });
        case "obs": {
            const result = check(a, resource, context);
            if ("notApplicable" in result)
                return configFindings.length > 0 ? findings(...configFindings) : notApplicable(result.notApplicable);
            if (configFindings.length === 0) return result.length === 0 ? PASSED : { findings: result };
            return findings(...configFindings, ...result);
        }
    }
}
