import type { RequestSummary, StepOutcome, StepRecord } from './types'

// The judged trail of an emulation. `fatal` records and then throws FatalStop so a scenario ends where the
// real editor would give up; `finally` blocks in the scenarios still release locks and remove copies.

export class FatalStop extends Error {
  constructor(readonly record: StepRecord) {
    super(record.finding)
    this.name = 'FatalStop'
  }
}

export interface Exchange {
  request: RequestSummary | null
  status: number | null
}

export const NO_EXCHANGE: Exchange = { request: null, status: null }

export interface StepLog {
  readonly records: StepRecord[]
  ok(step: string, exchange: Exchange, finding: string): void
  deviation(step: string, exchange: Exchange, finding: string, consequence: string): void
  /** a step the editor would take that was not sent; `finding` says why */
  skipped(step: string, finding: string): void
  /** call it as `ctx.log.fatal(...)`: TypeScript only narrows after a `never` call reached through declared types */
  fatal(step: string, exchange: Exchange, finding: string, consequence: string): never
  /** number of deviations recorded since `mark` (a mark is just records.length) */
  deviationsSince(mark: number): number
}

export function createStepLog(redact: (text: string) => string): StepLog {
  const records: StepRecord[] = []
  const add = (step: string, exchange: Exchange, outcome: StepOutcome, finding: string, consequence: string): StepRecord => {
    const record: StepRecord = {
      step,
      request: exchange.request,
      status: exchange.status,
      outcome,
      finding: redact(finding),
      consequence: redact(consequence),
    }
    records.push(record)
    return record
  }
  return {
    records,
    ok: (step, exchange, finding) => void add(step, exchange, 'ok', finding, ''),
    deviation: (step, exchange, finding, consequence) => void add(step, exchange, 'deviation', finding, consequence),
    skipped: (step, finding) => void add(step, NO_EXCHANGE, 'skipped', finding, ''),
    fatal(step, exchange, finding, consequence): never {
      throw new FatalStop(add(step, exchange, 'fatal', finding, consequence))
    },
    deviationsSince: (mark) => records.slice(mark).filter((record) => record.outcome === 'deviation').length,
  }
}
