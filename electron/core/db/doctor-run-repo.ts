import type { DoctorReport } from '../../contract/dto'
import type { Db } from './open-db'

// The doctor's runs in SQLite (table doctor_runs), so 'doctor:last' and the diagnostics report survive a restart
// and are shared between the desktop app and the CLI on the same data folder. Reports are stored already
// redacted; only the newest few are kept.

export const KEPT_RUNS = 20

export interface DoctorRunRepo {
  save(report: DoctorReport, endpointId: string | null): void
  /** the newest run, or null */
  last(): DoctorReport | null
}

export function createDoctorRunRepo(db: Db): DoctorRunRepo {
  const insert = db.prepare(
    `INSERT INTO doctor_runs (run_id, started_at, finished_at, endpoint_id, report) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(run_id) DO UPDATE SET started_at = excluded.started_at, finished_at = excluded.finished_at,
       endpoint_id = excluded.endpoint_id, report = excluded.report`,
  )
  const trim = db.prepare(
    `DELETE FROM doctor_runs WHERE run_id NOT IN (SELECT run_id FROM doctor_runs ORDER BY finished_at DESC, rowid DESC LIMIT ?)`,
  )
  const newest = db.prepare<[], { report: string }>('SELECT report FROM doctor_runs ORDER BY finished_at DESC, rowid DESC LIMIT 1')
  const save = db.transaction((report: DoctorReport, endpointId: string | null) => {
    insert.run(report.runId, report.startedAt, report.finishedAt, endpointId, JSON.stringify(report))
    trim.run(KEPT_RUNS)
  })
  return {
    save: (report, endpointId) => save.immediate(report, endpointId),
    last() {
      const row = newest.get()
      if (!row) return null
      try {
        return JSON.parse(row.report) as DoctorReport
      } catch {
        // A row we cannot read is as good as no run: the next run replaces it.
        return null
      }
    },
  }
}
