// Generators of hostile input for the readers and policies: provider inputs and resource props of
// every shape the engine could send, and many it should not: wrong types, invalid and nested JSON
// strings, huge strings, odd URLs (IPv6 hosts, ports, upper-case schemes, user info), and the
// engine's unknown sentinels anywhere.
import fc from "fast-check";
import { UNKNOWN, secret, type WireProps, type WireProvider, type WireResource, type WireValue } from "../../engine/wire";
import { T, urnOf } from "../helpers/fixtures";
import { at } from "../support/items";

/**
 * Secret markers, planted in every input a message could echo. Each is made of random-looking runs
 * of six or more letters and digits, joined by the characters that used to stop redaction (quotes,
 * space, backslash, "/", "+", "@", "?", "#"), so that no six characters of one occur in a message by
 * chance: any six-character piece of a marker in a message is a leak (see `leakIn`).
 */
export const SECRET_MARKERS = [
    "Qv7Kx2Zp9Wm4Ab", // an access key: plain letters and digits
    "Jt3Hy8'Rn5Lc6", // quotes, spaces and backslashes stopped redaction
    'Bx4Fw7"Gd2Ns9',
    "Mk6Tq3 Vy8Pz5",
    "Hr2Wc9\\Xe4Ju7",
    "Lp5Dn8/Sb3Kg6+Fa1Ze", // a secret key: "/" and "+"
    "Wz9Qm2@Cv6Rt4", // an "@" inside the secret
    "Yn4Hk7?Ej2Bu5", // "?" and "#" end a URL's authority early
    "Tg8Vs1#Pw3Mx6",
    "RlVaWi1TU0UtQy1LRVktMzJieXRlcy0wMDAwMDA=", // an SSE-C key
] as const;

const LEAK_WINDOW = 6;
const MARKER_PIECES: readonly string[] = [
    ...new Set(
        SECRET_MARKERS.flatMap((m) =>
            Array.from({ length: m.length - LEAK_WINDOW + 1 }, (_, i) => m.slice(i, i + LEAK_WINDOW).toLowerCase()),
        ),
    ),
];

/** The first six-character piece of a secret marker that `message` contains (case-insensitive), if any. */
export function leakIn(message: string): string | undefined {
    const text = message.toLowerCase();
    return MARKER_PIECES.find((piece) => text.includes(piece));
}

const marker = fc.constantFrom(...SECRET_MARKERS);

const unknownSentinel = fc.constantFrom(...Object.values(UNKNOWN));

const obsHost = fc.constantFrom(
    "obs.eu-de.otc.t-systems.com",
    "OBS.EU-NL.OTC.T-SYSTEMS.COM",
    "obs.eu-ch2.sc.otc.t-systems.com",
    "obs.otc.t-systems.com",
    "bucket.obs.eu-de.otc.t-systems.com",
    "obs.cn-north-4.myhuaweicloud.com",
    "obs.eu-west-101.myhuaweicloud.eu",
    "obs.eu-de.otc.t-systems.com.evil.example",
    "minio.local",
    "s3.amazonaws.com",
);

/**
 * Endpoints with credentials where they hide: in the user info (with quotes, spaces, "/", "@",
 * "?" or "#"), with a bad port or host so that URL parsing fails, and in the query.
 */
const credentialedEndpoint: fc.Arbitrary<string> = fc
    .tuple(
        fc.constantFrom("http://", "https://", "HTTPS://", ""),
        marker,
        fc.option(marker),
        fc.constantFrom(
            "obs.eu-de.otc.t-systems.com",
            "obs.eu-nl.otc.t-systems.com",
            "minio.local",
            "exa mple.com",
            "obs.eu-de.otc.t-systems.com.",
            "",
        ),
        fc.constantFrom("", ":443", ":99999", ":x"),
        fc.oneof(
            fc.constantFrom("", "/", "/base"),
            marker.map((m) => `/?X-Amz-Credential=${m}`),
            marker.map((m) => `#${m}`),
        ),
    )
    .map(
        ([scheme, user, password, host, port, tail]) => `${scheme}${user}${password === null ? "" : `:${password}`}@${host}${port}${tail}`,
    );

/** Endpoint-ish text: well-formed URLs to OBS and elsewhere, and everything that is not one. */
export const endpointText: fc.Arbitrary<string> = fc.oneof(
    credentialedEndpoint,
    fc
        .tuple(
            fc.constantFrom("http", "https", "HTTP", "HtTpS", "ftp", "s3", ""),
            obsHost,
            fc.option(fc.integer({ min: 0, max: 70000 })),
            fc.constantFrom("", "/", "/base", "/?x=1#f"),
        )
        .map(([scheme, host, port, tail]) => `${scheme ? `${scheme}://` : ""}${host}${port === null ? "" : `:${port}`}${tail}`),
    fc
        .tuple(fc.constantFrom("http", "https"), fc.ipV6(), fc.option(fc.integer({ min: 1, max: 65535 })))
        .map(([s, ip, port]) => `${s}://[${ip}]${port === null ? "" : `:${port}`}`),
    fc.webUrl(),
    fc.string(),
    fc.string({ minLength: 5_000, maxLength: 20_000 }),
    unknownSentinel,
);

/** Any JSON-ish value, possibly with unknown sentinels inside. */
const anyValue: fc.Arbitrary<WireValue> = fc.letrec<{ v: WireValue }>((tie) => ({
    v: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        unknownSentinel,
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 8 }), tie("v"), { maxKeys: 4 }),
    ),
})).v;

