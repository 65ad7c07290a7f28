// Order statistics for benchmark samples.

/** The q-quantile (0..1) of `xs` by linear interpolation between closest ranks. */
function quantile(xs: readonly number[], q: number): number {
    if (xs.length === 0) return NaN;
    const sorted = [...xs].sort((a, b) => a - b);
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    // 0 <= lo <= hi <= sorted.length - 1 because 0 <= q <= 1 and xs is not empty.
    const low = sorted[lo]!;
    const high = sorted[hi]!;
    return low + (high - low) * (pos - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
export const p90 = (xs: readonly number[]): number => quantile(xs, 0.9);

/** Milliseconds since `start` (from `now()`). */
export function elapsedMs(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}

export const now = (): bigint => process.hrtime.bigint();

/** `xs` sorted ascending, as a new array. */
const ascending = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** P(B <= k) for B ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
    let term = 0.5 ** n; // P(B = 0)
    let sum = 0;
    for (let i = 0; i <= k; i++) {
        sum += term;
        term = (term * (n - i)) / (i + 1);
    }
    return sum;
}

export interface MedianInterval {
    readonly median: number;
    /** Bounds of the distribution-free interval for the median: order statistics of the sample. */
    readonly low: number;
    readonly high: number;
    /** The interval's coverage: at least `confidence` for any continuous distribution (0 when too few samples). */
    readonly coverage: number;
}

/**
 * The median of `xs` and a distribution-free confidence interval for the population median: the
 * k-th smallest and k-th largest samples, with k the largest rank whose coverage
 * 1 − 2·P(Binomial(n, ½) ≤ k − 1) is still at least `confidence`. Makes no assumption about the
 * shape of the noise (a shared machine's is skewed), only that the samples are independent.
 * With too few samples for the confidence (fewer than 6 at 95%), the interval is the whole range
 * and its coverage is the range's, less than asked.
 */
export function medianInterval(xs: readonly number[], confidence = 0.95): MedianInterval {
    const sorted = ascending(xs);
    const n = sorted.length;
    if (n === 0) return { median: NaN, low: NaN, high: NaN, coverage: 0 };
    let k = 1;
    while (k + 1 <= n / 2 && 1 - 2 * binomialHalfCdf(n, k) >= confidence) k++;
    return {
        median: median(sorted),
        low: sorted[k - 1]!,
        high: sorted[n - k]!,
        coverage: Math.max(0, 1 - 2 * binomialHalfCdf(n, k - 1)),
    };
}

/**
 * mulberry32: a small, fast, seeded generator with a 2^32 period, so that a bootstrap gives the same
 * interval for the same samples and the generated streams are the same in every run.
 */
export function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
}

export interface RatioInterval {
    /** Σ numerators ÷ Σ denominators over all pairs. */
    readonly ratio: number;
    /** Percentile bootstrap interval (pairs resampled with replacement). */
    readonly low: number;
    readonly high: number;
}

/**
 * The ratio of totals Σ num ÷ Σ den over paired samples (num[i] and den[i] measured together), with
 * a percentile bootstrap interval at `confidence`: the pairs are resampled with replacement
 * `resamples` times (seeded, so the same samples give the same interval). Pairs whose values are not
 * finite are left out.
 */
export function ratioOfTotals(num: readonly number[], den: readonly number[], confidence = 0.95, resamples = 4_000): RatioInterval {
    const pairs: [number, number][] = [];
    num.forEach((x, i) => {
        const y = den[i];
        if (Number.isFinite(x) && y !== undefined && Number.isFinite(y)) pairs.push([x, y]);
    });
    if (pairs.length === 0) return { ratio: NaN, low: NaN, high: NaN };
    const total = (ps: readonly [number, number][]): number => ps.reduce((s, p) => s + p[0], 0) / ps.reduce((s, p) => s + p[1], 0);
    const random = mulberry32(0x5eed);
    const draws: number[] = [];
    for (let b = 0; b < resamples; b++) {
        let sx = 0;
        let sy = 0;
        for (let i = 0; i < pairs.length; i++) {
            const p = pairs[Math.floor(random() * pairs.length)]!;
            sx += p[0];
            sy += p[1];
        }
        draws.push(sx / sy);
    }
    const sorted = ascending(draws);
    const tail = (1 - confidence) / 2;
    return { ratio: total(pairs), low: quantile(sorted, tail), high: quantile(sorted, 1 - tail) };
}
