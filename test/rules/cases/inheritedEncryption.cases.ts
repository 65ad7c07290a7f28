import { inheritedEncryptionPolicy } from "../../../policies/rules/inheritedEncryption";
import { KMS_KEY, resource, T, UNKNOWN } from "../../helpers/fixtures";
import { bucket, inBucket, outputs } from "./stack";
import { P, type RuleTable } from "./table";

const kmsDefaultHttp = bucket("vault", P.http, "aws:kms");
const kmsDefaultHttps = bucket("vault", P.https, "aws:kms");
const plainHttp = bucket("plain", P.http);

export const inheritedEncryptionCases: RuleTable = {
    policy: inheritedEncryptionPolicy,
    cases: [
        {
            name: "an unencrypted object in a KMS-default bucket over HTTPS",
            input: [kmsDefaultHttps, inBucket(resource(T.objectV2, "o", outputs({ key: "k", content: "x" }), P.https), kmsDefaultHttps)],
            verdict: "pass",
        },
        {
            name: "an object with its own SSE-KMS in a KMS-default bucket over HTTP (judged per resource)",
            input: [
                kmsDefaultHttp,
                inBucket(resource(T.objectV2, "o", outputs({ key: "k", content: "x", kmsKeyId: KMS_KEY }), P.http), kmsDefaultHttp),
            ],
            verdict: "pass",
        },
        {
            name: "an unencrypted object in a bucket without default encryption over HTTP",
            input: [plainHttp, inBucket(resource(T.objectV2, "o", outputs({ key: "k", content: "x" }), P.http), plainHttp)],
            verdict: "pass",
        },
        {
            name: "an unencrypted object in a KMS-default bucket over HTTP",
            input: [kmsDefaultHttp, inBucket(resource(T.objectV2, "o", outputs({ key: "k", content: "x" }), P.http), kmsDefaultHttp)],
            verdict: ["advisory"],
            says: "OBS documents no transfer rule for objects that inherit their encryption",
        },
        {
            name: "an object whose bucket cannot be known during preview",
            input: [
                resource(
                    T.objectV2,
                    "orphan",
                    { serverSideEncryption: UNKNOWN.string, kmsKeyId: UNKNOWN.string, bucket: UNKNOWN.string, key: "k" },
                    P.http,
                ),
            ],
            verdict: ["advisory"],
            says: "cannot tell which bucket it is in",
        },
    ],
};
