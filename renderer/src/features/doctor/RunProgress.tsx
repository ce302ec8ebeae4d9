import Alert from '@mui/material/Alert'
import LinearProgress from '@mui/material/LinearProgress'

/** Under a run button: a progress bar while the run lasts, then why it failed, if it did. */
export function RunProgress({ running, runningLabel, error }: { running: boolean; runningLabel: string; error: string | null }) {
  return (
    <>
      {running && <LinearProgress sx={{ mt: 2.5 }} aria-label={runningLabel} />}
      {error && (
        <Alert severity="error" sx={{ mt: 2.5 }}>
          {error}
        </Alert>
      )}
    </>
  )
}
