// Huge inputs are read only as far as needed and never echoed whole: URL-like inputs over 64 KiB
// and JSON inputs over 1 MiB are "too long" without being parsed, and a message shows at most a
// bounded prefix of an endpoint's path.
import { describe, expect, it } from "vitest";
import { parseEndpoint, SHOWN_PATH_CHARACTERS } from "../../policies/endpoint";
import { awsProviderReader } from "../../policies/providers/aws";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { MAX_JSON_CHARACTERS, MAX_URL_CHARACTERS } from "../../policies/values";
import { awsProvider, KMS_KEY, resource, T } from "../helpers/fixtures";
import { asRuntimeProps, runResourcePolicy as run } from "../helpers/runPolicy";
import { at } from "../support/items";

const HOST = "http://obs.eu-de.otc.t-systems.com/";

describe("bounded reading", () => {
    it("an endpoint over the limit is too long, and is neither parsed nor shown", () => {
        const text = HOST + "p".repeat(MAX_URL_CHARACTERS);
        expect(parseEndpoint(text)).toEqual({
            kind: "invalid",
            form: "unparseable",
            shown: `${text.length} characters`,
            problem: `is too long (${text.length} characters; at most 65536 are read)`,
        });
    });

    it("an endpoint's path is shown up to a bounded prefix, with its length", () => {
        const reading = parseEndpoint(HOST + "p".repeat(5_000));
        expect(reading).toMatchObject({ kind: "url", protocol: "HTTP", host: "obs.eu-de.otc.t-systems.com" });
        expect(reading.shown.length).toBeLessThan(HOST.length + SHOWN_PATH_CHARACTERS + 40);
        expect(reading.shown).toContain("... (a path of 5001 characters)");
    });

    it("a JSON provider input over the limit is too long, without being parsed", () => {
        const endpoints = JSON.stringify([{ s3: "https://obs.eu-de.otc.t-systems.com", pad: "x".repeat(MAX_JSON_CHARACTERS) }]);
        const p = awsProvider({ raw: { endpoints } });
        const settings = awsProviderReader.read({ type: p.type, urn: p.urn, name: p.name, props: asRuntimeProps(p.properties) });
        expect(settings.endpoint).toEqual({
            state: "invalid",
            problem: `endpoints is too long (${endpoints.length} characters; at most ${MAX_JSON_CHARACTERS} are read)`,
        });
    });

    it("a long endpoint path is not copied into messages (was copied whole into every one)", async () => {
        const p = awsProvider({ name: "long", endpoint: HOST + "p".repeat(60_000) });
        const { violations } = await run(
            transferProtocolPolicy,
            resource(T.objectV2, "o", { bucket: "b", content: "x", kmsKeyId: KMS_KEY }, p),
        );
        expect(violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
        expect(at(violations, 0).message.length).toBeLessThan(2_000);
        expect(at(violations, 0).message).toContain(
            'Fix: set endpoints[0].s3 of provider "long" to the same URL with https:// in place of http://.',
        );
    });
});

describe("body size", () => {
    it("counts base64 bytes as Node's decoder makes them, and stops counting past the cap", async () => {
        const { base64DecodedSize } = await import("../../policies/resources/awsS3.js");
        for (const text of ["", "QUJD", "QUJD=QUJD", "QU=JD", "QUJD QU\nJD", "QUJD*QUJD", "-_-_", "QUI"]) {
            expect(base64DecodedSize(text, 1_000)).toBe(Buffer.from(text, "base64").length);
        }
        expect(base64DecodedSize("QUJD".repeat(1_000), 10)).toBeGreaterThan(10);
    });
});
