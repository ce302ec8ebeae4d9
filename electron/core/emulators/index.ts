export { runEmulation, EmulationInputError, validateWopiSrc } from './run-emulation'
export { formatReport, summaryLine } from './format-report'
export { onlyofficeDocumentKey } from './onlyoffice-scenario'
export type {
  EditorKind,
  EmulationHooks,
  EmulationOptions,
  EmulationReport,
  ProofSigningKeys,
  RequestSummary,
  RunEmulationInput,
  StepOutcome,
  StepRecord,
} from './types'
