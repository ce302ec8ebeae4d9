// Typed model of Microsoft's WOPI validator test-case XML (TestCases.xml, MIT, microsoft/wopi-validator-core).
// Field names follow the XML attributes; the loader fills them with the defaults the reference implementation uses.

export const TEST_CATEGORIES = ['WopiCore', 'OfficeOnline', 'OfficeNativeClient', 'WopiCoauth'] as const
export type TestCategory = (typeof TEST_CATEGORIES)[number]
/** 'All' runs every case; any other choice runs WopiCore plus that category. */
export type CategoryChoice = TestCategory | 'All'

export interface ResourceFile {
  id: string
  name: string
  filePath: string
}

export interface StateDef {
  name: string
  /** JSON path into the response body, or a header name when sourceType is 'Header' */
  source: string
  sourceType: 'JsonBody' | 'Header'
}

export type KeyRelation = 'Synced' | 'Ahead' | 'Behind'

export type MutatorDef =
  | { kind: 'AccessToken'; mutation: string | null }
  | { kind: 'ProofKey'; mutateCurrent: boolean; mutateOld: boolean; timestamp: string | null; keyRelation: KeyRelation }

export const PROPERTY_KINDS = [
  'BooleanProperty',
  'IntegerProperty',
  'LongProperty',
  'StringProperty',
  'StringRegexProperty',
  'AbsoluteUrlProperty',
  'ArrayProperty',
  'ArrayLengthProperty',
  'ResponseBodyProperty',
] as const
export type PropertyKind = (typeof PROPERTY_KINDS)[number]

export interface PropertyCheckDef {
  kind: PropertyKind
  /** a JSON path as Json.NET's SelectToken reads it, e.g. `AncestorsWithRootFirst[-1:].Url` */
  name: string
  isRequired: boolean
  expectedValue: string | null
  expectedStateKey: string | null
  endsWith: string | null
  containsValue: string | null
  shouldMatch: boolean
  mustIncludeAccessToken: boolean
  ignoreCase: boolean
}

export type ValidatorDef =
  | { kind: 'And'; children: ValidatorDef[] }
  | { kind: 'Or'; children: ValidatorDef[] }
  | { kind: 'ResponseCode'; expectedCode: number }
  | {
      kind: 'ResponseHeader'
      header: string
      expectedValue: string | null
      expectedStateKey: string | null
      comparator: string
      isRequired: boolean
      shouldMatch: boolean
    }
  | { kind: 'LockMismatch'; expectedLock: string }
  | { kind: 'JsonResponseContent'; shouldExist: boolean; properties: PropertyCheckDef[] }
  | { kind: 'JsonSchema'; schema: string }
  | { kind: 'ResponseContent'; expectedResourceId: string | null; expectedBodyContent: string | null }
  /** incremental-file-transfer frames: parsed so the file loads, reported as not implemented when evaluated */
  | { kind: 'Frames'; messageJsonPayloadSchema: string }

export const REQUEST_KINDS = [
  'CheckFileInfo',
  'GetFile',
  'PutFile',
  'PutRelativeFile',
  'Lock',
  'Unlock',
  'RefreshLock',
  'UnlockAndRelock',
  'GetLock',
  'CheckEcosystem',
  'GetNewAccessToken',
  'GetRootContainer',
  'CheckContainerInfo',
  'EnumerateChildren',
  'EnumerateAncestors',
  'GetEcosystem',
  'CreateChildContainer',
  'CreateChildFile',
  'DeleteFile',
  'DeleteContainer',
  'RenameContainer',
  'RenameFile',
  'GetFromFileUrl',
  'GetShareUrl',
  'AddActivities',
  'PutUserInfo',
  'GetCoauthLock',
  'GetCoauthTable',
  'RefreshCoauthLock',
  'UnlockCoauthLock',
  'GetChunkedFile',
  'PutChunkedFile',
  'GetSequenceNumber',
  'Delay',
] as const
export type RequestKind = (typeof REQUEST_KINDS)[number]

export type PutRelativeFileMode = 'Suggested' | 'ExactName' | 'Conflicting'

export interface RequestDef {
  kind: RequestKind
  /** the element name as written in the XML (`CheckFile` in FeatureTestCases.xml) */
  element: string
  overrideUrl: string | null
  lock: string | null
  newLock: string | null
  oldLock: string | null
  lockUserVisible: boolean | null
  resourceId: string | null
  /** the `Name` attribute: requested file/container name */
  requestedName: string | null
  putRelativeFileMode: PutRelativeFileMode | null
  overwriteRelative: boolean | null
  urlType: string | null
  folderName: string | null
  fileExtensionFilterList: string | null
  wopiSrc: string | null
  requestBody: string | null
  delaySeconds: number | null
  coauthLockId: string | null
  coauthLockType: string | null
  coauthLockMetadata: string | null
  coauthLockMetadataAsBody: string | null
  coauthLockExpirationTimeout: number | null
  coauthTableVersion: string | null
  coauthTableVersionStateKey: string | null
  /** null when the request has no <Validators> element: it must then answer 200 */
  validators: ValidatorDef[] | null
  state: StateDef[]
  mutators: MutatorDef[]
}

export interface TestCaseDef {
  name: string
  category: TestCategory
  description: string
  failMessage: string | null
  requests: RequestDef[]
  cleanupRequests: RequestDef[]
}

export interface TestGroupDef {
  name: string
  /** 'wopi-desk' for WOPI Desk's supplementary cases (WopiDeskCases.xml); absent for Microsoft's */
  suite?: 'wopi-desk'
  hasDelay: boolean
  prereqs: string[]
  cases: TestCaseDef[]
}

export interface TestSuite {
  resources: ResourceFile[]
  prereqCases: TestCaseDef[]
  groups: TestGroupDef[]
}
