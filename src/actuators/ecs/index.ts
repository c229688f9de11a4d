export * from './ecs-actuator.js';
export * from './ecs-actuator-options.js';
export * from './ecs-undo-token.js';
