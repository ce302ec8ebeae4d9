import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkFileInfo, startTestHost, wopi, type TestHost } from './test-kit'

describe('PutUserInfo', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'a.docx': 'a', 'b.xlsx': 'b' } })
  })
  afterEach(async () => {
    await host.close()
  })

  it('stores the value per user and returns it as UserInfo on every file of that user', async () => {
    const a = await host.token('a.docx')
    expect((await wopi(a, { override: 'PUT_USER_INFO', body: 'PutUserInfoTest' })).status).toBe(200)
    expect((await checkFileInfo(a))['UserInfo']).toBe('PutUserInfoTest')
    expect((await checkFileInfo(await host.token('b.xlsx', { write: false })))['UserInfo']).toBe('PutUserInfoTest')
    const other = await host.token('a.docx', { user: 'Someone Else' })
    expect(await checkFileInfo(other)).not.toHaveProperty('UserInfo')
  })

  it('refuses more than 1024 characters', async () => {
    const a = await host.token('a.docx')
    expect((await wopi(a, { override: 'PUT_USER_INFO', body: 'x'.repeat(1025) })).status).toBe(400)
    expect((await wopi(a, { override: 'PUT_USER_INFO', body: 'é'.repeat(1024) })).status).toBe(200)
    expect((await checkFileInfo(a))['UserInfo']).toBe('é'.repeat(1024))
  })
})
