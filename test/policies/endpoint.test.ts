import { describe, expect, it } from "vitest";
import { parseEndpoint, transferProtocolOf } from "../../policies/endpoint";
import { matchesListedHost, obsHostOf } from "../../policies/obsHosts";
import { describeValue, redact, visibleHost } from "../../policies/values";

describe("parseEndpoint", () => {
    it.each([
        ["https://obs.eu-de.otc.t-systems.com", "HTTPS", "obs.eu-de.otc.t-systems.com", "https://obs.eu-de.otc.t-systems.com"],
        ["http://obs.eu-de.otc.t-systems.com/", "HTTP", "obs.eu-de.otc.t-systems.com", "http://obs.eu-de.otc.t-systems.com"],
        ["HTTP://OBS.EU-NL.OTC.T-SYSTEMS.COM", "HTTP", "obs.eu-nl.otc.t-systems.com", "http://obs.eu-nl.otc.t-systems.com"],
        [
            "https://obs.eu-de.otc.t-systems.com:8443/base",
            "HTTPS",
            "obs.eu-de.otc.t-systems.com",
            "https://obs.eu-de.otc.t-systems.com:8443/base",
        ],
        ["http://[::1]:9000", "HTTP", "::1", "http://[::1]:9000"],
        ["  https://obs.otc.t-systems.com  ", "HTTPS", "obs.otc.t-systems.com", "https://obs.otc.t-systems.com"],
    ])("%s -> %s on %s", (text, protocol, host, shown) => {
        expect(parseEndpoint(text)).toEqual({ kind: "url", protocol, host, shown });
    });

    it("says how an endpoint falls short, and reads the host after a scheme without //", () => {
        expect(parseEndpoint("obs.eu-de.otc.t-systems.com")).toMatchObject({
            kind: "invalid",
            form: "no-scheme",
            host: "obs.eu-de.otc.t-systems.com",
        });
        expect(parseEndpoint("ftp://obs.eu-de.otc.t-systems.com")).toMatchObject({ kind: "invalid", form: "other-scheme" });
        expect(parseEndpoint("http://exa mple.com")).toMatchObject({ kind: "invalid", form: "unparseable" });
        for (const text of [
            "https:/obs.eu-de.otc.t-systems.com",
            "https:obs.eu-de.otc.t-systems.com",
            "HTTP:/obs.eu-de.otc.t-systems.com/",
        ]) {
            expect(parseEndpoint(text)).toMatchObject({
                kind: "invalid",
                form: "no-slashes",
                host: "obs.eu-de.otc.t-systems.com",
                problem: expect.stringMatching(/^has "https?:" without the "\/\/" that introduces a host$/),
            });
        }
    });

    it("strips user info, query and fragment from what it shows", () => {
        const r = parseEndpoint("https://AKIAFAKE:s3cr3t@obs.eu-de.otc.t-systems.com/?X-Amz-Credential=AKIAFAKE#x");
        expect(r).toMatchObject({ kind: "url", shown: "https://obs.eu-de.otc.t-systems.com" });
        expect(JSON.stringify(r)).not.toMatch(/AKIAFAKE|s3cr3t/);
    });

    it("reports an endpoint without a scheme instead of guessing its protocol, keeping the host for scope", () => {
        expect(parseEndpoint("obs.eu-de.otc.t-systems.com")).toMatchObject({
            kind: "invalid",
            host: "obs.eu-de.otc.t-systems.com",
            problem: expect.stringMatching(/has no scheme/),
        });
        // host:port without a scheme is not a URL with scheme "obs.eu-de…"
        expect(parseEndpoint("obs.eu-de.otc.t-systems.com:443")).toMatchObject({ kind: "invalid", host: "obs.eu-de.otc.t-systems.com" });
    });

    it("reports schemes other than http(s), garbage and hostless URLs", () => {
        expect(parseEndpoint("ftp://obs.eu-de.otc.t-systems.com")).toMatchObject({
            kind: "invalid",
            problem: expect.stringMatching(/scheme "ftp"/),
        });
        expect(parseEndpoint("http://exa mple.com")).toMatchObject({ kind: "invalid", problem: "is not a valid URL" });
        expect(parseEndpoint("")).toMatchObject({ kind: "invalid" });
        expect(parseEndpoint("user:pw@host.example")).toMatchObject({ kind: "invalid", shown: "20 characters, host host.example" });
    });

    it("describes unparseable text by its length, never quoting it", () => {
        const r = parseEndpoint("x".repeat(10_000));
        expect(r).toMatchObject({ kind: "invalid", shown: "10000 characters" });
        expect(parseEndpoint("http://%%%")).toMatchObject({ kind: "invalid", shown: "10 characters" });
    });

    it("transferProtocolOf maps the scheme", () => {
        expect(transferProtocolOf(new URL("https://a"))).toBe("HTTPS");
        expect(transferProtocolOf(new URL("http://a"))).toBe("HTTP");
        expect(transferProtocolOf(new URL("s3://a"))).toBeUndefined();
    });
});

