import { z } from 'zod';
import { named } from './schema-registry.js';

export const HealthStatus = named('HealthStatus', z.object({ status: z.enum(['ok', 'ready']) }));
export type HealthStatus = z.infer<typeof HealthStatus>;
