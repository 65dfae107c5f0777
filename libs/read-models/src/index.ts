export * from './projection';
export * from './projection-runner';
export * from './read-store';
export * from './programmes/programme-list.projection';
export * from './programmes/programme-fold';
export * from './programmes/programme-snapshots';
export * from './access/access.projection';
export * from './registers/programme-registers.projection';
export * from './registers/programme-registers';
export * from './audit/audit-chain.projection';
export * from './readiness/judge';
export * from './readiness/readiness-days.projection';

import { accessProjection } from './access/access.projection';
import { auditChainProjection } from './audit/audit-chain.projection';
import { programmeListProjection } from './programmes/programme-list.projection';
import { programmeRegistersProjection } from './registers/programme-registers.projection';
import { readinessDaysProjection } from './readiness/readiness-days.projection';

/**
 * Every read model the tracker keeps, fed by one subscription and applied to each event in this
 * order. The readiness days come first: they close a day with the state before the event, which
 * is what the programme list and registers hold until they apply it.
 */
export const PROJECTIONS = [readinessDaysProjection, programmeListProjection, accessProjection, programmeRegistersProjection, auditChainProjection] as const;
