import { describe, expect, it } from "vitest";
import { firstSyntaxError, parseHcl } from "../cli/terraform/hcl/parser";

describe("HCL parser", () => {
    it("parses Terraform blocks with positions and comments", async () => {
        const tree = await parseHcl('# obs-sse:ignore:x why\nprovider "aws" {\n  endpoints { s3 = "http://${var.h}" }\n}\n');
        expect(firstSyntaxError(tree)).toBeUndefined();
        const body = tree.rootNode.namedChildren.find((n) => n?.type === "body");
        const block = body?.namedChildren.find((n) => n?.type === "block");
        expect(block?.startPosition.row).toBe(1);
        expect(tree.rootNode.namedChildren[0]?.type).toBe("comment");
    });
    it("finds the first syntax error's position", async () => {
        const tree = await parseHcl('a = "x"\nb = {\n');
        expect(firstSyntaxError(tree)).toMatchObject({ line: expect.any(Number) as number });
    });
});
