/**
 * The firms as the hot loop sees them: one small typed array per derived figure,
 * recomputed from the firms' current settings whenever a setting changes (an event or
 * a strategy review), never per customer.
 */
import type { FirmConfig, Scenario } from './schema.js';

export interface FirmTable {
  readonly count: number;
  readonly kindCount: number;
  readonly price: Float64Array;
  /** the price a shopper weighs: list price less the expected contract discount */
  readonly offerPrice: Float64Array;
  readonly unitCost: Float64Array;
  readonly quality: Float64Array;
  /** quality cost per unit basket: qualityCostRate · q² */
  readonly qualityUnitCost: Float64Array;
  readonly promise: Float64Array; // NaN: no advertising promise
  readonly promiseWeight: Float64Array;
  readonly failureRate: Float64Array;
  /** cumulative failure-kind probabilities, M × K */
  readonly failureCumulative: Float64Array;
  readonly complaintCost: Float64Array;
  readonly recoveryRate: Float64Array;
  readonly recoveryCost: Float64Array;
  // program
  readonly programOn: Uint8Array;
  readonly programOpen: Uint8Array;
  readonly earnRate: Float64Array;
  readonly threshold: Float64Array;
  readonly rewardValue: Float64Array;
  readonly expiryPeriods: Float64Array;
  /** expected rebate per unit price: r_j · p_j with r_j = earnRate · rewardValue / threshold */
  readonly rebate: Float64Array;
  /** points pressure per points²: γ · rewardValue / θ² */
  readonly pressurePerPoint2: Float64Array;
  readonly minBasketValue: Float64Array;
  /** program fixed cost per period (scaled to the market size N) and cost per member per period */
  readonly programFixedCost: Float64Array;
  readonly costPerMember: Float64Array;
  /** M × S: 1 where segment s may join firm j's program */
  readonly eligibleSegment: Uint8Array;
  /** M × S: the reward value a non-member of segment s sees in firm j's program: rebate × join probability where invited, else 0 */
  readonly openReward: Float64Array;
  // contract
  readonly contractOn: Uint8Array;
  readonly contractTerm: Float64Array;
  readonly contractDiscount: Float64Array;
  /** what a contract customer pays: price · (1 − discount) */
  readonly contractPrice: Float64Array;
  readonly exitFee: Float64Array;
  readonly contractAcceptance: Float64Array;
  readonly unhappyServiceCost: Float64Array;
  readonly unhappyThreshold: Float64Array;
  // across firms (one element each), refreshed with every row
  /** the mean offer price a customer who knows every firm sees (summed in firm order, as choice.ts does) */
  readonly meanOfferPrice: Float64Array;
  /** the shortest points expiry of any firm's column (Infinity: no program holds points) */
  readonly shortestExpiry: Float64Array;
  /**
   * Coalition programs: the firm whose column holds firm j's memberships and points. A
   * firm's own index unless its program names a coalition, then the first firm (in
   * scenario order) naming the same coalition: partners share one membership and one
   * points balance, stored once (so a coalition counts once toward clutter).
   */
  readonly pointsOwner: Int32Array;
  /** the coalition each firm's program names (null: none) */
  readonly coalition: (string | null)[];
}

export function createFirmTable(scenario: Scenario): FirmTable {
  const M = scenario.firms.length;
  const K = scenario.failureKinds.length;
  const S = scenario.segments.length;
  const f64 = () => new Float64Array(M);
  const u8 = () => new Uint8Array(M);
  return {
    count: M, kindCount: K,
    price: f64(), offerPrice: f64(), unitCost: f64(), quality: f64(), qualityUnitCost: f64(),
    promise: f64(), promiseWeight: f64(), failureRate: f64(), failureCumulative: new Float64Array(M * K),
    complaintCost: f64(), recoveryRate: f64(), recoveryCost: f64(),
    programOn: u8(), programOpen: u8(), earnRate: f64(), threshold: f64(), rewardValue: f64(), expiryPeriods: f64(),
    rebate: f64(), pressurePerPoint2: f64(), minBasketValue: f64(), programFixedCost: f64(), costPerMember: f64(), eligibleSegment: new Uint8Array(M * S), openReward: new Float64Array(M * S),
    contractOn: u8(), contractTerm: f64(), contractDiscount: f64(), contractPrice: f64(), exitFee: f64(), contractAcceptance: f64(),
    unhappyServiceCost: f64(), unhappyThreshold: f64(),
    meanOfferPrice: new Float64Array(1), shortestExpiry: new Float64Array(1),
    pointsOwner: Int32Array.from({ length: M }, (_, j) => j), coalition: new Array<string | null>(M).fill(null),
  };
}

