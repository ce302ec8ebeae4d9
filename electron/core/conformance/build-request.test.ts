import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildRequest, RequestBuildError, type BuildContext } from './build-request'
import { loadTestCases } from './load-test-cases'
import type { RequestDef } from './model'
import { loadPrivateProofKeys } from './proof-signing'

// Requests that no fake host in these tests answers (containers, ecosystem, coauth locks, FileUrl) still have to
// leave the runner exactly as the validator sends them.

function requestsOf(xml: string): RequestDef[] {
  const suite =
    loadTestCases(`<WopiValidation><Resources><File Id="R" Name="r.docx" FilePath="x"/></Resources><TestGroup Name="G"><TestCases>
    <TestCase Name="C" Category="WopiCore"><Description/><Requests>${xml}</Requests></TestCase></TestCases></TestGroup></WopiValidation>`)
  return suite.groups[0]!.cases[0]!.requests
}

function context(state: Record<string, string | null> = {}, extra: Partial<BuildContext> = {}): BuildContext {
  return {
    wopiSrc: 'http://host.test/wopi/files/abc',
    accessToken: 'tok_en-1',
    accessTokenTtl: 42,
    state: new Map(Object.entries({ OriginalWopiSrc: 'http://host.test/wopi/files/abc', ...state })),
    resourceContent: () => Buffer.from('RxR.docx'),
    proofKeys: null,
    nowMs: Date.UTC(2026, 0, 1),
    userAgent: 'test-agent',
    newGuid: () => '00000000-0000-4000-8000-000000000000',
    ...extra,
  }
}

const headerMap = (headers: [string, string][]) => Object.fromEntries(headers)
const build = (xml: string, state: Record<string, string | null> = {}, extra: Partial<BuildContext> = {}) =>
  buildRequest(requestsOf(xml)[0]!, context(state, extra))

