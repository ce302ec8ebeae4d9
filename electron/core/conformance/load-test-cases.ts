import { BUILT_IN_SCHEMAS } from './json-schema'
import { parsePath } from './json-path'
import { parseRelaxedJson } from './relaxed-json'
import {
  PROPERTY_KINDS,
  REQUEST_KINDS,
  TEST_CATEGORIES,
  type KeyRelation,
  type MutatorDef,
  type PropertyCheckDef,
  type PropertyKind,
  type PutRelativeFileMode,
  type RequestDef,
  type RequestKind,
  type ResourceFile,
  type StateDef,
  type TestCaseDef,
  type TestCategory,
  type TestGroupDef,
  type TestSuite,
  type ValidatorDef,
} from './model'
import { child, children, parseXmlTree, type XElement } from './xml-tree'

// Reads TestCases.xml into the typed model, applying the defaults of the reference implementation's factories
// (e.g. ResponseHeaderValidator.IsRequired defaults to false there, although the XSD says true). Anything the
// reference would reject at load time is rejected here with the case and element named.

export class TestCasesError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TestCasesError'
  }
}

/** FeatureTestCases.xml spells CheckFileInfo as <CheckFile>. */
const REQUEST_ALIASES: Record<string, RequestKind> = { CheckFile: 'CheckFileInfo' }

export function loadTestCases(xmlText: string): TestSuite {
  let root: XElement
  try {
    root = parseXmlTree(xmlText)
  } catch (error) {
    throw new TestCasesError(`The test-case file is not valid XML (${(error as Error).message}).`)
  }
  if (root.name !== 'WopiValidation') {
    throw new TestCasesError(`The test-case file's root element is <${root.name}>, expected <WopiValidation> (Microsoft's TestCases.xml).`)
  }
  const resourcesElement = child(root, 'Resources')
  if (!resourcesElement) throw new TestCasesError('The test-case file has no <Resources> element.')
  const resources = children(resourcesElement, 'File').map(readResource)

  const prereqElement = child(root, 'PrereqCases')
  const prereqCases = prereqElement
    ? children(prereqElement, 'TestCase').map((element) => readTestCase(element, 'PrereqCases', resources))
    : []
  const prereqNames = new Set(prereqCases.map((testCase) => testCase.name))

  const groups = children(root, 'TestGroup').map((element): TestGroupDef => {
    const name = element.attrs['Name'] ?? ''
    const prereqs = children(child(element, 'PrereqTests') ?? emptyElement, 'PrereqTest').map((prereq) => prereq.value.trim())
    for (const prereq of prereqs) {
      if (!prereqNames.has(prereq))
        throw new TestCasesError(`Test group "${name}" needs prerequisite "${prereq}", which <PrereqCases> does not define.`)
    }
    const hasDelay = element.attrs['HasDelay'] !== undefined ? readBool(element.attrs['HasDelay'], `test group "${name}" HasDelay`) : false
    const cases = children(child(element, 'TestCases') ?? emptyElement, 'TestCase').map((caseElement) =>
      readTestCase(caseElement, name, resources),
    )
    return { name, hasDelay, prereqs, cases }
  })
  return { resources, prereqCases, groups }
}

const emptyElement: XElement = { name: '', attrs: {}, elements: [], value: '' }

function readResource(element: XElement): ResourceFile {
  const id = element.attrs['Id']
  if (!id) throw new TestCasesError('A <Resources><File> element has no Id attribute.')
  return { id, name: element.attrs['Name'] ?? '', filePath: element.attrs['FilePath'] ?? '' }
}

function readTestCase(element: XElement, groupName: string, resources: ResourceFile[]): TestCaseDef {
  const name = element.attrs['Name']
  if (!name) throw new TestCasesError(`A test case in "${groupName}" has no Name attribute.`)
  const where = `test case "${name}"`
  const categoryText = element.attrs['Category']
  if (!categoryText) throw new TestCasesError(`The Category of ${where} is empty.`)
  const category = parseCategory(categoryText)
  if (!category) throw new TestCasesError(`The Category "${categoryText}" of ${where} is not one of ${TEST_CATEGORIES.join(', ')}.`)
  const requestsElement = child(element, 'Requests')
  const requests = requestsElement
    ? requestsElement.elements.map((request, index) => readRequest(request, `${where}, request ${index + 1}`, resources))
    : []
  if (requests.length === 0) throw new TestCasesError(`${capitalize(where)} has no requests.`)
  const cleanupElement = child(element, 'CleanupRequests')
  const cleanupRequests = cleanupElement
    ? cleanupElement.elements.map((request, index) => readRequest(request, `${where}, cleanup request ${index + 1}`, resources))
    : []
  return {
    name,
    category,
    description: condense(child(element, 'Description')?.value ?? ''),
    failMessage: element.attrs['FailMessage']?.trim() ? element.attrs['FailMessage'] : null,
    requests,
    cleanupRequests,
  }
}

