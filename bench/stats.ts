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
