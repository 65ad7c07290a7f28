// Which endpoint hosts are OBS. A provider is in the pack's scope only when its S3 endpoint's host
// is an OBS host: the Open Telekom Cloud regional and global hosts, Huawei Cloud's regional hosts,
// their bucket-prefixed (virtual-hosted) forms, and whatever hosts the user lists in `obsHosts`.

export type ObsCloud = "otc" | "huawei" | "listed";

export interface ObsHost {
    readonly host: string;
    readonly cloud: ObsCloud;
    /** The region the host names, when it names one ("eu-de", "eu-ch2", "cn-north-4"). */
    readonly region?: string | undefined;
}

/** OTC's published OBS hosts and the region each serves. */
const OTC_HOSTS: ReadonlyMap<string, string | undefined> = new Map([
    ["obs.eu-de.otc.t-systems.com", "eu-de"],
    ["obs.eu-nl.otc.t-systems.com", "eu-nl"],
    ["obs.eu-ch2.sc.otc.t-systems.com", "eu-ch2"],
    ["obs.otc.t-systems.com", undefined],
]);

// obs.<region>.myhuaweicloud.com / .eu, and the global obs.myhuaweicloud.com.
const HUAWEI_HOST = /^obs(?:\.([a-z]{2}(?:-[a-z]+)+-\d+))?\.myhuaweicloud\.(?:com|eu)$/;

/** Lower-cased host without brackets or a trailing dot, as WHATWG URL parsing leaves it. */
export function normalizeHost(host: string): string {
    // Asked for every resource and policy: plain checks first, a regex only for bracketed hosts.
    let h = host.toLowerCase();
    if (h.startsWith("[") || h.endsWith("]")) h = h.replace(/^\[|\]$/g, "");
    return h.endsWith(".") ? h.slice(0, -1) : h;
}

/** Matches a host against user-listed names: exact names, or `*.example.com` for any subdomain. */
export function matchesListedHost(host: string, listed: readonly string[]): boolean {
    for (const entry of listed) {
        const pattern = normalizeHost(entry.trim());
        if (pattern.startsWith("*.")) {
            if (host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1) return true;
        } else if (host === pattern) {
            return true;
        }
    }
    return false;
}

function builtInObsHost(host: string): ObsHost | undefined {
    // A bucket-prefixed host is "<bucket>.<OBS host>"; try the host itself, then without the first label.
    for (let candidate = host, i = 0; i < 2; i++) {
        if (OTC_HOSTS.has(candidate)) return { host, cloud: "otc", region: OTC_HOSTS.get(candidate) };
        const hw = HUAWEI_HOST.exec(candidate);
        if (hw) return { host, cloud: "huawei", region: hw[1] };
        const dot = candidate.indexOf(".");
        if (dot < 0) break;
        candidate = candidate.slice(dot + 1);
    }
    return undefined;
}

/** The published OBS host of a region, for fix suggestions; undefined for regions the pack does not know. */
export function obsHostOfRegion(region: string): string | undefined {
    for (const [host, r] of OTC_HOSTS) if (r === region) return host;
    if (region === "eu-west-101") return `obs.${region}.myhuaweicloud.eu`;
    return HUAWEI_HOST.test(`obs.${region}.myhuaweicloud.com`) ? `obs.${region}.myhuaweicloud.com` : undefined;
}

/** The OBS host `host` is, or undefined when it is not an OBS host. */
export function obsHostOf(rawHost: string, listed: readonly string[] = []): ObsHost | undefined {
    const host = normalizeHost(rawHost);
    return builtInObsHost(host) ?? (matchesListedHost(host, listed) ? { host, cloud: "listed" } : undefined);
}
