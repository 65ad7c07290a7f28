import { describe, expect, it } from "vitest";
import { editionFor, signatureTableFor } from "../../policies/edition";
import { EDITIONS } from "../../policies/matrix";

describe("the one place that picks editions", () => {
    it("judges the protocol by the table the cloud publishes for the API", () => {
        expect(editionFor("s3", "otc")).toBe("otc-s3");
        expect(editionFor("obs", "otc")).toBe("otc-obs");
        // Huawei publishes one table, on its native API reference: it judges S3-API requests to Huawei hosts too.
        expect(editionFor("s3", "huawei")).toBe("huawei-obs");
        expect(editionFor("obs", "huawei")).toBe("huawei-obs");
        // Hosts the user lists: the OTC table of the API family, unless an edition is forced.
        expect(editionFor("s3", "listed")).toBe("otc-s3");
        expect(editionFor("obs", "listed")).toBe("otc-obs");
        for (const forced of EDITIONS) expect(editionFor("s3", "huawei", forced)).toBe(forced);
    });

    it("judges V2/V4 signatures by the only table with a signature column, saying why when it is not the protocol's", () => {
        expect(signatureTableFor("otc-s3", "V2", "s3", false)).toEqual({ edition: "otc-s3", note: undefined });
        expect(signatureTableFor("otc-obs", "V4", "s3", false)).toMatchObject({
            edition: "otc-s3",
            note: expect.stringContaining("native-API table (otc-obs) has no signature column"),
        });
        expect(signatureTableFor("huawei-obs", "V2", "s3", false)).toMatchObject({
            edition: "otc-s3",
            note: expect.stringContaining("Huawei Cloud publishes its SSE table (huawei-obs) without a signature column"),
        });
    });

    it("does not judge native-API clients by the S3 signature column unless the user declares or forces it", () => {
        // Huawei's object requests are V2-signed through its native-API client; Huawei publishes no signature rule.
        expect(signatureTableFor("huawei-obs", "V2", "obs", false)).toEqual({
            why: expect.stringContaining("Huawei Cloud publishes its SSE table (huawei-obs) with a transfer-protocol column only"),
        });
        // A Huawei provider's V2 object requests are S3-style: the reason must not call them native.
        expect(signatureTableFor("huawei-obs", "V2", "obs", false)).toEqual({ why: expect.not.stringContaining("native OBS API") });
        expect(signatureTableFor("otc-obs", "V2", "obs", false)).toEqual({
            why: expect.stringContaining("publishes a transfer-protocol column only"),
        });
        expect(signatureTableFor("huawei-obs", "V2", "obs", true)).toMatchObject({ edition: "otc-s3" });
        expect(signatureTableFor("otc-s3", "V2", "obs", false)).toEqual({ edition: "otc-s3", note: undefined });
    });

    it("has no signature table for the native OBS signature, and says so", () => {
        for (const edition of EDITIONS)
            for (const api of ["s3", "obs"] as const)
                expect(signatureTableFor(edition, "OBS", api, true)).toEqual({
                    why: expect.stringContaining("no published OBS table has a signature column"),
                });
    });
});