describe('buildRequest', () => {
  it('adds the path, the UrlKeyValueEncode-d token and the ttl to the WOPISrc', () => {
    const request = build('<GetFile NewLock="L"/>')
    expect([request.method, request.url, request.expectsText, request.body]).toEqual([
      'GET',
      'http://host.test/wopi/files/abc/contents?access_token=tok%5Fen%2D1&access_token_ttl=42',
      false,
      null,
    ])
    expect(headerMap(request.headers)).toMatchObject({ 'X-WOPI-Lock': 'L', Authorization: 'Bearer tok_en-1', 'User-Agent': 'test-agent' })
  })

  it('sends a saved URL as is, with the operation path and its own token, never the ttl', () => {
    const state = { Parent: 'http://host.test/wopi/containers/c1?access_token=other%2Btoken' }
    const children = build('<EnumerateChildren OverrideUrl="$State:Parent" FileExtensionFilterList=".wopitest,.docx"/>', state)
    expect(children.url).toBe('http://host.test/wopi/containers/c1/children?access_token=other%2Btoken')
    expect(headerMap(children.headers)).toMatchObject({
      'X-WOPI-FileExtensionFilterList': '.wopitest,.docx',
      Authorization: 'Bearer other+token',
    })
    expect(children.secrets).toEqual(['other+token'])
    const child = build(
      '<CreateChildContainer OverrideUrl="$State:Parent" FolderName="my folder_1" PutRelativeFileMode="Suggested"/>',
      state,
    )
    expect(headerMap(child.headers)).toMatchObject({
      'X-WOPI-Override': 'CREATE_CHILD_CONTAINER',
      'X-WOPI-SuggestedTarget': 'my+folder+AF8-1',
    })
    const file = build(
      '<CreateChildFile OverrideUrl="$State:Parent" Name="n_.wopitest" PutRelativeFileMode="ExactName" OverwriteRelative="false"/>',
      state,
    )
    expect(headerMap(file.headers)).toMatchObject({ 'X-WOPI-RelativeTarget': 'n+AF8-.wopitest', 'X-WOPI-OverwriteRelativeTarget': 'False' })
    expect(file.body).toHaveLength(0)
  })

  it('an empty saved value falls back to the WOPISrc, except for deletes', () => {
    expect(build('<CheckFileInfo OverrideUrl="$State:NewUrl"/>', { NewUrl: null }).url).toBe(
      'http://host.test/wopi/files/abc?access_token=tok%5Fen%2D1&access_token_ttl=42',
    )
    expect(() => build('<DeleteContainer OverrideUrl="$State:NewUrl"/>', { NewUrl: null })).toThrow(RequestBuildError)
    expect(() => build('<CheckFileInfo OverrideUrl="$State:Unknown"/>')).toThrow(/no earlier request of this case saved "Unknown"/)
    expect(() => build('<CheckFileInfo OverrideUrl="$State:Rel"/>', { Rel: '/relative/path' })).toThrow(/not an absolute URL/)
  })

  it('RenameFile sends UTF-7 and always the lock headers, empty when unset', () => {
    const rename = build('<RenameFile Name="madeup_renamed"/>')
    expect(rename.headers.filter(([name]) => name.startsWith('X-WOPI-') && name !== 'X-WOPI-CorrelationId')).toEqual([
      ['X-WOPI-RequestedName', 'madeup+AF8-renamed'],
      ['X-WOPI-Lock', ''],
      ['X-WOPI-CoauthLockId', ''],
      ['X-WOPI-Override', 'RENAME_FILE'],
    ])
    expect(rename.body).toHaveLength(0)
  })

  it('CheckEcosystem calls the WOPISrc itself and GetRootContainer the saved ecosystem URL', () => {
    expect(build('<CheckEcosystem EcosystemUrl="$State:EcosystemUrl"/>').url).toBe(
      'http://host.test/wopi/files/abc?access_token=tok%5Fen%2D1&access_token_ttl=42',
    )
    const root = build('<GetRootContainer OverrideUrl="$State:Eco" WopiSrc="$State:OriginalWopiEndpoint"/>', {
      Eco: 'http://host.test/wopi/ecosystem?access_token=e',
    })
    expect([root.method, root.url]).toEqual(['GET', 'http://host.test/wopi/ecosystem/root_container_pointer?access_token=e'])
    expect(headerMap(build('<GetNewAccessToken/>').headers)['X-WOPI-WopiSrc']).toBe('http://host.test/wopi/files/abc')
  })

  it('GetFromFileUrl is a bare GET: no token handling, no Authorization', () => {
    const get = build('<GetFromFileUrl OverrideUrl="$State:FileUrl"/>', { FileUrl: 'https://cdn.test/blob/1?sig=x' })
    expect([get.method, get.url]).toEqual(['GET', 'https://cdn.test/blob/1?sig=x'])
    expect(get.headers.map(([name]) => name)).toEqual(['User-Agent', 'Accept-Encoding', 'X-WOPI-CorrelationId'])
  })

  it('coauth lock requests carry their headers, or a JSON body for the metadata', () => {
    const lock = build(
      '<GetCoauthLock CoauthLockType="CoauthExclusive" CoauthLockId="C1" CoauthLockExpirationTimeout="600" CoauthLockMetadata="m"/>',
    )
    expect(headerMap(lock.headers)).toMatchObject({
      'X-WOPI-CoauthLockType': 'CoauthExclusive',
      'X-WOPI-CoauthLockMetadata': 'm',
      'X-WOPI-CoauthLockId': 'C1',
      'X-WOPI-CoauthLockExpirationTimeout': '600',
      'X-WOPI-Override': 'GET_COAUTH_LOCK',
    })
    const asBody = build(
      '<RefreshCoauthLock CoauthLockId="C1" CoauthLockExpirationTimeout="60" CoauthLockMetadata="h" CoauthLockMetadataAsBody="b"/>',
    )
    expect(headerMap(asBody.headers)['X-WOPI-CoauthLockMetadata']).toBeUndefined()
    expect(Buffer.from(asBody.body!).toString('utf8')).toBe('{"CoauthLockMetadata":"b"}')
    expect(headerMap(build('<GetCoauthTable CoauthTableVersionStateKey="V"/>', { V: '7' }).headers)['X-WOPI-CoauthTableVersion']).toBe('7')
    expect(headerMap(build('<GetCoauthTable/>').headers)['X-WOPI-CoauthTableVersion']).toBe('')
  })

  it('the AccessToken mutator swaps the token in the URL and the header', () => {
    const mutated = build('<Lock Lock="L"><Mutators><AccessToken Mutation="INVALID"/></Mutators></Lock>')
    expect(mutated.url).toBe('http://host.test/wopi/files/abc?access_token=INVALID&access_token_ttl=42')
    expect(headerMap(mutated.headers)['Authorization']).toBe('Bearer INVALID')
    const random = build('<Lock Lock="L"><Mutators><AccessToken/></Mutators></Lock>')
    expect(headerMap(random.headers)['Authorization']).toBe('Bearer 00000000-0000-4000-8000-000000000000')
  })

  it('signs with the final URL and token, and refuses to sign a URL without a token', () => {
    const keys = loadPrivateProofKeys({
      current: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      old: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
    })
    const signed = build('<GetLock/>', {}, { proofKeys: keys })
    expect(signed.headers.map(([name]) => name).slice(-5)).toEqual([
      'X-WOPI-Override',
      'X-WOPI-Proof',
      'X-WOPI-ProofOld',
      'X-WOPI-TimeStamp',
      'Authorization',
    ])
    expect(() => build('<CheckFileInfo OverrideUrl="$State:U"/>', { U: 'http://host.test/wopi/files/z' }, { proofKeys: keys })).toThrow(
      /no access_token parameter/,
    )
  })

  it('reports chunked file transfer as not implemented', () => {
    expect(() => build('<GetChunkedFile/>')).toThrow(/GetChunkedFile is not implemented by this runner/)
  })
})
