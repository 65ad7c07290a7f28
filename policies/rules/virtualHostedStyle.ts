// obs-virtual-hosted-style (advisory): OBS wants the bucket in the host name; path-style requests
// are answered with 403 VirtualHostDomainRequired. Judged on the provider resource itself (the
// engine analyzes explicit and default providers like any resource), so each provider is
// reported once, not once per bucket or object it serves.
import { SCOPE_SCHEMA_PROPERTIES } from "../config";
import { resourcePolicy, type Finding } from "../policy";
import { isDefaultProvider, providerLabel } from "../report";
import { disableObsPathStyle } from "./providerFixes";
import { withObsScope } from "./scope";

export const virtualHostedStylePolicy = resourcePolicy(
    {
        name: "obs-virtual-hosted-style",
        description: "Providers that talk to OBS should use virtual-hosted-style addressing; OBS refuses path-style requests (403 VirtualHostDomainRequired).",
        enforcementLevel: "advisory",
        severity: "medium",
        tags: ["obs", "addressing", "provider"],
        remediationSteps: "Remove s3UsePathStyle from the provider (or set it to false), and use bucket names without dots so the TLS certificate matches <bucket>.<endpoint>.",
        url: "https://docs.otc.t-systems.com/object-storage-service/api-ref/calling_apis/constructing_a_request.html",
        configSchema: { properties: { ...SCOPE_SCHEMA_PROPERTIES } },
    },
    (resource, config) => withObsScope(resource, config, { providers: true }, (a) => {
        const pathStyle = a.provider.pathStyle;
        const provider = providerLabel(a.provider);
        const setting = isDefaultProvider(a.provider) ? "stack config aws:s3UsePathStyle" : "s3UsePathStyle";
        const out: Finding[] = [];
        if (pathStyle.state === "value" && pathStyle.value) {
            out.push({
                message: `${provider} sets s3UsePathStyle: true. OBS at ${a.endpoint.shown} expects the bucket in the host name and answers path-style requests with 403 VirtualHostDomainRequired, so every bucket and object call through this provider fails.\n` +
                    `Fix: remove ${setting} or set it to false.`,
            });
        } else if (pathStyle.state === "unknown") {
            out.push({ message: `Whether ${provider} uses path-style addressing (s3UsePathStyle) is unknown during preview; if true, OBS answers with 403 VirtualHostDomainRequired.`, advisoryOnly: true });
        } else if (pathStyle.state === "invalid") {
            out.push({ message: `${provider}: ${pathStyle.problem}.\nFix: set ${setting} to false or remove it.` });
        }
        return out;
    }),
    disableObsPathStyle,
);
