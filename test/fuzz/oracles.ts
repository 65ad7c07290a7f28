// Generators whose expected answer is known by construction, for oracle and metamorphic
// properties: URLs built from known parts, objects that must read as SSE-KMS, bodies on either side
// of the single-PUT limit, and resources behind an OBS provider over HTTP or HTTPS.
import fc from "fast-check";
import { UNKNOWN, secret, type WireProps, type WireProvider, type WireResource, type WireValue } from "../../engine/wire";
import { awsProvider, resource, T } from "../helpers/fixtures";
import { resourceArb } from "./arbitraries";

/** Randomly upper-cases letters: hosts and schemes are case-insensitive. */
const anyCase = (text: string) =>
    fc
        .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
        .map((upper) => [...text].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(""));

// No "xn--" labels: those are punycode, which WHATWG decodes and may refuse.
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !/^..--/.test(l));
const hostName = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom("com", "eu", "example", "otc-t-systems.com"))
    .map(([labels, tld]) => [...labels, tld].join("."));

export interface KnownUrl {
    readonly text: string;
    readonly protocol: "HTTP" | "HTTPS";
    readonly host: string;
    readonly shown: string;
}

/** http(s) URLs with known scheme, host, port and path, written in any case, with a trailing dot or not. */
export const knownUrlArb: fc.Arbitrary<KnownUrl> = fc
    .record({
        scheme: fc.constantFrom("http", "https").chain((s) => anyCase(s).map((written) => ({ s, written }))),
        host: hostName.chain((h) => anyCase(h).map((written) => ({ h, written }))),
        trailingDot: fc.boolean(),
        port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        path: fc.constantFrom("", "/", "/base", "/a/b"),
    })
    .map(({ scheme, host, trailingDot, port, path }) => {
        const defaultPort = scheme.s === "http" ? 80 : 443;
        const shownPort = port === undefined || port === defaultPort ? "" : `:${port}`;
        const dot = trailingDot ? "." : "";
        return {
            text: `${scheme.written}://${host.written}${dot}${port === undefined ? "" : `:${port}`}${path}`,
            protocol: scheme.s === "http" ? "HTTP" : "HTTPS",
            host: host.h,
            shown: `${scheme.s}://${host.h}${dot}${shownPort}${path === "/" ? "" : path}`,
        };
    });

/** An `endpoints` provider input holding `url` under s3 or s3api, at a known index, in either serialized form. */
export const endpointsHoldingArb = (url: string) =>
    fc
        .record({
            key: fc.constantFrom("s3", "s3api"),
            before: fc.array(fc.record({ kms: fc.constant("https://kms.example") }), { maxLength: 2 }),
            asJson: fc.boolean(),
        })
        .map(({ key, before, asJson }) => {
            const list: WireValue = [...before, { [key]: url }];
            return { value: asJson ? JSON.stringify(list) : list, field: `endpoints[${before.length}].${key}` };
        });

const kmsKeyIdArb: fc.Arbitrary<WireValue> = fc.oneof(
    fc.string({ minLength: 1 }).filter((s) => s !== ""),
    fc.constant(UNKNOWN.string),
    fc.string({ minLength: 1 }).map((s) => secret(s)),
);
const wellFormedSse: fc.Arbitrary<WireValue | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom("aws:kms", "AES256", "aws:kms:dsse", ""),
    fc.string(),
    fc.constant(UNKNOWN.string),
);

/** Objects and copies (without SSE-C inputs) with kmsKeyId set: the provider always asks for SSE-KMS. */
export const kmsObjectArb: fc.Arbitrary<{ type: string; props: WireProps }> = fc
    .record({
        type: fc.constantFrom(T.object, T.objectV2, T.copy),
        kmsKeyId: kmsKeyIdArb,
        serverSideEncryption: wellFormedSse,
        content: fc.option(fc.string(), { nil: undefined }),
    })
    .map(({ type, kmsKeyId, serverSideEncryption, content }) => {
        const props: WireProps = { bucket: "b", key: "k", kmsKeyId };
        if (serverSideEncryption !== undefined) props.serverSideEncryption = serverSideEncryption;
        if (type === T.copy) props.source = "src/k";
        else if (content !== undefined) props.content = content;
        return { type, props };
    });

export const SINGLE_PUT_LIMIT = 5 * 1024 * 1024;
const NEAR_LIMIT = "x".repeat(SINGLE_PUT_LIMIT - 8);
// Its length is a multiple of 3, so its base64 form concatenates with the tail's.
const NEAR_LIMIT_BASE64 = Buffer.from(NEAR_LIMIT, "utf8").toString("base64");

/**
 * Bodies within a few bytes of the single-PUT limit, some with multi-byte characters, as content
 * or contentBase64. The arbitrary gives only the small tail (so a counterexample stays readable);
 * `bodyNearLimit` builds the body.
 */
export const bodyNearLimitArb = fc.record({
    // Exactly at the limit and one byte over come up often, not by luck.
    tail: fc.oneof(
        fc.constantFrom("12345678", "123456789", "1234567"),
        fc.string({ maxLength: 10 }),
        fc.string({ unit: "binary", maxLength: 10 }),
    ),
    asBase64: fc.boolean(),
});

export function bodyNearLimit({ tail, asBase64 }: { tail: string; asBase64: boolean }): { props: WireProps; bytes: number } {
    const bytes = NEAR_LIMIT.length + Buffer.byteLength(tail, "utf8");
    const props: WireProps = asBase64
        ? { contentBase64: NEAR_LIMIT_BASE64 + Buffer.from(tail, "utf8").toString("base64") }
        : { content: NEAR_LIMIT + tail };
    return { props, bytes };
}

/** OBS hosts of both clouds. */
export const obsHostArb = fc.constantFrom(
    "obs.eu-de.otc.t-systems.com",
    "obs.eu-nl.otc.t-systems.com",
    "obs.otc.t-systems.com",
    "obs.cn-north-4.myhuaweicloud.com",
    "obs.eu-west-101.myhuaweicloud.eu",
);

/** The same OBS provider over http:// and https://. */
export const obsProviderPairArb: fc.Arbitrary<{ http: WireProvider; https: WireProvider }> = fc
    .tuple(obsHostArb, fc.constantFrom("obs", "gw"))
    .map(([host, name]) => ({
        http: awsProvider({ name, endpoint: `http://${host}` }),
        https: awsProvider({ name, endpoint: `https://${host}` }),
    }));

let counter = 0;
/** Any S3 resource of the fuzz generators, behind the same OBS provider over HTTP and over HTTPS. */
export const overHttpAndHttpsArb: fc.Arbitrary<{ overHttp: WireResource; overHttps: WireResource }> = fc
    .tuple(resourceArb, obsProviderPairArb)
    .filter(([r]) => r.type !== "pulumi:providers:aws")
    .map(([r, providers]) => {
        const name = `m${counter++}`;
        return { overHttp: resource(r.type, name, r.props, providers.http), overHttps: resource(r.type, name, r.props, providers.https) };
    });

/** Objects that are SSE-KMS by construction, with a small known body, behind an OBS provider over HTTP. */
export const kmsOverHttpArb: fc.Arbitrary<WireResource> = fc
    .tuple(fc.constantFrom(T.object, T.objectV2), kmsKeyIdArb, fc.string({ maxLength: 64 }), obsProviderPairArb)
    .map(([type, kmsKeyId, content, providers]) =>
        resource(type, `kms${counter++}`, { bucket: "b", key: "k", kmsKeyId, content }, providers.http),
    );
