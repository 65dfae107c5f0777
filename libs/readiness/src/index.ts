export * from './rules';
export * from './readiness';
export * from './dates';
