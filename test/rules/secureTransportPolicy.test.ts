// obs-secure-transport-policy: which bucket-policy statements count as "this bucket refuses plain
// HTTP", one negative case per way a statement can fall short, and the accepted forms.
import fc from "fast-check";
import { assert, describe, expect, it } from "vitest";
import { secureTransportPolicy as policy } from "../../policies/rules/secureTransportPolicy";
import { secureTransportVerdict, wildcardCoversPrefix, wildcardMatches } from "../../policies/stack/secureTransport";
import { runStackPolicy as run } from "../helpers/runStack";
import { awsProvider, KMS_KEY, resource, T, UNKNOWN } from "../helpers/fixtures";

const https = awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" });

const GOOD = {
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: ["arn:aws:s3:::vault", "arn:aws:s3:::vault/*"],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const doc = (statement: Record<string, unknown>) => ({ Version: "2008-10-17", Statement: [{ ...GOOD, ...statement }] });
const without = (key: keyof typeof GOOD) => ({
    Version: "2008-10-17",
    Statement: [Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== key))],
});

describe("which statements deny plain HTTP for bucket vault", () => {
    it.each([
        ["the canonical statement", doc({})],
        ["Principal {AWS: *}", doc({ Principal: { AWS: "*" } })],
        ["Principal {AWS: [*]}", doc({ Principal: { AWS: ["*"] } })],
        ["Action *", doc({ Action: "*" })],
        ["Action [s3:*] in another case", doc({ Action: ["S3:*"] })],
        ["every object action listed", doc({ Action: ["s3:GetObject", "s3:PutObject"] })],
        ["an action wildcard covering every object action", doc({ Action: "s3:*Object" })],
        ["Resource arn:aws:s3:::* (every bucket)", doc({ Resource: "arn:aws:s3:::*" })],
        ["Resource * (everything)", doc({ Resource: ["*"] })],
        ["Resource arn:aws:s3:::vault* (the bucket, its objects, and other buckets)", doc({ Resource: "arn:aws:s3:::vault*" })],
        ["BoolIfExists", doc({ Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } })],
        ["a boolean false", doc({ Condition: { Bool: { "aws:SecureTransport": false } } })],
        ["a list of values holding false", doc({ Condition: { Bool: { "aws:SecureTransport": ["false"] } } })],
        ["a condition key in another case", doc({ Condition: { Bool: { "AWS:securetransport": "false" } } })],
        ["a single Statement object rather than a list", { Statement: GOOD }],
        [
            "the deny after an unrelated allow",
            { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::vault/*" }, GOOD] },
        ],
    ])("accepts %s", (_name, policyDoc) => {
        expect(secureTransportVerdict(policyDoc, "vault")).toEqual({ kind: "denies-http" });
    });

    it.each([
        ["an Allow", doc({ Effect: "Allow" }), "its Effect is not Deny"],
        ["a lower-case deny (only the exact spelling counts)", doc({ Effect: "deny" }), "its Effect is not Deny"],
        [
            "a single IAM principal",
            doc({ Principal: { AWS: "arn:aws:iam::123456789012:user/alice" } }),
            'its Principal is not everyone ("*" or {"AWS": "*"})',
        ],
        ["no Principal", without("Principal"), "its Principal is not everyone"],
        [
            "a GetObject-only action",
            doc({ Action: "s3:GetObject" }),
            "its Action covers neither s3:* nor every object action (s3:PutObject, s3:GetObject)",
        ],
        ["another service's wildcard", doc({ Action: "iam:*" }), "its Action covers neither s3:*"],
        [
            "another bucket's ARN",
            doc({ Resource: ["arn:aws:s3:::other", "arn:aws:s3:::other/*"] }),
            "its Resource does not cover the bucket (arn:aws:s3:::vault); its Resource does not cover all its objects (arn:aws:s3:::vault/*)",
        ],
        [
            "only bucket/* without the bucket ARN",
            doc({ Resource: "arn:aws:s3:::vault/*" }),
            "its Resource does not cover the bucket (arn:aws:s3:::vault)",
        ],
        [
            "only the bucket ARN",
            doc({ Resource: "arn:aws:s3:::vault" }),
            "its Resource does not cover all its objects (arn:aws:s3:::vault/*)",
        ],
        [
            "a key prefix only",
            doc({ Resource: ["arn:aws:s3:::vault", "arn:aws:s3:::vault/logs/*"] }),
            "its Resource does not cover all its objects (arn:aws:s3:::vault/*)",
        ],
        [
            "a one-character wildcard (it matches a key of one character, not every key)",
            doc({ Resource: ["arn:aws:s3:::vault", "arn:aws:s3:::vault/?"] }),
            "its Resource does not cover all its objects (arn:aws:s3:::vault/*)",
        ],
        [
            "the Null operator",
            doc({ Condition: { Null: { "aws:SecureTransport": "false" } } }),
            "its Condition is not Bool or BoolIfExists on aws:SecureTransport = false",
        ],
        [
            "StringEquals",
            doc({ Condition: { StringEquals: { "aws:SecureTransport": "false" } } }),
            "its Condition is not Bool or BoolIfExists",
        ],
        [
            'the value "true" (denies HTTPS, not HTTP)',
            doc({ Condition: { Bool: { "aws:SecureTransport": "true" } } }),
            "its Condition is not Bool",
        ],
        [
            'the value "False" (values are compared as written)',
            doc({ Condition: { Bool: { "aws:SecureTransport": "False" } } }),
            "its Condition is not Bool",
        ],
        [
            "a further condition that narrows the deny",
            doc({ Condition: { Bool: { "aws:SecureTransport": "false" }, StringEquals: { "aws:username": "bob" } } }),
            "its Condition has further tests, which narrow the deny to some HTTP requests",
        ],
        ["no Condition (not about transport, so not explained)", without("Condition"), null],
        [
            "NotPrincipal",
            { Statement: [{ ...without("Principal").Statement[0], NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }] },
            "it uses NotPrincipal, which the pack does not evaluate",
        ],
        [
            "NotAction",
            { Statement: [{ ...without("Action").Statement[0], NotAction: "s3:DeleteObject" }] },
            "it uses NotAction, which the pack does not evaluate",
        ],
        [
            "NotResource",
            { Statement: [{ ...without("Resource").Statement[0], NotResource: "arn:aws:s3:::vault/public/*" }] },
            "it uses NotResource",
        ],
    ])("refuses %s", (_name, policyDoc, why) => {
        const verdict = secureTransportVerdict(policyDoc, "vault");
        expect(verdict.kind).toBe("allows-http");
        if (verdict.kind !== "allows-http") return;
        // Statements that never mention aws:SecureTransport are not explained.
        if (why === null) expect(verdict.near).toEqual([]);
        else
            expect(verdict.near.map((n) => `statement ${n.statement}: ${n.shortfalls.join("; ")}`).join(" | ")).toContain(
                `statement 1: ${why}`,
            );
    });

    it("with the bucket's name unknown, counts only resources that cover every bucket, and says when the name decides", () => {
        expect(secureTransportVerdict(doc({ Resource: "arn:aws:s3:::*" }), undefined)).toEqual({ kind: "denies-http" });
        expect(secureTransportVerdict(doc({}), undefined)).toEqual({ kind: "bucket-name-unknown" });
        expect(secureTransportVerdict(doc({ Effect: "Allow" }), undefined).kind).toBe("allows-http");
    });
});

describe("IAM wildcards", () => {
    it.each([
        ["arn:aws:s3:::vault", "arn:aws:s3:::vault", true],
        ["arn:aws:s3:::vau?t", "arn:aws:s3:::vault", true],
        ["arn:aws:s3:::v*", "arn:aws:s3:::vault", true],
        ["arn:aws:s3:::*", "arn:aws:s3:::vault", true],
        ["arn:aws:s3:::vault", "arn:aws:s3:::vaults", false],
        ["arn:aws:s3:::Vault", "arn:aws:s3:::vault", false],
        ["arn:aws:s3:::vault/*", "arn:aws:s3:::vault", false],
    ])("%s matches %s: %s", (pattern, text, expected) => {
        expect(wildcardMatches(pattern, text)).toBe(expected);
    });

    it.each([
        ["arn:aws:s3:::vault/*", true],
        ["arn:aws:s3:::vault*", true],
        ["arn:aws:s3:::*/*", true],
        ["*", true],
        ["arn:aws:s3:::vault/**", true],
        ["arn:aws:s3:::vault/", false],
        ["arn:aws:s3:::vault/?", false],
        ["arn:aws:s3:::vault/a*", false],
        ["arn:aws:s3:::vault/*.pdf", false],
    ])("%s covers every key under arn:aws:s3:::vault/: %s", (pattern, expected) => {
        expect(wildcardCoversPrefix(pattern, "arn:aws:s3:::vault/")).toBe(expected);
    });

    it("match as the sets of pattern positions an NFA reaches, character by character (the former implementation)", () => {
        // The former implementation, kept as the reference: it allocated a Set per character read.
        const positionsAfter = (pattern: string, text: string): Set<number> => {
            const closure = (states: Iterable<number>): Set<number> => {
                const out = new Set<number>();
                for (let s of states) {
                    out.add(s);
                    while (pattern[s] === "*") out.add(++s);
                }
                return out;
            };
            let states = closure([0]);
            for (const ch of text) {
                const next: number[] = [];
                for (const s of states) {
                    if (pattern[s] === "*") next.push(s);
                    else if (pattern[s] === "?" || (s < pattern.length && pattern[s] === ch)) next.push(s + 1);
                }
                states = closure(next);
                if (states.size === 0) break;
            }
            return states;
        };
        const matches = (pattern: string, text: string) => positionsAfter(pattern, text).has(pattern.length);
        const covers = (pattern: string, prefix: string) =>
            [...positionsAfter(pattern, prefix)].some((s) => s < pattern.length && /^\*+$/.test(pattern.slice(s)));
        // Few characters, so that patterns and texts meet; a character outside the BMP (two UTF-16 units) and a lone surrogate.
        const char = fc.constantFrom("a", "b", "/", "*", "?", "\u{1F600}", "\uD83D", "é");
        const text = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(""));
        fc.assert(
            fc.property(text, text, (pattern, subject) => {
                expect(wildcardMatches(pattern, subject)).toBe(matches(pattern, subject));
                expect(wildcardCoversPrefix(pattern, subject)).toBe(covers(pattern, subject));
            }),
            { numRuns: 3000 },
        );
        // Long patterns after short ones (the scratch space grows).
        const long = `${"a*".repeat(100)}b`;
        expect(wildcardMatches(long, `${"a".repeat(150)}b`)).toBe(matches(long, `${"a".repeat(150)}b`));
        expect(wildcardMatches("a?", "ab")).toBe(true);
    });
});

