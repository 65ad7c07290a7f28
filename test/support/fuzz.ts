// fast-check run parameters shared by the fuzz tests.

/** numRuns, and the seed when one is fixed; without one, fast-check draws a seed and prints it with any counterexample. */
export function runParameters(numRuns: number, seed: number | undefined): { numRuns: number; seed?: number } {
    return seed === undefined ? { numRuns } : { numRuns, seed };
}
