/** Public surface of the ACI domain layer (pure TypeScript: no Node, no DOM). */
export * from './missions';
export * from './rules';
export * from './sizeBand';
export * from './deadlines';
export * from './contractYears';
export * from './prorata';
export * from './attainment';
export * from './funding';
export * from './schedule';
export * from './fundingInput';
export { UNVERIFIED_NOTE } from './explain';