describe("obsHostOf", () => {
    it.each([
        ["obs.eu-de.otc.t-systems.com", "otc", "eu-de"],
        ["obs.eu-nl.otc.t-systems.com", "otc", "eu-nl"],
        ["obs.eu-ch2.sc.otc.t-systems.com", "otc", "eu-ch2"],
        ["obs.otc.t-systems.com", "otc", undefined],
        ["my-bucket.obs.eu-de.otc.t-systems.com", "otc", "eu-de"],
        ["OBS.EU-DE.OTC.T-SYSTEMS.COM.", "otc", "eu-de"],
        ["obs.cn-north-4.myhuaweicloud.com", "huawei", "cn-north-4"],
        ["bucket.obs.ap-southeast-1.myhuaweicloud.com", "huawei", "ap-southeast-1"],
        ["obs.eu-west-101.myhuaweicloud.eu", "huawei", "eu-west-101"],
        ["obs.myhuaweicloud.com", "huawei", undefined],
    ])("%s is an OBS host (%s, %s)", (host, cloud, region) => {
        expect(obsHostOf(host)).toMatchObject({ cloud, region });
    });

    it.each([
        "s3.eu-central-1.amazonaws.com",
        "obs.eu-de.otc.t-systems.com.evil.example",
        "a.b.obs.eu-de.otc.t-systems.com",
        "notobs.eu-de.otc.t-systems.com",
        "obs.eu-de.otc.t-systems.co",
        "minio.internal",
        "::1",
    ])("%s is not", (host) => {
        expect(obsHostOf(host)).toBeUndefined();
    });

    it("takes hosts the user lists, exact or *. wildcard", () => {
        expect(obsHostOf("obs-gw.corp.example", ["obs-gw.corp.example"])).toEqual({ host: "obs-gw.corp.example", cloud: "listed" });
        expect(obsHostOf("b.obs.corp.example", ["*.obs.corp.example"])).toMatchObject({ cloud: "listed" });
        expect(obsHostOf("obs.corp.example", ["*.obs.corp.example"])).toBeUndefined();
        expect(matchesListedHost("x.example", [" X.EXAMPLE "])).toBe(true);
        expect(matchesListedHost("evilobs.corp.example", ["*.obs.corp.example"])).toBe(false);
    });
});

