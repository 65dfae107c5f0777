export * from './canonical-json';
export * from './hash-chain';
export * from './digest';
export * from './key-rotation';
export * from './verify-chain';
export * from './verify-export';
