import type { Db } from './open-db'

/**
 * Runs `work` in one IMMEDIATE transaction whose commit is fsynced, whatever the connection's default (the desk
 * runs WAL with synchronous=NORMAL). For the few writes whose loss at a power cut would hide bytes from the user:
 * moving a file to the trash and back.
 */
export function durably<T>(db: Db, work: () => T): T {
  const previous = db.pragma('synchronous', { simple: true }) as number
  db.pragma('synchronous = FULL')
  try {
    return db.transaction(work).immediate()
  } finally {
    db.pragma(`synchronous = ${Number(previous)}`)
  }
}
