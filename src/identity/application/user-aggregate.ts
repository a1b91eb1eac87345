import { executeCommand, loadAggregate, type Executed } from '../../shared/application/execute-command.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { toEventsToAppend } from '../../shared/event-store/envelope.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { UserCommand } from '../domain/identity.commands.js';
import { loginStream, userStream, type LoginEvent, type UserEvent } from '../domain/identity.events.js';
import { userDecider, type User, type UserState } from '../domain/user.decider.js';

/** Runs one command on `user-<id>`. */
export function runUserCommand(store: EventStore, command: UserCommand, ctx: CommandContext): Promise<Executed<UserState, UserEvent>> {
  return executeCommand(store, userStream(command.data.userId), userDecider, () => command, ctx);
}

export async function loadUser(store: EventStore, userId: string): Promise<UserState> {
  return (await loadAggregate(store, userStream(userId), userDecider)).state;
}

/** The account if it exists and was not erased; otherwise 404. */
export async function activeUser(store: EventStore, userId: string): Promise<User> {
  const state = await loadUser(store, userId);
  if (state.status !== 'active') throw new NotFoundError('user', userId);
  return state;
}

/** Sign-in facts need no decision: they are recorded as they happen. */
export async function recordLoginEvent(store: EventStore, event: LoginEvent, ctx: CommandContext): Promise<void> {
  await store.appendToStream(loginStream(event.data.userId), toEventsToAppend([event], ctx), { expectedRevision: 'any' });
}

/** The context of something a person does themselves (their own sign-in), before they hold a token. */
export function actingAs(ctx: CommandContext, userId: string): CommandContext {
  return { ...ctx, actor: { id: userId, kind: 'user' } };
}
