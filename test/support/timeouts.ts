// Bounds for tests and hooks that start processes: a pack process (Node.js loading
// @pulumi/policy and the pack), a capture worker (a Pulumi program compiled and run under mocks),
// or both, several times. A few seconds of CPU each on a quiet machine; on two cores shared with
// other test files doing the same, many times that (a test of two previews and a spawned command
// took 185 s at a load average of 22). The bound is for a hang, not for speed
// (speed is measured in bench/).
export const PROCESS_TIMEOUT_MS = 300_000;
