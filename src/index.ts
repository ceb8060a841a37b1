export * from './kubernetes-version';
export * from './rollout/container';
export * from './rollout/disruption-budget';
export * from './rollout/graceful-deployment';
export * from './rollout/pre-stop';
export * from './rollout/probe';
