/**
 * A decider in the Emmett sense: pure functions over commands, events and state.
 * `decide` throws a ReservaError to reject a command; it never performs I/O.
 */
export interface Decider<State, Command, Event> {
  initialState: () => State;
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

/** A domain event before it is wrapped in an envelope: type, schema version and payload. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