/** A JSON string of something, or a JSON string of a JSON string (nested encodings). */
const jsonStringOf = (a: fc.Arbitrary<unknown>) =>
    fc.oneof(
        a.map((v) => JSON.stringify(v) ?? "null"),
        a.map((v) => JSON.stringify(JSON.stringify(v) ?? "null")),
    );

/** JSON text cut short, as a copy-paste or a template can leave it, with a marker in a sibling key. */
const truncatedJson = (a: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
    fc.tuple(a, fc.nat()).map(([v, n]) => {
        const text = JSON.stringify(v) ?? "null";
        return text.slice(0, Math.max(1, text.length - 1 - (n % text.length)));
    });

const endpointsWithSiblings = fc.array(fc.record({ s3: endpointText, sts: marker, kms: marker }, { requiredKeys: ["s3"] }), {
    minLength: 1,
    maxLength: 2,
});

const endpointsValue: fc.Arbitrary<WireValue> = fc.oneof(
    truncatedJson(endpointsWithSiblings),
    jsonStringOf(endpointsWithSiblings),
    jsonStringOf(jsonStringOf(endpointsWithSiblings)),
    jsonStringOf(
        fc.array(fc.dictionary(fc.constantFrom("s3", "s3api", "kms", "sts"), fc.oneof(endpointText, fc.integer()), { maxKeys: 3 }), {
            maxLength: 3,
        }),
    ),
    fc.array(fc.record({ s3: endpointText }), { maxLength: 2 }),
    fc.record({ s3: endpointText }),
    jsonStringOf(anyValue),
    anyValue,
);

const booleanInput: fc.Arbitrary<WireValue> = fc.oneof(
    fc.constantFrom("true", "false", " true", "TRUE", "1", "", "{"),
    fc.boolean(),
    unknownSentinel,
    anyValue,
    marker,
    marker.map((m) => JSON.stringify(m)),
    truncatedJson(fc.record({ v: marker })),
);

export const providerArb: fc.Arbitrary<WireProvider> = fc
    .record({
        name: fc.constantFrom("obs", "default_7_48_0", "gw", "weird name"),
        type: fc.constantFrom("pulumi:providers:aws", "pulumi:providers:aws", "pulumi:providers:random"),
        endpoints: fc.option(endpointsValue),
        insecure: fc.option(booleanInput),
        s3UsePathStyle: fc.option(booleanInput),
    })
    .map(({ name, type, endpoints, insecure, s3UsePathStyle }) => {
        const properties: WireProps = {
            region: "eu-de",
            accessKey: secret(SECRET_MARKERS[0]),
            secretKey: secret(SECRET_MARKERS[5]),
            token: SECRET_MARKERS[1],
        };
        if (endpoints !== null) properties.endpoints = endpoints;
        if (insecure !== null) properties.insecure = insecure;
        if (s3UsePathStyle !== null) properties.s3UsePathStyle = s3UsePathStyle;
        return { urn: urnOf(type, name), type, name, properties };
    });

const algorithm = fc.oneof(
    fc.constantFrom("aws:kms", "AES256", "aws:kms:dsse", "aws:fsx", "", "AWS:KMS"),
    unknownSentinel,
    anyValue,
    marker,
);

/** Bucket policy documents: valid ones with markers in their values, and broken JSON with markers. */
const policyDocument: fc.Arbitrary<WireValue> = fc.oneof(
    fc
        .record({
            Effect: fc.oneof(fc.constantFrom("Deny", "Allow"), marker),
            Principal: fc.oneof(fc.constant("*"), marker),
            Action: fc.oneof(fc.constant("s3:*"), marker),
            Resource: marker.map((m) => `arn:aws:s3:::${m}/*`),
            Condition: fc.record({ Bool: fc.record({ "aws:SecureTransport": fc.oneof(fc.constant("false"), marker) }) }),
        })
        .chain((st) =>
            fc.oneof(
                fc.constant({ Version: "2012-10-17", Statement: [st] } as WireValue),
                jsonStringOf(fc.constant({ Version: "2012-10-17", Statement: [st] })),
                truncatedJson(fc.constant({ Statement: [st] })),
            ),
        ),
    marker,
);
const maybe = <V>(a: fc.Arbitrary<V>) => fc.option(a, { nil: undefined });
const keyValue = fc.oneof(
    marker.map((m) => secret(m)),
    marker as fc.Arbitrary<WireValue>,
    unknownSentinel,
    anyValue,
);

const sseDefault = (nest: "bucket" | "v2" | "config") =>
    algorithm.map((sseAlgorithm): WireValue => {
        const rule = { applyServerSideEncryptionByDefault: { sseAlgorithm } };
        if (nest === "bucket") return { rule };
        if (nest === "v2") return [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm }] }] }];
        return [rule];
    });

