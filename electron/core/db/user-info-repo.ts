import type { Db } from './open-db'

/** PutUserInfo values, stored per user (not per file), spec 6.3. */
export interface UserInfoRepo {
  get(userId: string): string | undefined
  set(userId: string, info: string): void
}

export function createUserInfoRepo(db: Db): UserInfoRepo {
  const get = db.prepare<[string], { info: string }>('SELECT info FROM user_info WHERE user_id = ?')
  const set = db.prepare('INSERT INTO user_info (user_id, info) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET info = excluded.info')
  return {
    get: (userId) => get.get(userId)?.info,
    set: (userId, info) => void set.run(userId, info),
  }
}
