// obs-virtual-hosted-style (advisory): OBS documents access with the bucket in the host name. Its
// native API documents 403 VirtualHostDomainRequired for requests that do not use it; its
// S3-compatible API documents virtual-hosted access and, for bucket names with dots, suggests
// path access. So path style is a risk, not a known refusal, for S3-compatible clients. Judged on
// the provider resource itself (the engine analyzes explicit and default providers like any
// resource), so each provider is reported once, not once per bucket or object it serves.
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { resourcePolicy, type Finding } from "../policy";
import { isDefaultProvider, providerLabel } from "../report";
import { disableObsPathStyle } from "./providerFixes";
import type { ObsApi } from "../edition";
import { withObsScope, type CheckResult, type ObsAssessment, type ScopeOptions } from "./scope";
import { terms } from "../terms";

/** What OBS documents about path-style requests, per API family. */
const PATH_STYLE_DOCUMENTED: Readonly<Record<ObsApi, string>> = {
    s3:
        "OBS documents virtual-hosted-style access (the bucket in the host name) for its S3-compatible API, which this provider speaks, " +
        "and suggests path access only for bucket names with dots; the 403 VirtualHostDomainRequired refusal is documented for its native API. " +
        "Whether path-style S3 requests are served is not documented, so bucket and object calls through this provider may fail",
    obs:
        "OBS's native API, which this provider speaks, requires the bucket in the host name and documents 403 VirtualHostDomainRequired for requests without it, " +
        "so bucket and object calls through this provider may fail",
};

/** Provider resources themselves are judged, not the resources they serve. */
const PROVIDER_SCOPE: ScopeOptions = Object.freeze({ providers: true });

/** The addressing check of a provider resource whose endpoint is OBS. */
function checkAddressing(assessment: ObsAssessment): CheckResult {
    const pathStyle = assessment.provider.pathStyle;
    const provider = providerLabel(assessment.provider);
    const setting = isDefaultProvider(assessment.provider) ? "stack config aws:s3UsePathStyle" : terms().input("s3UsePathStyle");
    const out: Finding[] = [];
    if (pathStyle.state === "value" && pathStyle.value) {
        out.push({
            message:
                `${provider} sets ${terms().input("s3UsePathStyle")}: true (endpoint ${assessment.endpoint.shown}). ${PATH_STYLE_DOCUMENTED[assessment.provider.api]}.\n` +
                `Fix: remove ${setting} or set it to false.`,
        });
    } else if (pathStyle.state === "unknown") {
        out.push({
            message: `Whether ${provider} uses path-style addressing (${terms().input("s3UsePathStyle")}) is unknown ${terms().unknownPhase}; if it does: ${PATH_STYLE_DOCUMENTED[assessment.provider.api]}.`,
            advisoryOnly: true,
        });
    } else if (pathStyle.state === "invalid") {
        out.push({ message: `${provider}: ${pathStyle.problem}.\nFix: set ${setting} to false or remove it.` });
    }
    return out;
}

export const virtualHostedStylePolicy = resourcePolicy(
    {
        name: "obs-virtual-hosted-style",
        description:
            "Providers that talk to OBS should use virtual-hosted-style addressing, the access OBS documents; its native API refuses path style (403 VirtualHostDomainRequired).",
        enforcementLevel: "advisory",
        severity: "medium",
        tags: ["obs", "addressing", "provider"],
        remediationSteps:
            "Remove s3UsePathStyle from the provider (or set it to false), and use bucket names without dots so the TLS certificate matches <bucket>.<endpoint>.",
        url: "https://docs.otc.t-systems.com/object-storage-service/api-ref/calling_apis/constructing_a_request.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
        reads: { kind: "providers" },
    },
    (resource, config) => withObsScope(resource, config, PROVIDER_SCOPE, checkAddressing),
    disableObsPathStyle,
);
