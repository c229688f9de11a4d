/**
 * Seed ranges. Development and tuning use seeds below 100,000 (the demo's default is 1).
 * The held-out range below is only ever used by tests that measure accuracy; nothing is
 * tuned on it.
 */
export const HELD_OUT_SEEDS = Array.from({ length: 20 }, (_, i) => 900_001 + i);
