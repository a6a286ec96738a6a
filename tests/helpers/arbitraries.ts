/**
 * fast-check generators of random *valid* small scenarios: 1–5 firms, 1–3 segments whose
 * shares sum to 1, random customer distributions, programs (open or targeted), contracts,
 * failure rates, recovery, promises, awareness, persistent tastes, moves, events and firm
 * strategies, N 50–400, T 5–40, years of 1–52 periods. Every generated document passes validateScenario (the generator is checked
 * by a test of its own).
 */
import fc from 'fast-check';

/**
 * A double in [min, max]. Subnormal magnitudes are flushed to 0: they are valid input but
 * make profit / revenue overflow (see the BUG test in invariants.test.ts), which would
 * hide every other invariant behind that one.
 */
const num = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Math.abs(x) < 1e-300 ? 0 : x));
const prob = num(0, 1);

/** A customer parameter: a constant or one of the four distributions. */
const distribution = (mean: [number, number], spread: number, min?: number) =>
  fc.oneof(
    num(mean[0], mean[1]),
    fc.record({ dist: fc.constant('normal'), mean: num(mean[0], mean[1]), sd: num(0, spread) }).map((d) => (min === undefined ? d : { ...d, min })),
    fc.record({ dist: fc.constant('uniform'), min: num(mean[0], (mean[0] + mean[1]) / 2), max: num((mean[0] + mean[1]) / 2, mean[1]) }),
  );
const positiveDistribution = (mean: [number, number], spread: number) =>
  fc.oneof(
    num(Math.max(mean[0], 1e-3), mean[1]),
    fc.record({ dist: fc.constant('lognormal'), mean: num(Math.max(mean[0], 0.05), mean[1]), sd: num(0, spread) }),
  );
const probabilityDistribution = fc.oneof(
  prob,
  fc.record({ dist: fc.constant('beta'), mean: num(0.05, 0.95), sd: num(0.01, 0.3) }),
);

const segment = (name: string) =>
  fc.record({
    name: fc.constant(name),
    shopProbability: probabilityDistribution,
    basketValue: positiveDistribution([0.2, 4], 3),
    priceSensitivity: distribution([0.05, 1.5], 0.3, 0.01),
    qualityWeight: distribution([0, 10], 2, 0),
    rewardWeight: distribution([0, 2], 0.5, 0),
    habitWeight: distribution([0, 5], 1, 0),
    satisfactionWeight: distribution([0, 4], 1, 0),
    expectation: distribution([0.2, 0.9], 0.1),
    switchingCost: distribution([0, 3], 0.5, 0),
    outsideUtility: num(-6, 1),
    joinProbability: prob,
    complaintProbability: prob,
    tasteSd: num(0, 3),
    relocationRate: num(0, 0.3),
  });

const program = (segmentNames: string[]) =>
  fc.record(
    {
      enabled: fc.boolean(),
      earnRate: num(0, 3),
      threshold: fc.integer({ min: 1, max: 1000 }),
      rewardValue: num(0, 20),
      goalGradient: num(0, 3),
      expiryPeriods: fc.integer({ min: 1, max: 60 }),
      fixedCostPer1000Customers: num(0, 5),
      costPerMember: num(0, 0.1),
      enrolment: fc.constantFrom('open', 'targeted'),
      targetSegments: fc.subarray(segmentNames),
      minBasketValue: num(0, 2),
    },
    { requiredKeys: ['enabled'] },
  );

const contract = fc.record(
  {
    enabled: fc.boolean(),
    termPeriods: fc.integer({ min: 1, max: 30 }),
    discount: num(0, 0.5),
    exitFee: num(0, 100),
    acceptance: prob,
    unhappyServiceCost: num(0, 2),
    unhappyThreshold: num(-0.5, 0.2),
  },
  { requiredKeys: ['enabled'] },
);

