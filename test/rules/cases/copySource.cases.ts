import { copySourcePolicy } from "../../../policies/rules/copySource";
import { resource, SSE_C_KEY, T, UNKNOWN } from "../../helpers/fixtures";
import { bucket } from "./stack";
import { P, type RuleTable } from "./table";

const src = bucket("src", P.https);
const sealed = resource(
    T.copy,
    "sealed",
    { bucket: "src", key: "sealed.bin", source: "other/x", customerAlgorithm: "AES256", customerKey: SSE_C_KEY },
    P.https,
);

export const copySourceCases: RuleTable = {
    policy: copySourcePolicy,
    cases: [
        {
            name: "a copy of an SSE-C source that carries the source key",
            input: [
                src,
                sealed,
                resource(
                    T.copy,
                    "dup",
                    { bucket: "dst", key: "d", source: "src/sealed.bin", sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY },
                    P.https,
                ),
            ],
            verdict: "pass",
        },
        {
            name: "a copy of an object outside the stack (its encryption is unknown; judged per resource)",
            input: [resource(T.copy, "outside", { bucket: "dst", key: "d", source: "elsewhere/x" }, P.https)],
            verdict: "pass",
        },
        {
            name: "a copy of an SSE-C source without the source key",
            input: [src, sealed, resource(T.copy, "dup", { bucket: "dst", key: "d", source: "src/sealed.bin" }, P.https)],
            verdict: ["mandatory"],
            says: "does not set sourceCustomerAlgorithm and sourceCustomerKey",
        },
        {
            name: "a copy whose source is computed during preview",
            input: [resource(T.copy, "later", { bucket: "dst", key: "d", source: UNKNOWN.string }, P.https)],
            verdict: ["advisory"],
            says: "cannot tell which object it copies",
        },
    ],
};
