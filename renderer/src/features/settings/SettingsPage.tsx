import Alert from '@mui/material/Alert'
import AlertTitle from '@mui/material/AlertTitle'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import InputAdornment from '@mui/material/InputAdornment'
import Link from '@mui/material/Link'
import Paper from '@mui/material/Paper'
import Skeleton from '@mui/material/Skeleton'
import Stack from '@mui/material/Stack'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react'
import type { SettingsDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { monoFontFamily } from '../../components/brand'
import { useSettings } from '../../app/SettingsContext'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useNotify } from '../../components/NotifyProvider'
import { PageContainer } from '../../components/PageContainer'
import { PageHeader } from '../../components/PageHeader'
import { PlacesCard } from './PlacesCard'
import { BrowseFolderButton } from './BrowseFolderButton'
import { UpdatesCard } from './UpdatesCard'
import { checkSettingsForm, fieldOfSaveError, reachabilityWarning, settingLabels, toForm, type SettingsField, type SettingsForm } from './settings-form'

export function SettingsPage() {
  const settings = useSettings()
  return (
    <PageContainer maxWidth={960}>
      <PageHeader title="Settings" description="Where the WOPI host listens, what it serves, and how it treats documents. Saved settings apply to every editor." />
      {settings.error && !settings.data && (
        <ErrorAlert error={settings.error} title="Settings could not be loaded" onRetry={() => void settings.reload()} />
      )}
      {!settings.data && !settings.error && <SettingsSkeleton />}
      {settings.data && <SettingsEditor current={settings.data} onSaved={(next) => settings.setData(next)} />}
      <Box sx={{ mt: 3 }}>
        <PlacesCard />
      </Box>
      <Box sx={{ mt: 3 }}>
        <UpdatesCard />
      </Box>
    </PageContainer>
  )
}