/** Props for each S3 type the pack reads, mixing valid fields, wrong types and unknowns. */
export const resourceArb: fc.Arbitrary<{ type: string; props: WireProps }> = fc
    .oneof(
        fc.record({
            type: fc.constantFrom(T.object, T.objectV2),
            props: fc.record(
                {
                    bucket: maybe(fc.oneof(fc.string(), unknownSentinel)),
                    key: maybe(fc.string()),
                    // Bodies over the 5 MiB single-PUT limit, without generating megabytes each time.
                    content: maybe(fc.oneof(fc.string(), fc.constant("x".repeat(5 * 1024 * 1024 + 1)), unknownSentinel, anyValue)),
                    contentBase64: maybe(fc.oneof(fc.base64String(), anyValue)),
                    serverSideEncryption: maybe(algorithm),
                    kmsKeyId: maybe(fc.oneof(fc.string(), unknownSentinel, anyValue, marker)),
                },
                { requiredKeys: [] },
            ),
        }),
        fc.record({
            type: fc.constant(T.copy),
            props: fc.record(
                {
                    bucket: maybe(fc.string()),
                    key: maybe(fc.string()),
                    source: maybe(fc.oneof(fc.string(), unknownSentinel, anyValue)),
                    serverSideEncryption: maybe(algorithm),
                    kmsKeyId: maybe(fc.oneof(fc.string(), unknownSentinel)),
                    customerAlgorithm: maybe(fc.oneof(fc.constant("AES256"), anyValue, marker)),
                    customerKey: maybe(keyValue),
                    sourceCustomerAlgorithm: maybe(fc.oneof(fc.constant("AES256"), anyValue, marker)),
                    sourceCustomerKey: maybe(keyValue),
                },
                { requiredKeys: [] },
            ),
        }),
        fc.record({
            type: fc.constant(T.bucket),
            props: fc.record(
                {
                    bucket: maybe(fc.string()),
                    serverSideEncryptionConfiguration: maybe(fc.oneof(sseDefault("bucket"), anyValue)),
                    policy: maybe(fc.oneof(anyValue, policyDocument)),
                },
                { requiredKeys: [] },
            ),
        }),
        fc.record({
            type: fc.constant(T.bucketV2),
            props: fc.record(
                { bucket: maybe(fc.string()), serverSideEncryptionConfigurations: maybe(fc.oneof(sseDefault("v2"), anyValue)) },
                { requiredKeys: [] },
            ),
        }),
        fc.record({
            type: fc.constant(T.sseConfig),
            props: fc.record({ bucket: maybe(fc.string()), rules: maybe(fc.oneof(sseDefault("config"), anyValue)) }, { requiredKeys: [] }),
        }),
        fc.record({
            type: fc.constant(T.policy),
            props: fc.record(
                { bucket: maybe(fc.string()), policy: maybe(fc.oneof(jsonStringOf(anyValue), anyValue, policyDocument)) },
                { requiredKeys: [] },
            ),
        }),
        fc.record({
            type: fc.constantFrom("aws:ec2/instance:Instance", "pulumi:providers:aws"),
            props: fc.dictionary(fc.string({ maxLength: 10 }), anyValue, { maxKeys: 4 }),
        }),
    )
    .map(({ type, props }) => ({ type, props: Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as WireProps }));

let counter = 0;
/** A resource with a provider (or none), ready for Analyze. */
export const analyzedResourceArb: fc.Arbitrary<WireResource> = fc
    .tuple(resourceArb, fc.option(providerArb, { freq: 8 }))
    .map(([r, provider]) => {
        const name = `r${counter++}`;
        // A provider resource is analyzed with its own inputs and no provider of its own.
        if (r.type === "pulumi:providers:aws" && provider)
            return { urn: provider.urn, type: provider.type, name: provider.name, properties: provider.properties };
        return { urn: urnOf(r.type, name), type: r.type, name, properties: r.props, provider: provider ?? undefined };
    });

/** A small stack with links by dependency (some dangling) for the stack policies. */
export const stackArb: fc.Arbitrary<WireResource[]> = fc
    .array(analyzedResourceArb, { minLength: 1, maxLength: 12 })
    .chain((rs) => fc.tuple(fc.constant(rs), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("bucket", "source")), { maxLength: 8 })))
    .map(([rs, links]) => {
        const out = rs.map((r) => ({ ...r, propertyDependencies: {} as Record<string, string[]> }));
        for (const [from, to, key] of links) {
            const a = at(out, from % out.length);
            a.propertyDependencies[key] = [...(a.propertyDependencies[key] ?? []), at(out, to % out.length).urn];
        }
        return out;
    });
