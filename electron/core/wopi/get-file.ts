import { closeFd } from '../files/file-store'
import { WopiError } from './wopi-error'
import { itemVersion, type WopiOperation } from './wopi-call'

const DEFAULT_MAX_EXPECTED = 2147483647

/**
 * GetFile — GET /wopi/files/{id}/contents (spec 3.1). Streams from an open handle, so the bytes sent are the
 * bytes whose size and version we report even if a save replaces the file meanwhile. Honours
 * X-WOPI-MaxExpectedSize (412); any X-WOPI-Lock on the request is ignored.
 */
export const getFile: WopiOperation = async (call, services) => {
  const rawMax = call.header('x-wopi-maxexpectedsize')
  let maxExpected = DEFAULT_MAX_EXPECTED
  if (rawMax !== undefined && rawMax !== '') {
    if (!/^\d+$/.test(rawMax.trim())) throw new WopiError(400, 'X-WOPI-MaxExpectedSize is not a whole number')
    maxExpected = Number(rawMax.trim())
  }
  const opened = await services.files.openForRead(call.fileId, call.file)
  if (opened.size > maxExpected) {
    closeFd(opened.fd)
    throw new WopiError(412, `the file is ${opened.size} bytes, more than X-WOPI-MaxExpectedSize (${maxExpected})`)
  }
  const headers = { ...itemVersion(opened.row), 'Content-Type': 'application/octet-stream' }
  if (opened.size === 0) {
    closeFd(opened.fd)
    return { headers, contentLength: 0 }
  }
  // Never more bytes than the Content-Length we announce, even if the file grows meanwhile.
  return { headers, file: { fd: opened.fd }, contentLength: opened.size }
}