/** Refresh firm j's row from its settings. */
export function updateFirmRow(table: FirmTable, j: number, firm: FirmConfig, scenario: Scenario): void {
  table.price[j] = firm.price;
  table.unitCost[j] = firm.unitCost;
  table.quality[j] = firm.quality;
  table.qualityUnitCost[j] = firm.qualityCostRate * firm.quality * firm.quality;
  table.promise[j] = firm.promise ?? NaN;
  table.promiseWeight[j] = firm.promiseWeight;
  table.failureRate[j] = firm.failureRate;
  table.complaintCost[j] = firm.complaintCost;
  table.recoveryRate[j] = firm.recoveryRate;
  table.recoveryCost[j] = firm.recoveryCost;

  const K = table.kindCount;
  const weights = scenario.failureKinds.map((kind) => firm.failureMix[kind.name] ?? kind.frequency);
  const total = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  for (let k = 0; k < K; k++) {
    cumulative += total > 0 ? weights[k] / total : 1 / K;
    table.failureCumulative[j * K + k] = k === K - 1 ? 1 : cumulative;
  }

  const program = firm.program;
  const on = program !== null && program.enabled;
  table.programOn[j] = on ? 1 : 0;
  table.programOpen[j] = on && program.enrolment === 'open' ? 1 : 0;
  table.earnRate[j] = on ? program.earnRate : 0;
  table.threshold[j] = on ? program.threshold : 1;
  table.rewardValue[j] = on ? program.rewardValue : 0;
  table.expiryPeriods[j] = on ? program.expiryPeriods : Infinity;
  table.rebate[j] = on ? (program.earnRate * program.rewardValue / program.threshold) * firm.price : 0;
  table.pressurePerPoint2[j] = on ? (program.goalGradient * program.rewardValue) / (program.threshold * program.threshold) : 0;
  table.minBasketValue[j] = on && program.enrolment === 'targeted' ? program.minBasketValue : 0;
  table.programFixedCost[j] = on ? (program.fixedCostPer1000Customers * scenario.customers) / 1000 : 0;
  table.costPerMember[j] = on ? program.costPerMember : 0;
  const S = scenario.segments.length;
  scenario.segments.forEach((segment, s) => {
    const invited = program?.enrolment === 'targeted' ? program.targetSegments.length === 0 || program.targetSegments.includes(segment.name) : true;
    table.eligibleSegment[j * S + s] = on && invited ? 1 : 0;
    table.openReward[j * S + s] = on && invited ? table.rebate[j] * segment.joinProbability : 0;
  });

  const contract = firm.contract;
  const signing = contract !== null && contract.enabled;
  table.contractOn[j] = signing ? 1 : 0;
  table.contractTerm[j] = contract?.termPeriods ?? 0;
  table.contractDiscount[j] = contract?.discount ?? 0;
  table.contractPrice[j] = firm.price * (1 - table.contractDiscount[j]);
  table.exitFee[j] = contract?.exitFee ?? 0;
  table.contractAcceptance[j] = signing ? contract.acceptance : 0;
  // Service cost and thresholds apply to existing contracts even after the offer stops.
  table.unhappyServiceCost[j] = contract?.unhappyServiceCost ?? 0;
  table.unhappyThreshold[j] = contract?.unhappyThreshold ?? 0;
  table.offerPrice[j] = firm.price * (1 - table.contractAcceptance[j] * table.contractDiscount[j]);
  table.coalition[j] = program?.coalition ?? null;
  updatePointsOwners(table);
  updateAcrossFirms(table); // last: it reads the expiries updatePointsOwners may set
}

/** Each firm's points owner: the first firm naming the same coalition, else itself. */
function updatePointsOwners(table: FirmTable): void {
  for (let j = 0; j < table.count; j++) {
    const name = table.coalition[j];
    let owner = j;
    if (name !== null) for (let k = 0; k < j; k++) if (table.coalition[k] === name) { owner = k; break; }
    table.pointsOwner[j] = owner;
  }
  // A coalition's balances lapse by the rules of its running partners, even while the
  // partner that holds them has its own program switched off.
  for (let j = 0; j < table.count; j++) {
    const owner = table.pointsOwner[j];
    if (owner !== j && table.programOn[owner] === 0 && table.programOn[j] === 1 && !(table.expiryPeriods[owner] <= table.expiryPeriods[j])) {
      table.expiryPeriods[owner] = table.expiryPeriods[j];
    }
  }
}

function updateAcrossFirms(table: FirmTable): void {
  const M = table.count;
  let priceSum = 0;
  let shortest = Infinity;
  for (let j = 0; j < M; j++) {
    priceSum += table.offerPrice[j];
    // every column that may hold points: running programs, and coalition balances kept by a partner whose own program is off
    if (table.expiryPeriods[j] < shortest) shortest = table.expiryPeriods[j];
  }
  table.meanOfferPrice[0] = priceSum / M;
  table.shortestExpiry[0] = shortest;
}
