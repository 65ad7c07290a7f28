import { describe, expect, it } from "vitest";
import { printable } from "../../policies/printable";

describe("printable", () => {
    it("keeps ordinary text, including non-ASCII letters", () => {
        expect(printable('aws_s3_object.by_name["ä-1"]')).toBe('aws_s3_object.by_name["ä-1"]');
    });
    it("escapes ESC, CR, LF, tab, DEL and C1 controls", () => {
        expect(printable("a\u001b[31mb\rc\nd\te\u007ff\u009bg")).toBe("a\\u001b[31mb\\rc\\nd\\te\\u007ff\\u009bg");
    });
    it("escapes bidirectional and zero-width controls", () => {
        expect(printable("x\u202ey\u2066z\u200bw")).toBe("x\\u202ey\\u2066z\\u200bw");
    });
    it("leaves no control character in its output", () => {
        let all = "";
        for (let c = 0; c < 0x2100; c++) all += String.fromCharCode(c);

        expect(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(printable(all))).toBe(false);
    });
});
