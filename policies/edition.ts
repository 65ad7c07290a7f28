// Which edition of the matrix judges a request. OBS publishes the matrix per cloud (Open Telekom Cloud,
// Huawei Cloud) and, on Open Telekom Cloud, per API family (S3-compatible requests signed V2/V4, native
// requests signed with the OBS signature). Only the OTC S3-compatible table has a signature column. This
// is the one place that picks a table for each column and says why when the choice is not obvious.
import { EDITIONS, hasSignatureColumn, type Edition, type Signature } from "./matrix";
import type { ObsCloud } from "./obsHosts";

/** The API family a client speaks to OBS: S3-compatible (`x-amz-*`, V2/V4) or native (`x-obs-*`, OBS signature). */
export type ObsApi = "s3" | "obs";

/**
 * The edition whose Transfer Protocol column judges requests of `api` to `cloud`: the table that cloud
 * publishes for that API, unless the user forces one with the `edition` option. Huawei Cloud publishes one
 * table (on its native API reference) and no S3-compatible one, so it judges both families there.
 */
export function editionFor(api: ObsApi, cloud: ObsCloud, forced?: Edition): Edition {
    if (forced) return forced;
    if (cloud === "huawei") return "huawei-obs";
    return api === "s3" ? "otc-s3" : "otc-obs";
}

/** The edition whose signature column judges a request, and, when it is not the protocol's table, why. */
export type SignatureTable =
    { readonly edition: Edition; readonly note?: string | undefined } | { readonly edition?: undefined; readonly why: string };

/** The only published table with a signature column (the OTC S3-compatible API's). */
const SIGNATURE_EDITION: Edition = EDITIONS.find(hasSignatureColumn) ?? "otc-s3";

const WHY_OTHER_TABLE: Readonly<Record<Edition, string | undefined>> = {
    "otc-s3": undefined,
    "otc-obs":
        "The native-API table (otc-obs) has no signature column, so the signature is judged by the same cloud's S3-compatible API table (otc-s3).",
    "huawei-obs":
        "Huawei Cloud publishes its SSE table (huawei-obs) without a signature column, so the signature is judged by Open Telekom Cloud's S3-compatible API table (otc-s3), " +
        "the only published OBS table with one; its transfer-protocol values are the ones Huawei's table repeats.",
};

/**
 * Why a request judged by a table without a signature column has no signature rule, per table. Huawei
 * Cloud's provider speaks both families (V2-signed object requests, OBS-signed bucket requests), but
 * its cloud publishes the one table, so what is said there is about the cloud, not the client's API.
 */
const WHY_NO_COLUMN: Readonly<Record<Edition, string>> = {
    "otc-s3": "the otc-s3 table has a signature column",
    "otc-obs":
        "the provider's client speaks the native OBS API, and the otc-obs table that governs it publishes a transfer-protocol column only; the V2/V4 column belongs to the S3-compatible API's table",
    "huawei-obs":
        "Huawei Cloud publishes its SSE table (huawei-obs) with a transfer-protocol column only and publishes no S3-compatible table; " +
        "the V2/V4 column belongs to Open Telekom Cloud's S3-compatible API table",
};

/**
 * The table whose signature column judges a request signed `signature` whose protocol `protocolEdition`
 * judges, sent by a client of `api`. V2 and V4 are AWS signatures, stated only by the S3-compatible table,
 * whatever the protocol's table. A native-API client is not judged by that column unless the user asks
 * for it (`declared`: a providerSignatures entry, or a forced edition with a signature column): its
 * cloud publishes no signature rule for it. For the native OBS signature no published table has a rule.
 */
export function signatureTableFor(protocolEdition: Edition, signature: Signature, api: ObsApi, declared: boolean): SignatureTable {
    if (signature === "OBS") {
        return {
            why: "no published OBS table has a signature column for requests signed with the native OBS signature, so there is no signature rule to check",
        };
    }
    if (api === "obs" && !declared && !hasSignatureColumn(protocolEdition)) {
        return {
            why:
                `${WHY_NO_COLUMN[protocolEdition]}, so there is no signature rule to check ` +
                "(declare the signature in providerSignatures, or force the otc-s3 edition, to judge it by that column)",
        };
    }
    return { edition: SIGNATURE_EDITION, note: protocolEdition === SIGNATURE_EDITION ? undefined : WHY_OTHER_TABLE[protocolEdition] };
}