export function parseCategory(text: string): TestCategory | null {
  return TEST_CATEGORIES.find((category) => category.toLowerCase() === text.trim().toLowerCase()) ?? null
}

function readRequest(element: XElement, where: string, resources: ResourceFile[]): RequestDef {
  const kind = REQUEST_ALIASES[element.name] ?? REQUEST_KINDS.find((candidate) => candidate === element.name)
  if (!kind) throw new TestCasesError(`${capitalize(where)}: unknown request <${element.name}>.`)
  const at = `${where} <${element.name}>`
  const a = element.attrs
  const optionalBool = (name: string) => (a[name] === undefined ? null : readBool(a[name], `${at} ${name}`))
  const optionalUint = (name: string) => (a[name] ? readInt(a[name], `${at} ${name}`, 0) : null)
  const validatorsElement = child(element, 'Validators')
  const stateElement = child(element, 'SaveState')
  const mutatorsElement = child(element, 'Mutators')
  const bodyElement = child(element, 'RequestBody')

  const request: RequestDef = {
    kind,
    element: element.name,
    overrideUrl: a['OverrideUrl'] ?? null,
    lock: a['Lock'] ?? null,
    newLock: a['NewLock'] ?? null,
    oldLock: a['OldLock'] ?? null,
    lockUserVisible: optionalBool('LockUserVisible'),
    resourceId: a['ResourceId'] ?? null,
    requestedName: a['Name'] ?? null,
    putRelativeFileMode: a['PutRelativeFileMode'] ? readMode(a['PutRelativeFileMode'], at) : legacyMode(a['Type']),
    overwriteRelative: optionalBool('OverwriteRelative'),
    urlType: a['UrlType'] ?? null,
    folderName: a['FolderName'] ?? null,
    fileExtensionFilterList: a['FileExtensionFilterList'] ?? null,
    wopiSrc: a['WopiSrc'] ?? null,
    requestBody: bodyElement && bodyElement.value !== '' ? bodyElement.value : null,
    delaySeconds: optionalUint('DelayTimeInSeconds'),
    coauthLockId: a['CoauthLockId'] ?? null,
    coauthLockType: a['CoauthLockType'] ? readCoauthLockType(a['CoauthLockType'], at) : null,
    coauthLockMetadata: a['CoauthLockMetadata'] ?? null,
    coauthLockMetadataAsBody: a['CoauthLockMetadataAsBody'] ?? null,
    coauthLockExpirationTimeout: optionalUint('CoauthLockExpirationTimeout'),
    coauthTableVersion: a['CoauthTableVersion'] ?? null,
    coauthTableVersionStateKey: a['CoauthTableVersionStateKey'] ?? null,
    validators: validatorsElement ? validatorsElement.elements.map((validator) => readValidator(validator, at, resources)) : null,
    state: stateElement ? stateElement.elements.map((state) => readState(state, at)) : [],
    mutators: mutatorsElement ? mutatorsElement.elements.map((mutator) => readMutator(mutator, at)) : [],
  }

  // the reference implementation refuses these at load time; so do we, with the place named
  if (kind === 'PutRelativeFile' && !request.requestedName) throw new TestCasesError(`${capitalize(at)}: the Name attribute is required.`)
  if ((kind === 'PutRelativeFile' || kind === 'PutFile') && !request.resourceId)
    throw new TestCasesError(`${capitalize(at)}: the ResourceId attribute is required.`)
  if ((kind === 'PutUserInfo' || kind === 'AddActivities') && !request.requestBody?.trim()) {
    throw new TestCasesError(`${capitalize(at)}: a non-empty <RequestBody> is required.`)
  }
  if (request.resourceId && !resources.some((resource) => resource.id === request.resourceId)) {
    throw new TestCasesError(`${capitalize(at)}: ResourceId "${request.resourceId}" is not listed in <Resources>.`)
  }
  if (kind === 'GetCoauthTable' && request.coauthTableVersion?.trim() && request.coauthTableVersionStateKey?.trim()) {
    throw new TestCasesError(`${capitalize(at)}: CoauthTableVersion and CoauthTableVersionStateKey cannot both be set.`)
  }
  return request
}

