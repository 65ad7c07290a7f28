// Reader for the state object of Terraform's S3 backend, as obs-sse-check builds it from a
// `backend "s3"` block (never sent by Pulumi). Inputs: `encrypt`, `kmsKeyId`, `sseCustomerKey` (the
// core's Sensitive mark; only its presence is read), `terraformVersion` when known.
//
// What the backend sends (hashicorp/terraform, internal/backend/remote-state/s3/client.go, the same
// in v1.5.0, v1.6.0 and v1.11.0): only when `encrypt` is true does a write carry SSE headers, and
// then kms_key_id (x-amz-server-side-encryption: aws:kms + key id) wins over sse_customer_key (the
// three SSE-C headers), and with neither the write asks for "AES256". Reads send the SSE-C headers
// only when `encrypt` is true too. kms_key_id or sse_customer_key without encrypt = true are ignored.
// - Terraform 1.5 and earlier (aws-sdk-go v1): Put = one PutObject, Get = one GetObject.
// - Terraform 1.6 and later (aws-sdk-go-v2): Put = the upload manager (PutObject up to 5 MiB, a
//   multipart upload above), Get = HeadObject, then the download manager's GetObject.
import type { Encryption } from "../matrix";
import { backendClientOf, BACKEND_STATE_TYPE, type BackendClient } from "../terraformBackend";
import { describeValue, fieldOf, inputName, isPresent, isUnknown, rawField } from "../values";
import type { Candidates, DeclaredAlgorithm, InterfaceCall, ResourcePlan, ResourceReader } from "./types";

/** When the backend writes the state, and when it reads it. */
const WRITE = "every state write: apply, import, state push";
const READ = "every state read: plan, apply, init, state commands";

/** The upload manager's part size (aws-sdk-go-v2 feature/s3/manager): states up to it go in one PUT Object. */
const SINGLE_PUT = "if the state is 5 MiB or less";
const MULTIPART = "if the state is over 5 MiB";

type Flag = boolean | "unknown" | "invalid";

function readEncrypt(props: unknown, problems: string[]): Flag {
    const { value: v, sensitive } = fieldOf(props, "encrypt");
    if (v === undefined || v === null || v === false || v === "false") return false;
    if (v === true || v === "true") return true;
    if (isUnknown(v)) return "unknown";
    problems.push(`${inputName("encrypt", sensitive)} must be a boolean, got ${describeValue(v, sensitive)}`);
    return "invalid";
}

interface Requested {
    readonly target: Candidates;
    readonly algorithms: DeclaredAlgorithm[];
    readonly sseC: boolean;
}

function requested(props: unknown, problems: string[]): Requested {
    const encrypt = readEncrypt(props, problems);
    const kms = isPresent(props, "kmsKeyId");
    const sseC = isPresent(props, "sseCustomerKey");
    const kmsAlgorithm: DeclaredAlgorithm = { field: "encrypt", value: "aws:kms" };
    const aes: DeclaredAlgorithm = {
        field: "encrypt",
        value: "AES256",
        requestedAs: "encrypt = true with neither kms_key_id nor sse_customer_key makes the backend send x-amz-server-side-encryption",
        fix: "set kms_key_id to an OBS KMS key id (SSE-KMS) or sse_customer_key (SSE-C), or set encrypt = false",
    };
    switch (encrypt) {
        case "invalid":
            return { target: { values: [] }, algorithms: [], sseC: false };
        case false:
            return { target: { values: ["none"] }, algorithms: [], sseC: false };
        case "unknown": {
            const values: Encryption[] = ["none", kms ? "SSE-KMS" : sseC ? "SSE-C" : "SSE-OBS"];
            return { target: { values, waitingOn: "encrypt" }, algorithms: [], sseC };
        }
        case true:
            if (kms) {
                // An unknown key id is still a key id: the backend sends aws:kms with it.
                return { target: { values: ["SSE-KMS"] }, algorithms: [kmsAlgorithm], sseC: false };
            }
            if (sseC) return { target: { values: ["SSE-C"] }, algorithms: [], sseC: true };
            return { target: { values: ["SSE-OBS"] }, algorithms: [aes], sseC: false };
    }
}

function calls(client: BackendClient, target: Candidates, sseC: boolean): InterfaceCall[] {
    const keyFields = sseC ? ["sseCustomerKey"] : [];
    const call = (iface: InterfaceCall["iface"], when: string, keys: readonly string[], path?: string): InterfaceCall => ({
        iface,
        target,
        when,
        keyFields: keys,
        ...(path !== undefined && { path }),
    });
    if (client === "sdk-v1") return [call("PUT Object", WRITE, keyFields), call("GET Object", READ, keyFields)];
    // Terraform 1.6 and later (and an unknown version, which may be either: these calls include 1.5's).
    const later = client === "unknown" ? " (Terraform 1.6 and later)" : "";
    return [
        call("PUT Object", WRITE, keyFields, client === "unknown" ? `${SINGLE_PUT}, or with Terraform 1.5 and earlier` : SINGLE_PUT),
        call("Initiate Multipart Upload", `${WRITE}${later}`, keyFields, MULTIPART),
        call("Upload Part", `${WRITE}${later}`, keyFields, MULTIPART),
        call("Complete Multipart Upload", `${WRITE}${later}`, [], MULTIPART),
        call("HEAD Object", `${READ}, before the download${later}`, keyFields),
        call("GET Object", READ, keyFields),
    ];
}

export const terraformBackendReader: ResourceReader = {
    types: [BACKEND_STATE_TYPE],
    roles: {},
    read(_type: string, props: unknown): ResourcePlan {
        const problems: string[] = [];
        const { target, algorithms, sseC } = requested(props, problems);
        const version = rawField(props, "terraformVersion");
        const client = backendClientOf(typeof version === "string" ? version : undefined);
        return {
            encryption: target,
            calls: calls(client, target, sseC),
            algorithms,
            keyFields: sseC ? ["sseCustomerKey"] : [],
            problems,
            api: "s3",
        };
    },
};
