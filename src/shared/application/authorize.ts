import { ForbiddenError } from '../domain/errors.js';
import type { CommandContext } from '../event-store/envelope.js';

export function hasPermission(ctx: Pick<CommandContext, 'permissions'>, permission: string): boolean {
  return ctx.permissions.has(permission);
}

export function requirePermission(ctx: Pick<CommandContext, 'permissions'>, permission: string): void {
  if (!ctx.permissions.has(permission)) throw new ForbiddenError(permission);
}
