import { secureTransportPolicy } from "../../../policies/rules/secureTransportPolicy";
import { KMS_KEY, resource, T } from "../../helpers/fixtures";
import { bucket, inBucket, outputs } from "./stack";
import { P, type RuleTable } from "./table";

const vault = bucket("vault", P.https);
const kmsObject = inBucket(resource(T.objectV2, "report", outputs({ key: "k", kmsKeyId: KMS_KEY }), P.https), vault);
const deny = (resources: string[], extra: Record<string, unknown> = {}) =>
    resource(
        T.policy,
        "tls-only",
        {
            bucket: "vault",
            policy: JSON.stringify({
                Statement: [
                    {
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: resources,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                        ...extra,
                    },
                ],
            }),
        },
        P.https,
    );

export const secureTransportPolicyCases: RuleTable = {
    policy: secureTransportPolicy,
    cases: [
        {
            name: "SSE-KMS objects, deny of plain HTTP on the bucket and its objects",
            input: [vault, kmsObject, deny(["arn:aws:s3:::vault", "arn:aws:s3:::vault/*"])],
            verdict: "pass",
        },
        {
            name: "SSE-KMS objects, deny of plain HTTP on every bucket",
            input: [vault, kmsObject, deny(["arn:aws:s3:::*"])],
            verdict: "pass",
        },
        { name: "a bucket without encrypted objects and without a policy", input: [bucket("plain", P.https)], verdict: "pass" },
        {
            name: "SSE-KMS objects and no bucket policy",
            input: [vault, kmsObject],
            verdict: ["advisory"],
            says: "it has no bucket policy that denies every request",
        },
        {
            name: "a deny on another bucket",
            input: [vault, kmsObject, deny(["arn:aws:s3:::other", "arn:aws:s3:::other/*"])],
            verdict: ["advisory"],
            says: "its Resource does not cover the bucket (arn:aws:s3:::vault)",
        },
        {
            name: "a deny for a single IAM principal",
            input: [
                vault,
                kmsObject,
                deny(["arn:aws:s3:::vault", "arn:aws:s3:::vault/*"], { Principal: { AWS: "arn:aws:iam::123456789012:root" } }),
            ],
            verdict: ["advisory"],
            says: "its Principal is not everyone",
        },
        {
            name: "a deny with the Null operator",
            input: [
                vault,
                kmsObject,
                deny(["arn:aws:s3:::vault", "arn:aws:s3:::vault/*"], { Condition: { Null: { "aws:SecureTransport": "false" } } }),
            ],
            verdict: ["advisory"],
            says: "its Condition is not Bool or BoolIfExists",
        },
        {
            name: "a bucket policy that is not JSON",
            input: [vault, kmsObject, resource(T.policy, "broken", { bucket: "vault", policy: "{not json" }, P.https)],
            verdict: ["advisory", "advisory"],
        },
        { name: "a KMS-default bucket off OBS", input: [bucket("on-aws", P.aws, "aws:kms")], verdict: "pass" },
    ],
};
