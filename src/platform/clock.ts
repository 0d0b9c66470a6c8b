/** Time comes from a clock passed in, so rules and tests never depend on when they happen to run. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until told to move: for tests and for replaying history in the demo seed. */
export class FixedClock implements Clock {
  private current: Date

  constructor(start: Date | string) {
    this.current = new Date(start)
  }

  now(): Date {
    return new Date(this.current)
  }

  set(to: Date | string): void {
    this.current = new Date(to)
  }

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds)
  }
}