const strategy = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ price: fc.record({ policy: fc.constant('markup'), speed: prob, noise: num(0, 0.5) }) }) },
  { weight: 1, arbitrary: fc.record({ price: fc.record({ policy: fc.constant('adaptive') }) }) },
  { weight: 1, arbitrary: fc.record({ program: fc.record({ policy: fc.constant('imitate'), probability: prob }) }) },
  { weight: 1, arbitrary: fc.record({ price: fc.record({ policy: fc.constant('expression'), expression: fc.constantFrom('price * 1.02', 'max(unitCost, meanPrice - 0.1)') }) }) },
);

const firm = (name: string, segmentNames: string[]) =>
  fc
    .record({
      price: num(3, 20),
      unitCost: num(0, 8),
      quality: prob,
      qualityCostRate: num(0, 4),
      promise: fc.option(prob, { nil: null }),
      promiseWeight: prob,
      awareness: fc.oneof(fc.constant(1), num(0.05, 1)),
      failureRate: num(0, 0.6),
      complaintCost: num(0, 3),
      recoveryRate: prob,
      recoveryCost: num(0, 3),
      program: fc.option(program(segmentNames), { nil: null }),
      contract: fc.option(contract, { nil: null }),
      strategy,
    })
    .map(({ strategy: s, ...f }) => ({ name, ...f, ...(s === undefined ? {} : { strategy: s }) }));

/** Segment shares: positive weights normalised, the last share absorbing rounding. */
const shares = (n: number) =>
  fc.array(num(0.05, 1), { minLength: n, maxLength: n }).map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    const s = w.map((x) => x / total);
    s[n - 1] = Math.max(0, 1 - s.slice(0, -1).reduce((a, b) => a + b, 0));
    return s;
  });

const event = (firmNames: string[], periods: number) =>
  fc.record({
    period: fc.integer({ min: 0, max: periods - 1 }),
    firm: fc.constantFrom(...firmNames),
    set: fc.oneof(
      fc.record({ program: fc.record({ enabled: fc.boolean() }) }),
      fc.record({ price: num(3, 20) }),
      fc.record({ failureRate: num(0, 0.6) }),
      fc.record({ contract: fc.record({ enabled: fc.boolean() }) }),
    ),
  });

/** A random valid scenario document (raw, before validation). */
export const scenarioArbitrary = fc
  .record({
    firmCount: fc.integer({ min: 1, max: 5 }),
    segmentCount: fc.integer({ min: 1, max: 3 }),
    customers: fc.integer({ min: 50, max: 400 }),
    periods: fc.integer({ min: 5, max: 40 }),
  })
  .chain(({ firmCount, segmentCount, customers, periods }) => {
    const firmNames = Array.from({ length: firmCount }, (_, j) => `F${j}`);
    const segmentNames = Array.from({ length: segmentCount }, (_, s) => `S${s}`);
    return fc.record({
      name: fc.constant('prop'),
      customers: fc.constant(customers),
      periods: fc.constant(periods),
      // short years, so that quarters and years close within the run
      periodsPerYear: fc.integer({ min: 1, max: 52 }),
      reviewEvery: fc.integer({ min: 1, max: 13 }),
      clutter: num(0, 2),
      behaviour: fc.record({
        habitSmoothing: prob,
        satisfactionLearning: prob,
        expectationLearning: prob,
        qualityNoise: num(0, 0.3),
        delightThreshold: num(0, 0.3),
        disappointThreshold: num(0, 0.5),
        recoveryParadox: prob,
        unrecoveredPenalty: num(0, 2),
      }),
      wordOfMouth: fc.record({
        referralProbability: prob,
        referralPrior: num(-0.2, 0.3),
        negativeProbability: prob,
        negativeImpact: num(0, 0.5),
        advertisingAwareness: num(0, 0.2),
      }),
      segments: fc
        .tuple(shares(segmentCount), fc.tuple(...segmentNames.map((n) => segment(n))))
        .map(([s, segs]) => segs.map((seg, k) => ({ ...seg, share: s[k] }))),
      firms: fc.tuple(...firmNames.map((n) => firm(n, segmentNames))),
      events: fc.array(event(firmNames, periods), { maxLength: 3 }),
    });
  })
  // Plain JSON data, as a scenario file gives (fast-check may build null-prototype objects).
  .map((doc) => JSON.parse(JSON.stringify(doc)) as Record<string, unknown>);
