import { expect } from 'vitest';
import type { Decider } from './decider.js';

/**
 * Given/when/then for deciders (test support only): the given events are folded with
 * `evolve` from `initialState`, then `decide` runs the command.
 *
 *   spec.given([requested]).when(confirm).then([confirmed]);
 *   spec.given([]).when(cancel).thenThrows(NotFoundError);
 */
export function deciderSpec<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const decide = () => decider.decide(command, stateAfter(decider, events));
          return {
            then(expected: Event[]): void {
              expect(decide()).toEqual(expected);
            },
            /** Idempotent no-op: the command is accepted and changes nothing. */
            thenNothing(): void {
              expect(decide()).toEqual([]);
            },
            /** Asserts the error class and returns the error for closer checks. */
            thenThrows<E extends Error>(errorClass: abstract new (...args: never[]) => E): E {
              let thrown: unknown;
              try {
                decide();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              return thrown as E;
            },
          };
        },
      };
    },
  };
}

/** The state after the events, folded from the initial state. */
export function stateAfter<State, Command, Event>(decider: Decider<State, Command, Event>, events: Event[]): State {
  return events.reduce(decider.evolve, decider.initialState());
}