describe("redaction of text bound for messages", () => {
    it("redact drops everything between :// and the last @, whatever the characters, and the query", () => {
        expect(redact("https://AK:SK@obs.x.example/p?X-Amz-Credential=AK#f")).toBe("https://obs.x.example/p");
        expect(redact("user:pw@host.example")).toBe("host.example");
        expect(redact("nothing to hide")).toBe("nothing to hide");
        // Secret keys may hold "/" and "@": everything up to the last "@" goes.
        expect(redact("https://AKIA123:wJal/rXUtn+FE@MI@obs.eu-de.otc.t-systems.com")).toBe("https://obs.eu-de.otc.t-systems.com");
        // Quotes, spaces and backslashes do not stop it (they did: review of ff5d820, §3.1).
        expect(redact(`http://AKIAEXAMPLE:se'cret@obs.eu-de.otc.t-systems.com:99999`)).toBe("http://obs.eu-de.otc.t-systems.com:99999");
        expect(redact(`http://AKIAEXAMPLE:wJal"rXUtn@obs.eu-de.otc.t-systems.com:99999`)).toBe("http://obs.eu-de.otc.t-systems.com:99999");
        expect(redact("http://AKIAEXAMPLE:se cret\\x@obs.eu-de.otc.t-systems.com:99999")).toBe("http://obs.eu-de.otc.t-systems.com:99999");
        // An "@" after a "?" may sit in a query value: nothing after the scheme is kept.
        expect(redact("http://obs.x.example/?X-Amz-Credential=AK@SECRETPART")).toBe("http://");
    });

    it("visibleHost scans strictly: a host, or nothing", () => {
        expect(visibleHost("http://AKIAEXAMPLE:se'cret@OBS.eu-de.otc.t-systems.com:99999")).toBe("obs.eu-de.otc.t-systems.com");
        expect(visibleHost("https://[::1]:99999")).toBe("[::1]");
        expect(visibleHost("http://obs.x.example/?t=a@SECRETPART")).toBeUndefined();
        expect(visibleHost("http://'quoted'@")).toBeUndefined();
        expect(visibleHost("")).toBeUndefined();
    });

    // The probes of the review of ff5d820 (§3.1): each reached a mandatory message with its credentials.
    it.each([
        ["http://AKIAEXAMPLE:se'cret@obs.eu-de.otc.t-systems.com:99999", "is not a valid URL"],
        ['http://AKIAEXAMPLE:wJal"rXUtn@obs.eu-de.otc.t-systems.com:99999', "is not a valid URL"],
        ["http://AKIAEXAMPLE:se cret@obs.eu-de.otc.t-systems.com:99999", "is not a valid URL"],
        ["https://AKIA123:wJal/rXUtn+FEMI@obs.eu-de.otc.t-systems.com:99999", "has an @ after its host"],
        ["https://AKIAEXAMPLE?se'cret@obs.eu-de.otc.t-systems.com", "has an @ after its host"],
    ])("never shows the credentials of %s", (text, problem) => {
        const r = parseEndpoint(text);
        expect(r).toMatchObject({ kind: "invalid", problem: expect.stringContaining(problem) });
        expect(JSON.stringify(r)).not.toMatch(/AKIA|cret|wJal|rXUtn|FEMI/);
    });

    it("keeps an endpoint whose user info hides the host out of the scope decision", () => {
        // WHATWG would read host "akiaexample" here: the text after "://" up to the "/" in the secret.
        const r = parseEndpoint("https://AKIAEXAMPLE/se/cret@obs.eu-de.otc.t-systems.com");
        expect(r).toMatchObject({ kind: "invalid", shown: expect.stringContaining("host obs.eu-de.otc.t-systems.com") });
        expect(JSON.stringify(r)).not.toMatch(/akia|cret/i);
        expect(parseEndpoint("AKIAEXAMPLE#se@obs.eu-de.otc.t-systems.com")).toMatchObject({ kind: "invalid", host: undefined });
    });

    it("describeValue gives type and size, never a string's text", () => {
        expect(describeValue(JSON.stringify([{ s3: "https://AKIA1:SECRET1@obs.eu-de.otc.t-systems.com" }]))).toBe(
            "a string of 60 characters",
        );
        expect(describeValue(7)).toBe("number 7");
        expect(describeValue([1, 2])).toBe("an array of 2");
    });
});
