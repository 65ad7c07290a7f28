// The step every rule starts with: read the scope options, assess the resource, and turn "not an
// OBS resource" into not-applicable. Endpoint problems are reported by one rule only (the
// transfer-protocol rule owns the endpoint); the others say why they did not run.
import { assess, assessProvider, type ObsAssessment, type ResourceInput } from "../assess";
import { readScopeConfig } from "../config";
import { findings, notApplicable, type Finding, type Outcome } from "../policy";
import { providerLabel, resourceLabel } from "../report";

export type { ObsAssessment };

export interface ScopeOptions {
    /** Report unreadable or unknown endpoints (only the rule that owns the endpoint does). */
    readonly reportsEndpoint?: boolean;
    /** Judge provider resources themselves instead of the resources they serve. */
    readonly providers?: boolean;
}

export const EXAMPLE_ENDPOINT = "https://obs.eu-de.otc.t-systems.com";

export function withObsScope(
    resource: ResourceInput,
    config: unknown,
    options: ScopeOptions,
    /** The findings, or `{ notApplicable }` where the rule has nothing to judge by (saying why). */
    check: (a: ObsAssessment) => readonly Finding[] | { readonly notApplicable: string },
): Outcome {
    const scope = readScopeConfig(config);
    const configFindings: Finding[] = scope.problems.map((p) => ({ message: `${resourceLabel(resource)}: ${p}.`, advisoryOnly: true }));
    const a = options.providers ? assessProvider(resource, scope.value) : assess(resource, scope.value);
    switch (a.kind) {
        case "unrelated":
            return findings();
        case "not-applicable":
            return configFindings.length > 0 ? findings(...configFindings) : notApplicable(a.reason);
        case "endpoint-problem":
            if (!options.reportsEndpoint) return notApplicable(`the S3 endpoint of ${providerLabel(a.provider)} cannot be read (reported by obs-sse-transfer-protocol)`);
            return findings(...configFindings, {
                message: `${resourceLabel(resource)} uses ${providerLabel(a.provider)}, whose ${a.problem}. ` +
                    `The pack cannot tell whether or how it reaches OBS, so no OBS encryption rule could be checked for this resource.\n` +
                    `Fix: give the provider a valid S3 endpoint URL, scheme included, for example ${EXAMPLE_ENDPOINT}.`,
            });
        case "endpoint-unknown":
            if (a.provider.endpointUnknowable !== undefined) {
                if (!options.reportsEndpoint) return notApplicable(`the OBS endpoint of ${providerLabel(a.provider)} cannot be known from its inputs`);
                return findings(...configFindings, {
                    message: `${resourceLabel(resource)} uses ${providerLabel(a.provider)}, whose OBS endpoint cannot be known from its inputs: ${a.provider.endpointUnknowable}. ` +
                        `The pack does not guess it, so no OBS encryption rule could be checked for this resource.`,
                    advisoryOnly: true,
                });
            }
            if (!options.reportsEndpoint) return notApplicable(`the S3 endpoint of ${providerLabel(a.provider)} is unknown during preview`);
            return findings(...configFindings, {
                message: `${resourceLabel(resource)} uses ${providerLabel(a.provider)}, whose ${a.provider.endpointField} is computed and unknown during preview. ` +
                    `Whether it is an OBS endpoint, and over which protocol, is decided once it is known: the check runs again at update.`,
                advisoryOnly: true,
            });
        case "obs": {
            const result = check(a);
            if (!("notApplicable" in result)) return findings(...configFindings, ...result);
            return configFindings.length > 0 ? findings(...configFindings) : notApplicable(result.notApplicable);
        }
    }
}
