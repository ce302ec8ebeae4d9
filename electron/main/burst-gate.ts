// A document may open a link or start a download when the user clicks; a burst of them (a script opening tabs
// or pushing files) is not the user. The first action in a quiet period goes ahead; one that follows within the
// interval asks the user first, and while that question is open further ones are dropped.

export interface BurstGateOptions {
  intervalMs: number
  ask(what: string): Promise<boolean>
  now?: () => number
}

/** true: go ahead now; a promise: the user's answer; false: dropped while a question is open. */
export type BurstVerdict = true | false | Promise<boolean>

export function createBurstGate(options: BurstGateOptions): (what: string) => BurstVerdict {
  const now = options.now ?? (() => Date.now())
  let last = Number.NEGATIVE_INFINITY
  let asking = false
  return (what) => {
    if (asking) return false
    if (now() - last >= options.intervalMs) {
      last = now()
      return true
    }
    asking = true
    return options.ask(what).then(
      (answer) => {
        asking = false
        last = now()
        return answer
      },
      () => {
        asking = false
        return false
      },
    )
  }
}
