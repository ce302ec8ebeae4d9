import type { UserInfoRepo } from '../db/user-info-repo'

/** PutUserInfo values (spec 6.3) with a read cache: CheckFileInfo asks on every call, PutUserInfo is rare. */
export interface UserInfoStore {
  get(userId: string): string | undefined
  set(userId: string, info: string): void
}

export function createUserInfoStore(repo: UserInfoRepo): UserInfoStore {
  const cache = new Map<string, string | null>()
  return {
    get(userId) {
      let value = cache.get(userId)
      if (value === undefined) {
        value = repo.get(userId) ?? null
        if (cache.size > 1024) cache.clear()
        cache.set(userId, value)
      }
      return value ?? undefined
    },
    set(userId, info) {
      repo.set(userId, info)
      cache.set(userId, info)
    },
  }
}
