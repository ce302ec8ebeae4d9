import { WopiError } from './wopi-error'
import { readSmallBody, type WopiOperation } from './wopi-call'

const MAX_USER_INFO = 1024

/**
 * PutUserInfo — POST /wopi/files/{id}, X-WOPI-Override: PUT_USER_INFO (spec 6.3): stores the body (at most
 * 1024 characters) per user, not per file; CheckFileInfo returns it as UserInfo from then on.
 */
export const putUserInfo: WopiOperation = async (call, services) => {
  const info = await readSmallBody(call.req, 16 * 1024)
  if ([...info].length > MAX_USER_INFO) throw new WopiError(400, `UserInfo is longer than ${MAX_USER_INFO} characters`)
  services.userInfo.set(call.token.userId, info)
  return {}
}
