// Message building blocks: upload paths the pack cannot choose between are "may call", grouped by
// the condition that picks them, and a breach is certain only if every path has one.
import { describe, expect, it } from "vitest";
import type { Breach } from "../../policies/judge";
import { requirementFor } from "../../policies/matrix";
import { breachIsCertain, callBullets, citeRow, describeCall } from "../../policies/report";
import { readResource, type InterfaceCall } from "../../policies/resources";
import { asRuntimeProps } from "../helpers/runPolicy";
import { KMS_KEY, T, UNKNOWN } from "../helpers/fixtures";
import { at } from "../support/items";

const unknownSize = readResource(T.objectV2, asRuntimeProps({ content: UNKNOWN.string, kmsKeyId: KMS_KEY }))!.calls;
const breachOf = (call: InterfaceCall): Breach => ({ call, target: "SSE-KMS", requirement: requirementFor(call.iface, "SSE-KMS")! });
const byIface = (iface: string) => unknownSize.find((c) => c.iface === iface)!;

describe("alternative upload paths", () => {
    it("a breach on one path only is not certain; on both paths, or on a call every path makes, it is", () => {
        expect(breachIsCertain([breachOf(byIface("PUT Object"))], unknownSize)).toBe(false);
        expect(breachIsCertain([breachOf(byIface("Upload Part"))], unknownSize)).toBe(false);
        expect(breachIsCertain([breachOf(byIface("PUT Object")), breachOf(byIface("Upload Part"))], unknownSize)).toBe(true);
        expect(breachIsCertain([breachOf(byIface("HEAD Object"))], unknownSize)).toBe(true);
    });

    it("groups the calls of each path under its condition, as may-calls", () => {
        const text = callBullets(
            [breachOf(byIface("HEAD Object")), breachOf(byIface("PUT Object")), breachOf(byIface("Upload Part"))],
            (b) => b.call.iface,
        );
        expect(text).toBe(
            [
                "  - HEAD Object",
                "  - if the body is 5 MiB or less (its size is unknown to the pack), it may call:",
                "      - PUT Object",
                "  - if the body is over 5 MiB (its size is unknown to the pack), it may call:",
                "      - Upload Part",
            ].join("\n"),
        );
    });
});

describe("a copy whose source encryption is unknown", () => {
    it("is described as unknown, citing the row of each candidate", () => {
        const copy = at(readResource(T.copy, asRuntimeProps({ source: "b/k", kmsKeyId: KMS_KEY }))!.calls, 0);
        const rowFor = (source: "none" | "SSE-KMS") => requirementFor("PUT Object - Copy", "SSE-KMS", source)!;
        const breach: Breach = {
            call: copy,
            target: "SSE-KMS",
            source: "none",
            requirement: rowFor("none"),
            sources: [
                { encryption: "none", requirement: rowFor("none") },
                { encryption: "SSE-KMS", requirement: rowFor("SSE-KMS") },
            ],
        };
        expect(describeCall(breach)).toBe(
            "PUT Object - Copy (create/update, via CopyObject) from a source object whose encryption is unknown to the pack (unencrypted or SSE-KMS-encrypted; each breaks its row) to an SSE-KMS-encrypted object",
        );
        expect(citeRow(breach)).toMatch(
            /^otc-s3 matrix table 3 \(.*\), row 1: HTTPS, V4 \(for an unencrypted source\); otc-s3 matrix table 3 \(.*\), row 2: HTTPS, V4 \(for an SSE-KMS-encrypted source\)$/,
        );
        // A settled source keeps its own word.
        const { sources: _sources, ...settled } = breach;
        expect(describeCall(settled)).toContain("from an unencrypted object to an SSE-KMS-encrypted object");
    });
});
