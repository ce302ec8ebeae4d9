// Public surface of the conformance runner (Microsoft WOPI validator test cases over HTTP).
export { loadTestCases, TestCasesError } from './load-test-cases'
export { runConformance, ConformanceOptionsError, RUNNER_USER_AGENT, type ConformanceOptions } from './run-conformance'
export {
  conformanceDiscoveryXml,
  encodeCspPublicKeyBlob,
  proofKeyAttributes,
  proofKeyElement,
  type RunnerProofKeys,
} from './proof-key-discovery'
export { encodeUtf7DotNet } from './dotnet-encoding'
export type { CategoryChoice, TestCategory, TestSuite } from './model'
export { createConformanceApi } from './conformance-api'
