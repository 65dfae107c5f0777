export * from './projection';
export * from './projection-runner';
export * from './read-store';
export * from './programmes/programme-list.projection';
export * from './access/access.projection';
export * from './registers/programme-registers.projection';
export * from './registers/programme-registers';
export * from './audit/audit-chain.projection';
