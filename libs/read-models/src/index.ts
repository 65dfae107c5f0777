export * from './projection';
export * from './projection-runner';
export * from './read-store';
export * from './programmes/programme-list.projection';
export * from './programmes/programme-fold';
export * from './programmes/programme-snapshots';
export * from './programmes/programme-snapshot-keeper';
export * from './access/access.projection';
export * from './registers/programme-registers.projection';
export * from './registers/programme-registers';
export * from './audit/audit-chain.projection';
export * from './audit/audit-index.projection';
export * from './audit/event-descriptions';
export * from './readiness/judge';
export * from './readiness/readiness-days';
export * from './decisions/decision-log.projection';

import { accessProjection } from './access/access.projection';
import { auditChainProjection } from './audit/audit-chain.projection';
import { auditIndexProjection } from './audit/audit-index.projection';
import { decisionLogProjection } from './decisions/decision-log.projection';
import { programmeListProjection } from './programmes/programme-list.projection';
import { programmeRegistersProjection } from './registers/programme-registers.projection';

/** Every read model the tracker keeps, fed by one subscription. */
export const PROJECTIONS = [programmeListProjection, accessProjection, programmeRegistersProjection, auditChainProjection, auditIndexProjection, decisionLogProjection] as const;