function SettingsEditor({ current, onSaved }: { current: SettingsDto; onSaved: (settings: SettingsDto) => void }) {
  const api = useApi()
  const notify = useNotify()
  const [form, setForm] = useState<SettingsForm>(() => toForm(current))
  const [touched, setTouched] = useState<Partial<Record<SettingsField, boolean>>>({})
  const [submitted, setSubmitted] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<{ message: string; field: SettingsField | null; value: string } | null>(null)
  const [restartRequired, setRestartRequired] = useState<string[]>([])

  useEffect(() => setForm(toForm(current)), [current])

  const { patch, errors } = useMemo(() => checkSettingsForm(form, current), [form, current])
  const pristine = useMemo(() => toForm(current), [current])
  const dirty = (Object.keys(form) as SettingsField[]).some((name) => form[name].trim() !== pristine[name].trim())
  const warning = reachabilityWarning(form)
  // A refused save stays at its field until that field changes.
  const serverErrorOf = (field: SettingsField) => (saveError?.field === field && form[field] === saveError.value ? saveError.message : null)
  const errorOf = (field: SettingsField) => ((touched[field] || submitted) && errors[field]) || serverErrorOf(field) || null
  const fieldErrors = (Object.keys(form) as SettingsField[]).filter((name) => errorOf(name) !== null)

  const field = (name: SettingsField) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm((previous) => ({ ...previous, [name]: event.target.value })),
    onBlur: () => setTouched((previous) => ({ ...previous, [name]: true })),
    error: errorOf(name) !== null,
    id: `setting-${name}`,
    disabled: saving,
    fullWidth: true,
  })

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    const invalid = (Object.keys(errors) as SettingsField[])[0]
    if (invalid) {
      focusField(invalid)
      return
    }
    setSaving(true)
    setSaveError(null)
    try {
      const result = await api.call('settings:update', patch)
      onSaved(result.settings)
      setForm(toForm(result.settings))
      setTouched({})
      setSubmitted(false)
      setRestartRequired(result.restartRequired)
      notify(result.restartRequired.length > 0 ? 'Settings saved. Some take effect after a restart.' : 'Settings saved.')
    } catch (error) {
      const message = errorMessage(error)
      const field = fieldOfSaveError(message, patch)
      setSaveError({ message, field, value: field ? form[field] : '' })
      if (field) focusField(field)
    } finally {
      setSaving(false)
    }
  }
  // The bar under the pointer says why Save did nothing; the fields themselves may be far above.
  const barError: { text: string; field: SettingsField | null } | null =
    saveError && !fieldErrors.length
      ? { text: saveError.message, field: null }
      : fieldErrors.length > 0 && (submitted || saveError)
        ? {
            text:
              fieldErrors.length === 1
                ? `${fieldLabel(fieldErrors[0]!)} needs fixing (see the message under it).`
                : `${fieldErrors.length} settings need fixing: ${fieldErrors.map(fieldLabel).join(', ')}.`,
            field: fieldErrors[0]!,
          }
        : null

  const discard = () => {
    setForm(toForm(current))
    setTouched({})
    setSubmitted(false)
    setSaveError(null)
  }

  // The fields are disabled while saving and cannot take focus then: focus once the form is enabled again.
  const [focusWanted, setFocusWanted] = useState<SettingsField | null>(null)
  useEffect(() => {
    if (!focusWanted || saving) return
    const input = document.getElementById(`setting-${focusWanted}`)
    input?.scrollIntoView({ block: 'center', behavior: 'smooth' })
    input?.focus({ preventScroll: true })
    setFocusWanted(null)
  }, [focusWanted, saving])
  function focusField(name: SettingsField) {
    setFocusWanted(name)
  }

  return (
    <Box component="form" onSubmit={(event) => void save(event)} noValidate aria-label="Settings">
      {restartRequired.length > 0 && (
        <Alert severity="warning" sx={{ mb: 3 }} onClose={() => setRestartRequired([])}>
          <AlertTitle>Restart needed</AlertTitle>
          Saved. These settings take effect after WOPI Desk restarts: {restartRequired.map((name) => settingLabels[name] ?? name).join(', ')}.
        </Alert>
      )}
      <Stack sx={{ gap: 3 }}>
        <Section title="Served folder" description="The folder whose documents editors can open and save. Nothing outside it is reachable.">
          <TextField
            label="Served folder"
            {...field('root')}
            helperText={errorOf('root') ?? 'An absolute path on this computer.'}
            slotProps={{ htmlInput: { spellCheck: false }, input: { endAdornment: <BrowseFolderButton disabled={saving} onPicked={(root) => setForm((previous) => ({ ...previous, root }))} /> } }}
          />
        </Section>

        <Section title="Network" description="Where the WOPI host listens, and the address editors use to call it.">
          <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)', gap: 2 }}>
            <TextField
              label="Listen address"
              {...field('bind')}
              helperText={errorOf('bind') ?? '127.0.0.1: this computer only. 0.0.0.0: every network.'}
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
            <TextField label="Port" {...field('port')} helperText={errorOf('port') ?? '0 lets the system choose.'} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
          </Box>
          <TextField
            label="Public base URL"
            {...field('publicUrl')}
            placeholder="http://host.docker.internal:17890"
            helperText={errorOf('publicUrl') ?? 'Leave empty when the editor runs on this computer outside Docker.'}
            slotProps={{ htmlInput: { spellCheck: false, inputMode: 'url' } }}
          />
          <Alert severity="info" variant="outlined" sx={{ '& .MuiAlert-message': { width: '100%' } }}>
            An editor running in Docker or on another machine cannot call 127.0.0.1 on this workstation: for the editor, 127.0.0.1 is
            itself. Give an address the editor can reach, e.g. http://host.docker.internal:17890 for Docker Desktop, or this machine's LAN
            address, and bind the host to it.
          </Alert>
          {warning && <Alert severity="warning">{warning}</Alert>}
          <Box>
            <Typography variant="overline" color="text.secondary" component="div" id="effective-wopi-base-label">
              Editors call
            </Typography>
            <Paper
              variant="outlined"
              aria-labelledby="effective-wopi-base-label"
              sx={{ px: 1.5, py: 1, fontFamily: monoFontFamily, fontSize: '0.875rem', bgcolor: 'action.hover', overflowWrap: 'anywhere' }}
            >
              {current.effectiveWopiBase}
            </Paper>
            <Typography variant="caption" color="text.secondary">
              The WOPI base in every WOPISrc, derived from the public base URL or the listener.{' '}
              {patch.publicUrl !== undefined || patch.bind !== undefined || patch.port !== undefined ? 'It updates when you save.' : ''}
            </Typography>
          </Box>
        </Section>

        <Section title="Documents" description="How long editors may work with a file, and what is kept when they save.">
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 2 }}>
            <TextField
              label="Token lifetime"
              {...field('tokenTtlMinutes')}
              helperText={errorOf('tokenTtlMinutes') ?? 'How long an opened document stays editable without reopening.'}
              slotProps={{ input: { endAdornment: <InputAdornment position="end">minutes</InputAdornment> }, htmlInput: { inputMode: 'numeric' } }}
            />
            <TextField
              label="Versions kept per file"
              {...field('versionRetention')}
              helperText={errorOf('versionRetention') ?? 'Older versions are deleted first. 0 keeps none.'}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
            <TextField
              label="Days in the trash"
              {...field('trashRetentionDays')}
              helperText={errorOf('trashRetentionDays') ?? 'Deleted files older than this are deleted for good. 0 keeps them until you empty the trash.'}
              slotProps={{ input: { endAdornment: <InputAdornment position="end">days</InputAdornment> }, htmlInput: { inputMode: 'numeric' } }}
            />
            <TextField
              label="Maximum file size"
              {...field('maxFileSizeMb')}
              helperText={errorOf('maxFileSizeMb') ?? 'Larger saves are refused with a clear error.'}
              slotProps={{ input: { endAdornment: <InputAdornment position="end">MB</InputAdornment> }, htmlInput: { inputMode: 'decimal' } }}
            />
          </Box>
        </Section>

        <Section title="You" description="How editors present you and their interface.">
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 2 }}>
            <TextField
              label="Your display name"
              {...field('userName')}
              helperText={errorOf('userName') ?? 'Shown in editors as the author of your changes.'}
              slotProps={{ htmlInput: { maxLength: 100 } }}
            />
            <TextField
              label="Language"
              {...field('locale')}
              helperText={errorOf('locale') ?? 'A language tag such as en-US; editors use it for their menus.'}
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
          </Box>
        </Section>

        <Section title="Data" description="Where WOPI Desk keeps its database, versions and logs.">
          <TextField
            label="Data directory"
            value={current.dataDir}
            fullWidth
            helperText="Read only. Change it with --data when starting WOPI Desk."
            slotProps={{ htmlInput: { readOnly: true }, input: { sx: { fontFamily: monoFontFamily, fontSize: '0.875rem' } } }}
          />
        </Section>
      </Stack>

      {saveError && !saveError.field && (
        <Alert severity="error" sx={{ mt: 3 }}>
          {saveError.message}
        </Alert>
      )}

      <Paper
        variant="outlined"
        sx={{
          position: dirty ? 'sticky' : 'static',
          bottom: 16,
          mt: 3,
          px: 2.5,
          py: 1.5,
          display: 'flex',
          alignItems: 'center',
          gap: 2,
          zIndex: 2,
          boxShadow: dirty ? '0 8px 24px rgba(15, 23, 42, 0.12)' : 'none',
        }}
      >
        <Typography variant="body2" color={barError ? 'error' : 'text.secondary'} sx={{ flex: 1 }} aria-live="polite" role={barError ? 'alert' : undefined}>
          {barError ? (
            <>
              Not saved. {barError.text}{' '}
              {barError.field && (
                <Link component="button" type="button" onClick={() => focusField(barError.field!)} sx={{ verticalAlign: 'baseline' }}>
                  Go to {fieldLabel(barError.field)}
                </Link>
              )}
            </>
          ) : dirty ? (
            'You have unsaved changes.'
          ) : (
            'All changes saved.'
          )}
        </Typography>
        <Button onClick={discard} disabled={!dirty || saving}>
          Discard changes
        </Button>
        <Button type="submit" variant="contained" loading={saving} disabled={!dirty}>
          Save changes
        </Button>
      </Paper>
    </Box>
  )
}