function readValidator(element: XElement, where: string, resources: ResourceFile[]): ValidatorDef {
  const a = element.attrs
  const at = `${where} <${element.name}>`
  switch (element.name) {
    case 'And':
    case 'Or':
      return { kind: element.name, children: element.elements.map((validator) => readValidator(validator, where, resources)) }
    case 'ResponseCodeValidator':
      return { kind: 'ResponseCode', expectedCode: readInt(a['ExpectedCode'], `${at} ExpectedCode`) }
    case 'LockMismatchValidator':
      return { kind: 'LockMismatch', expectedLock: a['ExpectedLock'] ?? '' }
    case 'ResponseHeaderValidator': {
      if (!a['Header']) throw new TestCasesError(`${capitalize(at)}: the Header attribute is required.`)
      const comparator = a['Comparator']?.trim() ? a['Comparator'] : '='
      if (!['=', '>', '<', '>=', '<='].includes(comparator))
        throw new TestCasesError(`${capitalize(at)}: Comparator "${comparator}" is not valid.`)
      return {
        kind: 'ResponseHeader',
        header: a['Header'],
        expectedValue: a['ExpectedValue'] ?? null,
        expectedStateKey: a['ExpectedStateKey'] ?? null,
        comparator,
        isRequired: a['IsRequired'] !== undefined ? readBool(a['IsRequired'], `${at} IsRequired`) : false,
        shouldMatch: a['ShouldMatch'] !== undefined ? readBool(a['ShouldMatch'], `${at} ShouldMatch`) : true,
      }
    }
    case 'JsonResponseContentValidator':
      return {
        kind: 'JsonResponseContent',
        shouldExist: a['ShouldExist'] !== undefined ? readBool(a['ShouldExist'], `${at} ShouldExist`) : true,
        properties: element.elements.map((property) => readProperty(property, at)),
      }
    case 'JsonSchemaValidator': {
      const schema = a['Schema'] ?? ''
      if (!BUILT_IN_SCHEMAS[schema]) {
        throw new TestCasesError(
          `${capitalize(at)}: schema "${schema}" is unknown; known schemas: ${Object.keys(BUILT_IN_SCHEMAS).join(', ')}.`,
        )
      }
      return { kind: 'JsonSchema', schema }
    }
    case 'ResponseContentValidator': {
      const expectedResourceId = a['ExpectedResourceId'] || null
      const expectedBodyContent = a['ExpectedBodyContent'] || null
      if (Boolean(expectedResourceId) === Boolean(expectedBodyContent)) {
        throw new TestCasesError(`${capitalize(at)}: set exactly one of ExpectedResourceId and ExpectedBodyContent.`)
      }
      if (expectedResourceId && !resources.some((resource) => resource.id === expectedResourceId)) {
        throw new TestCasesError(`${capitalize(at)}: ExpectedResourceId "${expectedResourceId}" is not listed in <Resources>.`)
      }
      return { kind: 'ResponseContent', expectedResourceId, expectedBodyContent }
    }
    case 'FramesValidator':
      return { kind: 'Frames', messageJsonPayloadSchema: a['MessageJsonPayloadSchema'] ?? '' }
    default:
      throw new TestCasesError(`${capitalize(where)}: unknown validator <${element.name}>.`)
  }
}

function readProperty(element: XElement, where: string): PropertyCheckDef {
  const kind = PROPERTY_KINDS.find((candidate) => candidate === element.name) as PropertyKind | undefined
  if (!kind) throw new TestCasesError(`${capitalize(where)}: unknown property check <${element.name}>.`)
  const a = element.attrs
  const at = `${where} <${element.name} Name="${a['Name'] ?? ''}">`
  const name = a['Name']
  if (!name) throw new TestCasesError(`${capitalize(at)}: the Name attribute is required.`)
  try {
    parsePath(name)
  } catch (error) {
    throw new TestCasesError(`${capitalize(at)}: ${(error as Error).message}.`)
  }
  const flag = (attr: string, fallback: boolean) => (a[attr] !== undefined ? readBool(a[attr], `${at} ${attr}`) : fallback)
  const expectedValue = a['ExpectedValue'] ?? null
  // typed ExpectedValue attributes are converted when the file loads in the reference too
  if (expectedValue !== null) {
    if (kind === 'BooleanProperty') readBool(expectedValue, `${at} ExpectedValue`)
    if (kind === 'IntegerProperty' || kind === 'ArrayLengthProperty' || kind === 'LongProperty')
      readInt(expectedValue, `${at} ExpectedValue`)
    if (kind === 'ResponseBodyProperty') {
      try {
        parseRelaxedJson(expectedValue)
      } catch (error) {
        throw new TestCasesError(`${capitalize(at)}: ExpectedValue is not JSON (${(error as Error).message}).`)
      }
    }
  }
  if (kind === 'StringRegexProperty') {
    if (expectedValue === null) throw new TestCasesError(`${capitalize(at)}: ExpectedValue (a regular expression) is required.`)
    try {
      new RegExp(expectedValue)
    } catch (error) {
      throw new TestCasesError(`${capitalize(at)}: ExpectedValue is not a valid regular expression (${(error as Error).message}).`)
    }
  }
  if (kind === 'ResponseBodyProperty' && expectedValue === null) throw new TestCasesError(`${capitalize(at)}: ExpectedValue is required.`)
  return {
    kind,
    name,
    isRequired: flag('IsRequired', false),
    expectedValue,
    expectedStateKey: a['ExpectedStateKey'] ?? null,
    endsWith: a['EndsWith'] ?? null,
    containsValue: a['ContainsValue'] ?? null,
    shouldMatch: flag('ShouldMatch', true),
    mustIncludeAccessToken: flag('MustIncludeAccessToken', false),
    ignoreCase: flag('IgnoreCase', false),
  }
}

