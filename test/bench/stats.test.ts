// The statistics the Analyze bench's verdict rests on (bench/stats.ts): the distribution-free
// interval of a median and the bootstrap interval of a ratio of totals.
import { describe, expect, it } from "vitest";
import { medianInterval, ratioOfTotals } from "../../bench/stats";

describe("medianInterval", () => {
    it("takes the 2nd smallest and 2nd largest of 10 samples (coverage 97.9%; the 3rd would cover only 89%)", () => {
        const xs = [7, 1, 9, 3, 5, 10, 2, 8, 4, 6];
        const ci = medianInterval(xs);
        expect(ci.median).toBe(5.5);
        expect([ci.low, ci.high]).toEqual([2, 9]);
        expect(ci.coverage).toBeCloseTo(1 - 2 * (11 / 1024), 10);
    });

    it("widens to the whole range, with its lower coverage, when there are too few samples", () => {
        const ci = medianInterval([3, 1, 2]);
        expect([ci.low, ci.high]).toEqual([1, 3]);
        expect(ci.coverage).toBeCloseTo(0.75, 10);
    });
});

describe("ratioOfTotals", () => {
    it("is Σ num ÷ Σ den, not the mean of the pairs' ratios, and its interval holds it", () => {
        const r = ratioOfTotals([1, 3, 2, 2], [2, 3, 4, 1]);
        expect(r.ratio).toBeCloseTo(8 / 10, 10);
        expect(r.low).toBeLessThanOrEqual(r.ratio);
        expect(r.high).toBeGreaterThanOrEqual(r.ratio);
        expect(r.high).toBeGreaterThan(r.low);
    });

    it("has an interval of width zero when every pair has the same ratio, and leaves out pairs that are not finite", () => {
        const r = ratioOfTotals([2, 4, 6, NaN], [1, 2, 3, 5]);
        expect([r.ratio, r.low, r.high].map((x) => x.toFixed(10))).toEqual(["2.0000000000", "2.0000000000", "2.0000000000"]);
    });

    it("gives the same interval for the same samples (seeded)", () => {
        const num = [5, 7, 6, 9, 4, 8];
        const den = [6, 6, 7, 8, 5, 9];
        expect(ratioOfTotals(num, den)).toEqual(ratioOfTotals(num, den));
    });
});