const formLabels: Record<SettingsField, string> = {
  root: 'Served folder',
  bind: 'Listen address',
  port: 'Port',
  publicUrl: 'Public base URL',
  tokenTtlMinutes: 'Token lifetime',
  versionRetention: 'Versions kept per file',
  trashRetentionDays: 'Days in the trash',
  maxFileSizeMb: 'Maximum file size',
  locale: 'Language',
  userName: 'Your display name',
}
function fieldLabel(name: SettingsField): string {
  return formLabels[name]
}

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const headingId = useId()
  return (
    <Card component="section" aria-labelledby={headingId} sx={{ p: 3 }}>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '220px minmax(0, 1fr)' }, gap: { xs: 2, md: 4 } }}>
        <Box>
          <Typography variant="h2" component="h2" id={headingId}>
            {title}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {description}
          </Typography>
        </Box>
        <Stack sx={{ gap: 2, minWidth: 0 }}>{children}</Stack>
      </Box>
    </Card>
  )
}

function SettingsSkeleton() {
  return (
    <Stack sx={{ gap: 3 }} aria-busy="true" aria-label="Loading settings">
      {[0, 1, 2].map((index) => (
        <Card key={index} sx={{ p: 3, display: 'grid', gridTemplateColumns: '220px 1fr', gap: 4 }}>
          <Box>
            <Skeleton width={120} height={28} />
            <Skeleton width={180} />
          </Box>
          <Stack sx={{ gap: 2 }}>
            <Skeleton variant="rounded" height={40} />
            <Skeleton variant="rounded" height={40} />
          </Stack>
        </Card>
      ))}
    </Stack>
  )
}