function readState(element: XElement, where: string): StateDef {
  const name = element.attrs['Name']
  const source = element.attrs['Source']
  if (!name || !source) throw new TestCasesError(`${capitalize(where)}: <SaveState><${element.name}> needs Name and Source attributes.`)
  // an unrecognised SourceType falls back to the JSON body, as in the reference
  const sourceType = element.attrs['SourceType']?.toLowerCase() === 'header' ? 'Header' : 'JsonBody'
  return { name, source, sourceType }
}

function readMutator(element: XElement, where: string): MutatorDef {
  const a = element.attrs
  const at = `${where} <Mutators><${element.name}>`
  switch (element.name) {
    case 'AccessToken':
      return { kind: 'AccessToken', mutation: a['Mutation'] ?? null }
    case 'ProofKey': {
      const relation = a['KeyRelation'] ?? 'Synced'
      if (!['Synced', 'Ahead', 'Behind'].includes(relation))
        throw new TestCasesError(`${capitalize(at)}: KeyRelation must be Synced, Ahead or Behind.`)
      return {
        kind: 'ProofKey',
        mutateCurrent: a['MutateCurrent'] !== undefined ? readBool(a['MutateCurrent'], `${at} MutateCurrent`) : false,
        mutateOld: a['MutateOld'] !== undefined ? readBool(a['MutateOld'], `${at} MutateOld`) : false,
        timestamp: a['Timestamp'] ?? null,
        keyRelation: relation as KeyRelation,
      }
    }
    default:
      throw new TestCasesError(`${capitalize(where)}: unknown mutator <${element.name}>.`)
  }
}

function readMode(text: string, where: string): PutRelativeFileMode {
  const mode = (['Suggested', 'ExactName', 'Conflicting'] as const).find((candidate) => candidate.toLowerCase() === text.toLowerCase())
  if (!mode) throw new TestCasesError(`${capitalize(where)}: PutRelativeFileMode "${text}" must be Suggested, ExactName or Conflicting.`)
  return mode
}

/** Older test files (FeatureTestCases.xml) write Type="Relative" / Type="Suggested" instead of PutRelativeFileMode. */
function legacyMode(type: string | undefined): PutRelativeFileMode | null {
  if (type?.toLowerCase() === 'relative') return 'ExactName'
  if (type?.toLowerCase() === 'suggested') return 'Suggested'
  return null
}

function readCoauthLockType(text: string, where: string): string {
  const type = ['Coauth', 'CoauthExclusive', 'None'].find((candidate) => candidate.toLowerCase() === text.toLowerCase())
  if (!type) throw new TestCasesError(`${capitalize(where)}: CoauthLockType "${text}" must be Coauth, CoauthExclusive or None.`)
  return type
}

/** XmlConvert.ToBoolean: true/false/1/0, surrounding whitespace allowed. */
function readBool(text: string | undefined, where: string): boolean {
  const value = (text ?? '').trim()
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new TestCasesError(`${capitalize(where)}: "${text ?? ''}" is not a boolean (true or false).`)
}

function readInt(text: string | undefined, where: string, min = -2147483648): number {
  const value = (text ?? '').trim()
  if (!/^[+-]?\d{1,19}$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new TestCasesError(`${capitalize(where)}: "${text ?? ''}" is not a whole number.`)
  }
  return Number(value)
}

/** The reference's CondenseMultiLineString: trims lines, single newlines become spaces, blank lines one newline. */
function condense(text: string): string {
  return text
    .trim()
    .replace(/^[ \t]+|[ \t]+$/gm, '')
    .replace(/(\r\n){2,}|\n{2,}/g, '\u0000')
    .replace(/(\r\n)+|\n+/g, ' ')
    .replace(/\u0000/g, '\n')
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
