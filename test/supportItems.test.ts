// The typed accessors the tests read lists and records through (test/support/items.ts): a missing
// item fails with the index or key it wanted, not with a TypeError on undefined further on.
import { describe, expect, it } from "vitest";
import { at, field, only } from "./support/items";
import { runParameters } from "./support/fuzz";

describe("at", () => {
    it("gives the item at an index, counting from the end when negative", () => {
        expect(at(["a", "b", "c"], 1)).toBe("b");
        expect(at(["a", "b", "c"], -1)).toBe("c");
        expect(at([undefined], 0)).toBeUndefined();
    });

    it("throws naming the index and the length when there is no such item", () => {
        expect(() => at(["a"], 1)).toThrow("expected an item at index 1, but the list has 1 item");
        expect(() => at([], 0)).toThrow("expected an item at index 0, but the list has 0 items");
        expect(() => at(["a", "b"], -3)).toThrow("expected an item at index -3, but the list has 2 items");
        expect(() => at(["a", "b"], 0.5)).toThrow("index 0.5");
    });
});

describe("only", () => {
    it("gives the one item of a list, and throws with the count otherwise", () => {
        expect(only(["a"])).toBe("a");
        expect(() => only([])).toThrow("expected exactly 1 item, but the list has 0");
        expect(() => only(["a", "b"])).toThrow("expected exactly 1 item, but the list has 2");
    });
});

describe("field", () => {
    it("gives the value under a key, and throws naming the key and the keys there are", () => {
        expect(field({ a: 1, b: 2 }, "b")).toBe(2);
        expect(() => field<string, number>({ a: 1 }, "b")).toThrow('expected a value under "b", but the record has only ["a"]');
    });
});

describe("runParameters", () => {
    it("leaves the seed out when none is fixed, so that fast-check draws one", () => {
        expect(runParameters(5, 7)).toEqual({ numRuns: 5, seed: 7 });
        expect(Object.keys(runParameters(5, undefined))).toEqual(["numRuns"]);
    });
});
