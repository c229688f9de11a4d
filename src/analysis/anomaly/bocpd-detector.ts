/**
 * Bayesian online change-point detection (Adams & MacKay) with a Normal–Gamma model and a
 * constant hazard. Run lengths are truncated at a fixed maximum (the last slot absorbs
 * longer runs with a forgetting update), so memory is fixed and each update is O(MAX_RUN).
 * The score is the posterior mass on runs that started within the last few points.
 */
import type { StreamingDetector } from './streaming-detectors.js';
import { EwmaStats } from './streaming-stats.js';

const MAX_RUN = 64;
const RECENT_RUN = 4;
const WARMUP = 20;
/** Points after warm-up before scores are reported: every run is "recent" at first. */
const SETTLE = 2 * RECENT_RUN;
const PRIOR_KAPPA = 0.1;
const PRIOR_ALPHA = 1;
const PRIOR_BETA = 1;
const FORGET = 0.98;

export class BocpdDetector implements StreamingDetector {
  /** Run-length posterior (linear scale, renormalised every step) and per-run parameters. */
  private prob = new Float64Array(MAX_RUN);
  private mu = new Float64Array(MAX_RUN);
  private kappa = new Float64Array(MAX_RUN);
  private alpha = new Float64Array(MAX_RUN);
  private beta = new Float64Array(MAX_RUN);
  private nextProb = new Float64Array(MAX_RUN);
  private nextMu = new Float64Array(MAX_RUN);
  private nextKappa = new Float64Array(MAX_RUN);
  private nextAlpha = new Float64Array(MAX_RUN);
  private nextBeta = new Float64Array(MAX_RUN);
  /** Γ(α+½)/Γ(α)/√(2πα) for the deterministic α of each non-truncated slot. */
  private readonly densityConstant = new Float64Array(MAX_RUN);
  /** Standardisation learnt during warm-up, then frozen (the model handles later changes). */
  private readonly scaleStats = new EwmaStats(0.05, 100, WARMUP);
  private active = 1;
  private seen = 0;
  private readonly hazard: number;

  constructor(sensitivity: number) {
    this.hazard = 1 / (400 - 300 * sensitivity);
    for (let r = 0; r < MAX_RUN; r++) this.densityConstant[r] = studentConstant(PRIOR_ALPHA + r / 2);
    this.prob[0] = 1;
    this.setPrior(this.mu, this.kappa, this.alpha, this.beta, 0);
  }

  update(_timestamp: number, value: number): number {
    if (!Number.isFinite(value)) return 0;
    if (!this.scaleStats.warm) {
      this.scaleStats.update(value);
      return 0;
    }
    const x = (value - this.scaleStats.mean) / this.scaleStats.std();
    if (!Number.isFinite(x)) return 0;
    const n = this.active;
    const grown = Math.min(n + 1, MAX_RUN);
    const last = MAX_RUN - 1;
    this.nextProb.fill(0, 0, grown);
    let change = 0;
    let lastSlotMass = -1;
    for (let r = 0; r < n; r++) {
      const constant = r < last ? this.densityConstant[r] : studentConstant(this.alpha[r]);
      const joint =
        this.prob[r] * studentPdf(x, this.mu[r], this.kappa[r], this.alpha[r], this.beta[r], constant);
      change += joint * this.hazard;
      const grow = joint * (1 - this.hazard);
      const target = r < last ? r + 1 : last;
      // The truncated slot keeps the run that brought it more mass, forgetting a little so
      // its parameters keep tracking the recent regime.
      if (r + 1 < last || grow > lastSlotMass) {
        const forget = r === last ? FORGET : 1;
        this.posterior(
          target,
          this.mu[r],
          this.kappa[r] * forget,
          this.alpha[r] * forget,
          this.beta[r] * forget,
          x,
        );
        if (target === last) lastSlotMass = grow;
      }
      this.nextProb[target] += grow;
    }
    this.nextProb[0] = change;
    this.setPrior(this.nextMu, this.nextKappa, this.nextAlpha, this.nextBeta, 0);

    let total = 0;
    for (let r = 0; r < grown; r++) total += this.nextProb[r];
    if (!(total > 0)) {
      // Every run found x impossible (an extreme outlier): restart from the prior.
      this.nextProb.fill(0);
      this.nextProb[0] = 1;
      total = 1;
    }
    let recent = 0;
    for (let r = 0; r < grown; r++) {
      this.nextProb[r] /= total;
      if (r >= 1 && r <= RECENT_RUN) recent += this.nextProb[r];
    }
    this.swap();
    this.active = grown;
    this.seen++;
    if (this.seen <= SETTLE) return 0;
    return Math.min(recent, 1);
  }

  private posterior(slot: number, mu: number, kappa: number, alpha: number, beta: number, x: number): void {
    const k1 = kappa + 1;
    this.nextMu[slot] = (kappa * mu + x) / k1;
    this.nextKappa[slot] = k1;
    this.nextAlpha[slot] = alpha + 0.5;
    this.nextBeta[slot] = beta + (kappa * (x - mu) * (x - mu)) / (2 * k1);
  }

  private setPrior(
    mu: Float64Array,
    kappa: Float64Array,
    alpha: Float64Array,
    beta: Float64Array,
    slot: number,
  ) {
    mu[slot] = 0;
    kappa[slot] = PRIOR_KAPPA;
    alpha[slot] = PRIOR_ALPHA;
    beta[slot] = PRIOR_BETA;
  }

  private swap(): void {
    [this.prob, this.nextProb] = [this.nextProb, this.prob];
    [this.mu, this.nextMu] = [this.nextMu, this.mu];
    [this.kappa, this.nextKappa] = [this.nextKappa, this.kappa];
    [this.alpha, this.nextAlpha] = [this.nextAlpha, this.alpha];
    [this.beta, this.nextBeta] = [this.nextBeta, this.beta];
  }
}

/** Density of the Normal–Gamma posterior predictive (a Student t) at x. */
function studentPdf(
  x: number,
  mu: number,
  kappa: number,
  alpha: number,
  beta: number,
  constant: number,
): number {
  const scale2 = (beta * (kappa + 1)) / (alpha * kappa);
  const d = x - mu;
  return (constant / Math.sqrt(scale2)) * (1 + (d * d) / (2 * alpha * scale2)) ** -(alpha + 0.5);
}

/** Γ(α+½) / (Γ(α)·√(2πα)): the part of the Student-t density that depends on α only. */
function studentConstant(alpha: number): number {
  return Math.exp(logGamma(alpha + 0.5) - logGamma(alpha)) / Math.sqrt(2 * Math.PI * alpha);
}

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Lanczos approximation of ln Γ(z) for z > 0. */
function logGamma(z: number): number {
  const x = z - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (x + i);
  const t = x + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}
