// Resource and provider names come from input: messages print them through printable(), so a
// name cannot move the cursor, recolour the terminal or fake a line.
import { describe, expect, it } from "vitest";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { awsProvider, KMS_KEY, resource, T } from "../helpers/fixtures";
import { runResourcePolicy as run } from "../helpers/runPolicy";
import { at } from "../support/items";

describe("names in messages", () => {
    it("escapes control and bidi characters in resource and provider names", async () => {
        const p = awsProvider({ name: "prov\u001b]0;title\u0007", endpoint: "http://obs.eu-de.otc.t-systems.com" });
        const r = resource(T.objectV2, "obj\u001b[31m\r\n\u202e", { bucket: "b", content: "x", kmsKeyId: KMS_KEY }, p);
        const { violations } = await run(transferProtocolPolicy, r);
        expect(violations).toHaveLength(1);
        const message = at(violations, 0).message;
        expect(message).toContain('"obj\\u001b[31m\\r\\n\\u202e"');
        expect(message).toContain('aws provider "prov\\u001b]0;title\\u0007"');
        expect(message).not.toMatch(/[\u001b\u0007\r\u202e]/);
    });
});
