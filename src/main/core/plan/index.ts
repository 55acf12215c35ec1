export * from './discovery';
export * from './plan';
