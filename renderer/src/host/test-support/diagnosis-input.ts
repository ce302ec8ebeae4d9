import type { DiagnosisInput } from '../likely-causes'

// Test-only: the diagnosis tests' starting point, which each case varies. Writer was opening report.docx for
// editing in Collabora on this machine, and the page timed out without hearing from the editor or the host.

export const timedOutCollaboraOpen: DiagnosisInput = {
  kind: 'collabora',
  appName: 'Writer',
  endpointName: 'Collabora Online (127.0.0.1:9980)',
  fileName: 'report.docx',
  action: 'edit',
  editorOrigin: 'http://127.0.0.1:9980',
  hostOrigin: 'http://127.0.0.1:17890',
  pageOrigin: 'http://127.0.0.1:17890',
  wopiBase: 'http://127.0.0.1:17890',
  trigger: { type: 'timeout' },
  requests: [],
  editorSpoke: false,
}
