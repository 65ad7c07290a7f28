import { describe, expect, it } from "vitest";
import type { ProviderSettings } from "../../policies/providers";
import { isDefaultProvider, suggestedEndpoint } from "../../policies/report";
import { ABSENT as ABSENT_ENDPOINT } from "../../policies/values";

function provider(name: string, region?: string): ProviderSettings {
    return {
        type: "pulumi:providers:aws",
        urn: `urn:pulumi:dev::app::pulumi:providers:aws::${name}`,
        name,
        region,
        endpointField: "endpoints[].s3",
        endpoint: ABSENT_ENDPOINT,
        api: "s3",
        signature: "V4",
        insecure: ABSENT_ENDPOINT,
        pathStyle: ABSENT_ENDPOINT,
    };
}

describe("default providers, named as the engine names them", () => {
    // pulumi/pulumi pkg/resource/deploy/providers/provider.go ProviderRequest.Name(): "default", then
    // "_major_minor_patch", "_" + each pre-release and build identifier, "_" + IntoQName(plugin download URL).
    it.each([
        "default",
        "default_7_48_0",
        "default_6_0_0",
        "default_7_0_0_alpha_1",
        "default_7_48_0_rc_2_build_5",
        "default_7_48_0_alpha_1_sha_5114f85",
        "default_7_48_0_https_/get.example.com/providers",
        "default_https_/get.example.com",
    ])("%s is a default provider", (name) => {
        expect(isDefaultProvider(provider(name))).toBe(true);
    });

    it.each([
        "default_prod",
        "default_",
        "default_7_48",
        "default_7_48_0_",
        "default_07_48_0",
        "defaults",
        "my_default_7_48_0",
        "obs",
        "Default",
    ])("%s is a provider the user named", (name) => {
        expect(isDefaultProvider(provider(name))).toBe(false);
    });
});

describe("suggested endpoints", () => {
    it("use the host the provider names, else the OBS host of its region", () => {
        expect(suggestedEndpoint(provider("p", "eu-de"), "obs.eu-ch2.sc.otc.t-systems.com")).toBe(
            "https://obs.eu-ch2.sc.otc.t-systems.com",
        );
        expect(suggestedEndpoint(provider("p", "eu-nl"))).toBe("https://obs.eu-nl.otc.t-systems.com");
        expect(suggestedEndpoint(provider("p", "eu-ch2"))).toBe("https://obs.eu-ch2.sc.otc.t-systems.com");
        expect(suggestedEndpoint(provider("p", "cn-north-4"))).toBe("https://obs.cn-north-4.myhuaweicloud.com");
        expect(suggestedEndpoint(provider("p", "eu-west-101"))).toBe("https://obs.eu-west-101.myhuaweicloud.eu");
        expect(suggestedEndpoint(provider("p"))).toMatch(
            /^https:\/\/obs\.<region>\.otc\.t-systems\.com .* https:\/\/obs\.<region>\.myhuaweicloud\.com/,
        );
        expect(suggestedEndpoint(provider("p", "us-east-1x"))).toMatch(/<region>/);
    });
});
