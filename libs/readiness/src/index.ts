export * from './rules';
export * from './readiness';
export * from './rating';
export * from './ruleset';
export * from './dates';
export * from './money';
