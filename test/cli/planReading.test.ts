// Pieces of the plan reader that large plans run once per resource instance: the depth bound,
// and linking `bucket` and `source` to the instances the configuration's references name.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "../../cli/terraform/expressions";
import type { Plan } from "../../cli/terraform/plan";
import { linkDependencies, readPlan, type DependencySource, type PulumiResource } from "../../cli/terraform/resources";
import { Sensitive } from "../../policies/values";

function nested(levels: number, leaf: unknown = 1): unknown {
    let v = leaf;
    for (let i = 0; i < levels; i++) v = i % 2 === 0 ? [v] : { k: v };
    return v;
}

describe("nestsDeeperThan", () => {
    it("counts arrays and objects (a sensitive wrapper is no level of its own), up to the limit and no further", () => {
        expect(nestsDeeperThan(nested(5), 5)).toBe(false);
        expect(nestsDeeperThan(nested(5, {}), 5)).toBe(true);
        expect(nestsDeeperThan({ a: 1, b: [2, { c: nested(2) }] }, 5)).toBe(false);
        expect(nestsDeeperThan({ a: 1, b: [2, { c: nested(3) }] }, 5)).toBe(true);
        expect(nestsDeeperThan("text", 0)).toBe(false);
        expect(nestsDeeperThan({}, 0)).toBe(true);
        expect(nestsDeeperThan(new Sensitive([new Sensitive({ k: new Sensitive(1) })]), 2)).toBe(false);
        expect(nestsDeeperThan(new Sensitive([new Sensitive({ k: new Sensitive([]) })]), 2)).toBe(true);
    });

    it("is safe on values far deeper than the limit", () => {
        expect(nestsDeeperThan(nested(200_000), 100)).toBe(true);
    });
});

function resource(urn: string): PulumiResource {
    return {
        type: "t",
        urn,
        name: urn,
        terraformType: "t",
        inputs: {},
        outputs: {},
        propertyDependencies: {},
        names: () => new Map(),
    };
}

function source(type: string, name: string, index: number | string | undefined, bucketRefs: string[] = []): DependencySource {
    return {
        moduleAddress: "",
        type,
        name,
        ...(index !== undefined && { index }),
        references: (attr) => (attr === "bucket" ? bucketRefs : []),
    };
}

describe("linkDependencies", () => {
    it('links to the one instance of a block, or to the instance with the same index; 1 and "1" are different indexes', () => {
        const buckets = [resource("b[0]"), resource("b[1]"), resource('b["1"]')];
        const single = resource("s");
        const objects = [resource("o[1]"), resource('o["1"]'), resource("o[2]"), resource("p[7]")];
        linkDependencies(
            [...buckets, single, ...objects],
            [
                source("aws_s3_bucket", "b", 0),
                source("aws_s3_bucket", "b", 1),
                source("aws_s3_bucket", "b", "1"),
                source("aws_s3_bucket", "s", undefined),
                source("aws_s3_object", "o", 1, ["aws_s3_bucket.b"]),
                source("aws_s3_object", "o", "1", ["aws_s3_bucket.b"]),
                source("aws_s3_object", "o", 2, ["aws_s3_bucket.b"]),
                source("aws_s3_object", "p", 7, ["aws_s3_bucket.s", "aws_s3_bucket.missing"]),
            ],
        );
        expect(objects.map((o) => o.propertyDependencies)).toEqual([{ bucket: ["b[1]"] }, { bucket: ['b["1"]'] }, {}, { bucket: ["s"] }]);
    });
});

describe("provider configurations", () => {
    it("are frozen all the way down, so the provider readers find their reading by the props object", () => {
        const file = path.join(__dirname, "..", "..", "examples", "terraform", "aliased-providers", "plan.json");
        const reading = readPlan(JSON.parse(readFileSync(file, "utf8")) as Plan);
        expect(reading.providers.length).toBeGreaterThan(0);
        const frozenThrough = (v: unknown): boolean =>
            typeof v !== "object" || v === null || (Object.isFrozen(v) && Object.values(v).every(frozenThrough));
        for (const p of reading.providers) expect(frozenThrough(p.props)).toBe(true);
        expect(reading.providers.some((p) => Object.keys(p.props).length > 0)).toBe(true);
    });
});
