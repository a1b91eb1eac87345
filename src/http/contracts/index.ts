/** The API's request and response contracts: the server validates with them, the web client imports them. */
export * from './common.contracts.js';
export * from './problem.contracts.js';
export * from './sites.contracts.js';
export * from './spaces.contracts.js';
export * from './resources.contracts.js';
export * from './blackouts.contracts.js';
export * from './bookings.contracts.js';
export * from './health.contracts.js';
export { apiSchemas } from './schema-registry.js';
export * from './identity.contracts.js';