describe("obs-secure-transport-policy on a stack", () => {
    const vault = resource(T.bucket, "vault", { bucket: "vault", serverSideEncryption: "", kmsKeyId: "" }, https);
    const kmsObject = {
        ...resource(T.objectV2, "report", { key: "k", kmsKeyId: KMS_KEY, serverSideEncryption: "", bucket: UNKNOWN.string }, https),
        propertyDependencies: { bucket: [vault.urn] },
    };
    const withPolicy = (statement: Record<string, unknown>) =>
        resource(T.policy, "tls-only", { bucket: "vault", policy: JSON.stringify(doc(statement)) }, https);

    it("passes a bucket whose policy denies plain HTTP to everyone, for everything", async () => {
        expect((await run(policy, [vault, kmsObject, withPolicy({})])).violations).toEqual([]);
    });

    it("fails a deny that misses the bucket ARN, and says which statement falls short and why", async () => {
        const [v] = (
            await run(policy, [
                vault,
                kmsObject,
                withPolicy({ Resource: "arn:aws:s3:::vault/*", Principal: { AWS: "arn:aws:iam::123456789012:user/alice" } }),
            ])
        ).violations;
        assert(v);
        expect(v).toMatchObject({ urn: vault.urn, enforcementLevel: "advisory" });
        expect(v.message).toContain(
            "none of its bucket policies denies every request to the bucket and its objects where aws:SecureTransport is false",
        );
        expect(v.message).toContain(
            '  - statement 1 of aws:s3/bucketPolicy:BucketPolicy "tls-only": its Principal is not everyone ("*" or {"AWS": "*"}); its Resource does not cover the bucket (arn:aws:s3:::vault)\n',
        );
        expect(v.message).toContain(
            'Fix: add this statement to its bucket policy: {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::vault","arn:aws:s3:::vault/*"]',
        );
    });

    it("waits, at advisory, when only the bucket's unknown name decides", async () => {
        const unnamed = { ...vault, properties: { bucket: UNKNOWN.string } };
        const byDep = { ...withPolicy({}), propertyDependencies: { bucket: [vault.urn] } };
        const [v] = (await run(policy, [unnamed, kmsObject, byDep])).violations;
        assert(v);
        expect(v).toMatchObject({ urn: vault.urn, enforcementLevel: "advisory" });
        expect(v.message).toContain("its bucket policy or its name is computed and unknown during preview");
    });
});
